// POST /api/v1/monitors/{name}/pause and /resume: stop and start a monitor's checks, kept over
// restarts (src/serve/engine/pause.ts). Both answer the monitor as GET does; doing either twice
// changes nothing (a pause keeps its first time).
import { ApiError } from '../errors.js';
import { param, type RequestContext } from '../context.js';
import type { Reply } from '../respond.js';
import { monitorView } from '../views.js';
import { noMonitor } from './monitors.js';

export function pauseMonitor(ctx: RequestContext): Promise<Reply> {
  return change(ctx, 'pause');
}

export function resumeMonitor(ctx: RequestContext): Promise<Reply> {
  return change(ctx, 'resume');
}

async function change(ctx: RequestContext, what: 'pause' | 'resume'): Promise<Reply> {
  const name = param(ctx, 'name');
  const act = ctx.service[what]?.bind(ctx.service);
  if (!act) throw new ApiError(503, 'unavailable', 'this server cannot pause monitors');
  if (!(await act(name))) throw noMonitor(name);
  const record = await ctx.service.store.getMonitor(name);
  if (record === null) throw noMonitor(name); // deleted in between
  return { status: 200, json: monitorView(record, ctx.service.pausedAt?.(name)) };
}
