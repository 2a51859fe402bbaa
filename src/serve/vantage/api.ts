// The API's view of the vantage agents: `GET /api/v1/vantages` and
// `POST /api/v1/vantages/{name}/diagnose` (what `whydown diagnose --from` calls).
import type { DiagnoseReport } from '../../core/model.js';
import { ApiError } from '../api/errors.js';
import { param, type RequestContext } from '../api/context.js';
import type { Reply } from '../api/respond.js';
import type { VantageStatus } from './hub.js';

export interface VantageApi {
  list(): VantageStatus[];
  metrics(): string;
  diagnose(vantage: string, url: string): Promise<DiagnoseReport>;
}

export function listVantages(ctx: RequestContext): Reply {
  return { status: 200, json: { vantages: ctx.vantages?.list() ?? [] } };
}

export async function diagnoseFromVantage(ctx: RequestContext): Promise<Reply> {
  const name = param(ctx, 'name');
  const hub = ctx.vantages;
  const known = hub?.list().find((v) => v.name === name);
  if (!hub || !known) throw new ApiError(404, 'not_found', `no vantage named ${JSON.stringify(name.slice(0, 64))}`);
  const body = await ctx.body();
  const url = typeof body === 'object' && body !== null ? (body as { url?: unknown }).url : undefined;
  if (typeof url !== 'string' || !isHttpUrl(url)) throw new ApiError(400, 'invalid_parameter', 'the body needs {"url": "https://…"}');
  if (!known.online) throw new ApiError(503, 'unavailable', `vantage ${name} is not online`);
  try {
    return { status: 200, json: await hub.diagnose(name, url) };
  } catch (error) {
    throw new ApiError(503, 'unavailable', error instanceof Error ? error.message : String(error));
  }
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '' && text.length <= 4096;
  } catch {
    return false;
  }
}
