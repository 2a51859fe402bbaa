// What a route handler is given, and what it gives back.
import type { MonitorService } from '../engine/types.js';
import type { MonitorMetrics } from './metrics.js';
import type { Reply } from './respond.js';
import type { VantageApi } from '../vantage/api.js';

export interface RequestContext {
  service: MonitorService;
  metrics: MonitorMetrics;
  /** The route's `:name` segments, URL-decoded. */
  params: Readonly<Record<string, string>>;
  query: URLSearchParams;
  /** The JSON body, read on demand within the size limit (400 invalid_json, 413). */
  body(): Promise<unknown>;
  /** The vantage agents (absent: a server without the hub side). */
  vantages?: VantageApi;
}

export type Handler = (ctx: RequestContext) => Promise<Reply> | Reply;

/** The route's captured parameter; the route table guarantees it is there. */
export function param(ctx: RequestContext, name: string): string {
  const value = ctx.params[name];
  if (value === undefined) throw new Error(`route has no :${name}`);
  return value;
}
