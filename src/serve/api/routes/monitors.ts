// /api/v1/monitors and /api/v1/monitors/{name}: the list, one monitor, and the API's own changes
// (which go through the running monitor, so a change is checked and scheduled as it is stored).
import { ApiError, notFound } from '../errors.js';
import { param, type RequestContext } from '../context.js';
import { cursorParam, limitParam } from '../params.js';
import type { Reply } from '../respond.js';
import { monitorView, withoutViewFields } from '../views.js';

export const MONITOR_PAGE = { fallback: 100, max: 1000 } as const;

export async function listMonitors(ctx: RequestContext): Promise<Reply> {
  const limit = limitParam(ctx.query, MONITOR_PAGE.fallback, MONITOR_PAGE.max);
  const cursor = cursorParam(ctx.query, 'name');
  const page = await ctx.service.store.listMonitors({ limit, cursor });
  return { status: 200, json: { monitors: page.monitors.map((m) => monitorView(m, ctx.service.pausedAt?.(m.name))), next: page.next } };
}

export async function getMonitor(ctx: RequestContext): Promise<Reply> {
  const name = param(ctx, 'name');
  const record = await ctx.service.store.getMonitor(name);
  if (record === null) throw noMonitor(name);
  return { status: 200, json: monitorView(record, ctx.service.pausedAt?.(name)) };
}

export async function createMonitor(ctx: RequestContext): Promise<Reply> {
  const body = withoutViewFields(await ctx.body());
  const { monitor, created } = await ctx.service.putApiMonitor(body, { replace: false });
  return { status: created ? 201 : 200, json: monitorView(monitor), headers: { Location: monitorPath(monitor.name) } };
}

export async function putMonitor(ctx: RequestContext): Promise<Reply> {
  const name = param(ctx, 'name');
  const body = withoutViewFields(await ctx.body());
  const given = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>).name : undefined;
  if (given !== undefined && given !== name) {
    const message = `${JSON.stringify(given)} differs from the name in the path (${JSON.stringify(name)}); leave it out or make them equal`;
    throw new ApiError(400, 'invalid_monitor', `name: ${message}`, [{ path: 'name', message }]);
  }
  const { monitor, created } = await ctx.service.putApiMonitor(body, { replace: true, name });
  return {
    status: created ? 201 : 200,
    json: monitorView(monitor),
    ...(created ? { headers: { Location: monitorPath(monitor.name) } } : {}),
  };
}

export async function deleteMonitor(ctx: RequestContext): Promise<Reply> {
  const name = param(ctx, 'name');
  if (!(await ctx.service.removeApiMonitor(name))) throw noMonitor(name);
  return { status: 204 };
}

/** The name is cut short: a path can be long, and an error need not echo all of it. */
export const noMonitor = (name: string): ApiError => notFound(`no monitor named ${JSON.stringify(name.slice(0, 100))}`);

const monitorPath = (name: string): string => `/api/v1/monitors/${encodeURIComponent(name)}`;
