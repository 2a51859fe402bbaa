// What the monitor has recorded: a monitor's results and rollups, and the incidents.
import type { RequestContext } from '../context.js';
import { param } from '../context.js';
import { booleanParam, choiceParam, cursorParam, idParam, instantParam, limitParam } from '../params.js';
import type { Reply } from '../respond.js';
import { incidentDetailView, incidentView, resultView, rollupView } from '../views.js';
import { notFound } from '../errors.js';
import { noMonitor } from './monitors.js';

/** Newest first; `next` is the `before` of the following page: the time of this page's oldest result. */
export async function listResults(ctx: RequestContext): Promise<Reply> {
  const name = param(ctx, 'name');
  const limit = limitParam(ctx.query, 100, 1000);
  const since = instantParam(ctx.query, 'since');
  const before = instantParam(ctx.query, 'before');
  // One more than asked tells whether there is a next page without an empty last one.
  const rows = await ctx.service.store.listResults(name, { since, before, limit: limit + 1 });
  if (rows.length === 0) await requireMonitor(ctx, name);
  const results = rows.slice(0, limit);
  const next = rows.length > limit ? results.at(-1)!.at : null;
  return { status: 200, json: { results: results.map(resultView), next } };
}

export async function listRollups(ctx: RequestContext): Promise<Reply> {
  const name = param(ctx, 'name');
  const period = choiceParam(ctx.query, 'period', ['hour', 'day'] as const, 'hour');
  const since = instantParam(ctx.query, 'since');
  const limit = limitParam(ctx.query, 100, 1000);
  const buckets = await ctx.service.store.listRollups(name, period, { since, limit });
  if (buckets.length === 0) await requireMonitor(ctx, name);
  return { status: 200, json: { rollups: buckets.map(rollupView) } };
}

export async function listIncidents(ctx: RequestContext): Promise<Reply> {
  const monitor = ctx.query.get('monitor') || undefined;
  const open = booleanParam(ctx.query, 'open');
  const limit = limitParam(ctx.query, 50, 100); // the store reads timelines for at most 100 at once
  const cursor = cursorParam(ctx.query, 'id');
  const page = await ctx.service.store.listIncidents({ monitor, open, limit, cursor });
  return { status: 200, json: { incidents: page.incidents.map(incidentView), next: page.next } };
}

/** One incident with its whole diagnosis and each re-diagnosis (the list shows only verdicts). */
export async function getIncident(ctx: RequestContext): Promise<Reply> {
  const id = idParam(param(ctx, 'id'));
  const incident = await ctx.service.store.getIncident(id);
  if (incident === null) throw notFound(`no incident ${id}`);
  return { status: 200, json: incidentDetailView(incident) };
}

/** An empty answer for a monitor that does not exist is a 404, not an empty list. */
async function requireMonitor(ctx: RequestContext, name: string): Promise<void> {
  if (ctx.service.sourceOf(name) !== undefined) return;
  if ((await ctx.service.store.getMonitor(name)) === null) throw noMonitor(name);
}
