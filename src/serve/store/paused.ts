// Which monitors are paused, kept in the store (the paused_monitors table) so a pause outlives a
// restart. The same SQL for SQLite and PostgreSQL; a monitor's row goes when it is deleted.
import type { Queryable } from './database.js';
import { toMs } from './records.js';
import type { Instant } from './types.js';

const PAUSE = `INSERT INTO paused_monitors (monitor_id, paused_at) SELECT id, :at FROM monitors WHERE name = :name
  ON CONFLICT (monitor_id) DO NOTHING`;
const RESUME = 'DELETE FROM paused_monitors WHERE monitor_id = (SELECT id FROM monitors WHERE name = :name)';
const EXISTS = 'SELECT id FROM monitors WHERE name = :name';
const LIST = 'SELECT m.name AS name, p.paused_at AS paused_at FROM paused_monitors p JOIN monitors m ON m.id = p.monitor_id';

/** Pauses (at: a time) or resumes (at: null) a monitor; false when there is no monitor of that name. A pause already in force keeps its time. */
export async function setPaused(db: Queryable, name: string, at: Instant | null): Promise<boolean> {
  if (at === null) await db.run(RESUME, { name });
  else await db.run(PAUSE, { name, at: toMs(at) });
  return (await db.one(EXISTS, { name })) !== undefined;
}

/** Every paused monitor with the time it was paused (ISO). */
export async function listPaused(db: Queryable): Promise<Map<string, string>> {
  const rows = await db.all<{ name: string; paused_at: number | string }>(LIST);
  return new Map(rows.map((row) => [row.name, new Date(Number(row.paused_at)).toISOString()]));
}
