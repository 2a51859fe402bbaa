// GET /api/v1/hubs: the hubs sharing this store, with when each was last seen and how many
// monitors it checks (docs/hubs.md). On SQLite, the one hub.
import { ApiError } from '../errors.js';
import type { RequestContext } from '../context.js';
import type { Reply } from '../respond.js';

export async function listHubs(ctx: RequestContext): Promise<Reply> {
  const hubs = ctx.service.hubs;
  if (!hubs) return { status: 200, json: { hubs: [] } };
  let list;
  try {
    list = await hubs.list();
  } catch {
    throw new ApiError(503, 'unavailable', 'the store is unavailable; try again shortly');
  }
  return { status: 200, json: { hubs: list.map(({ name, lastSeen, monitors }) => ({ name, lastSeen, monitors })) } };
}
