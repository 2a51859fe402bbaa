// What a hub does with the monitors of shards it has just taken: their incident state comes from
// the store (the open incident, the newest results), and each monitor whose latest slot passed
// unchecked while no hub held it is checked once, soon, spread over a few seconds (no burst).
// Only a slot after the previous holder's lease ended and before this take-over is made up:
// before, the previous holder may have checked it (paused or cut off, its result may still be on
// the way); after, it is the scheduler's. So no slot is ever checked by two hubs.
import { nextSlot, slotOffset } from '../engine/slots.js';
import type { MonitorEngine } from '../engine/engine.js';
import type { MonitorState } from '../engine/types.js';
import { LAST_RESULTS } from './pg-hub-sql.js';

export interface LastResultRow {
  name: string;
  at: string | null;
  status: MonitorState['status'] | null;
  total_us: number | null;
  http_status: number | null;
  open: boolean;
}

export type QueryRows = (text: string, values: unknown[]) => Promise<{ rows: LastResultRow[] }>;

const CHUNK = 5000;

/** The newest result of each named monitor, a few thousand names per query. */
export async function lastResults(query: QueryRows, names: readonly string[]): Promise<LastResultRow[]> {
  const rows: LastResultRow[] = [];
  for (let i = 0; i < names.length; i += CHUNK) rows.push(...(await query(LAST_RESULTS, [names.slice(i, i + CHUNK)])).rows);
  return rows;
}

export interface AdoptOutcome {
  madeUp: number;
  incidents: number;
}

/**
 * Adopts `names` (just taken at `takenAt`, epoch ms). Resolves when the incident state is loaded;
 * the make-up checks run after, each at its own moment within `spreadMs`.
 */
export interface TakeOver {
  /** When the previous holder's lease of the monitor's shard ended (database time, epoch ms). */
  since(name: string): number;
  spreadMs: number;
}

/** Slots missed longer ago than this are not made up (a whole cluster restarting after a stop is no take-over). */
const MAKE_UP_HORIZON_MS = 5 * 60_000;
/** Clocks of hubs and database differ by this much at most (NTP). */
const CLOCK_SLACK_MS = 250;

export async function adoptMonitors(engine: MonitorEngine, query: QueryRows, names: readonly string[], takeOver: TakeOver,
  timers: Set<NodeJS.Timeout>): Promise<AdoptOutcome> {
  const { spreadMs } = takeOver;
  const outcome: AdoptOutcome = { madeUp: 0, incidents: 0 };
  for (const row of await lastResults(query, names)) {
    const monitor = engine.monitor(row.name);
    if (!monitor) continue;
    const lastAt = row.at === null ? null : Number(row.at);
    if (row.status) observeRow(engine, row);
    if (row.open || row.status === 'down') {
      const [open, recent] = await Promise.all([engine.store.openIncidentFor(row.name), engine.store.listResults(row.name, { limit: 5 })]);
      engine.incidents.adopt(row.name, open, recent.reverse());
      if (open) outcome.incidents++;
    } else {
      engine.incidents.adopt(row.name, null, []);
    }
    // The shard's monitors are not checked until this returns (pg-link.ts), so the latest slot
    // now is still unchecked by this hub, and later ones are the scheduler's.
    const takenAt = Date.now();
    const slot = nextSlot(takenAt, monitor.intervalMs, slotOffset(row.name, monitor.intervalMs)) - monitor.intervalMs;
    // A monitor never checked before is the scheduler's: its first slot comes.
    if (lastAt === null || lastAt >= slot) continue;
    const since = takeOver.since(row.name);
    if (slot < since + CLOCK_SLACK_MS || since < takenAt - MAKE_UP_HORIZON_MS) continue;
    outcome.madeUp++;
    const timer = setTimeout(() => {
      timers.delete(timer);
      void engine.makeUp(row.name, slot);
    }, Math.floor(Math.random() * spreadMs));
    timers.add(timer);
  }
  return outcome;
}

export function observeRow(engine: MonitorEngine, row: LastResultRow): void {
  if (!row.status) return;
  const latencyMs = row.http_status !== null || (row.status === 'up' && engine.monitor(row.name)?.type === 'tcp') ? (row.total_us ?? 0) / 1000 : null;
  engine.observe(row.name, row.status, latencyMs);
}
