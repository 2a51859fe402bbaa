// What the monitors list shows of each monitor, kept in memory from the engine's check events so
// a page of 100,000 monitors is answered without a query per monitor: the last 30 checks, the
// newest response time, and up/total counts per hour for the last 24 hours.
//
// After a restart the board starts empty; a monitor's recent history is read from the store the
// first time a page shows it (seed), once per monitor per process.
import type { MonitorEvents } from '../../engine/events.js';
import type { ResultRecord, Store } from '../../store/types.js';
import { Limiter } from '../../engine/limiter.js';

export const RECENT_CHECKS = 30;
const HOURS = 24;
const HOUR = 3_600_000;

/** 0: no check in that place; else the status. */
export type CheckCode = 0 | 1 | 2 | 3;
const CODES: Record<string, CheckCode> = { up: 1, degraded: 2, down: 3 };
export const CODE_STATUS = ['none', 'up', 'degraded', 'down'] as const;

export interface BoardEntry {
  /** Ring of the last checks' codes; `head` is where the next goes. */
  recent: Uint8Array;
  head: number;
  /** Hour number (epoch hours) each slot counts; up (and degraded) and total per slot. */
  hourOf: Int32Array;
  up: Uint16Array;
  total: Uint16Array;
  latencyMs: number | null;
  /** The newest check's cause when it was not up (what the list says at a glance); null when up. */
  cause: string | null;
  lastAt: number;
  seeded: boolean;
  /** uptime24h's answer and the hour it was worked out in (-1: a check came since). */
  uptime: number | null;
  uptimeHour: number;
}

export class Board {
  private readonly entries = new Map<string, BoardEntry>();
  private readonly off: () => void;

  constructor(events: MonitorEvents, private readonly now: () => number = Date.now) {
    this.off = events.on('check.finished', ({ monitor, result }) => this.record(monitor.name, result));
  }

  close(): void {
    this.off();
  }

  get(name: string): BoardEntry | undefined {
    return this.entries.get(name);
  }

  record(name: string, result: Pick<ResultRecord, 'at' | 'status' | 'timings' | 'httpStatus' | 'cause'>): void {
    const entry = this.entry(name);
    const at = Date.parse(result.at);
    this.push(entry, result.status, at);
    if (at >= entry.lastAt) {
      entry.lastAt = at;
      entry.latencyMs = result.httpStatus !== null || result.status === 'up' ? result.timings.total : null;
      entry.cause = result.status === 'up' ? null : result.cause;
    }
  }

  /** The last checks, oldest first (length RECENT_CHECKS; 0 where there was none). */
  recent(name: string): CheckCode[] {
    const entry = this.entries.get(name);
    const out: CheckCode[] = [];
    for (let i = 0; i < RECENT_CHECKS; i++) out.push(entry ? (entry.recent[(entry.head + i) % RECENT_CHECKS] as CheckCode) : 0);
    return out;
  }

  /** Percent of checks up (or degraded: the site answered) over the last 24 h; null without checks. */
  uptime24h(name: string): number | null {
    const entry = this.entries.get(name);
    return entry ? this.uptimeOf(entry) : null;
  }

  /** uptime24h for an entry at hand (the list keeps them, to spare a lookup per monitor). */
  uptimeOf(entry: BoardEntry): number | null {
    // Sorting 100,000 monitors by uptime asks for each: worked out once per check or hour.
    const hour = Math.floor(this.now() / HOUR);
    if (entry.uptimeHour === hour) return entry.uptime;
    const since = hour - HOURS + 1;
    let up = 0;
    let total = 0;
    for (let i = 0; i < HOURS; i++) {
      if (entry.hourOf[i]! >= since) {
        up += entry.up[i]!;
        total += entry.total[i]!;
      }
    }
    entry.uptime = total === 0 ? null : (100 * up) / total;
    entry.uptimeHour = hour;
    return entry.uptime;
  }

  /** Whether the store's history of this monitor has been read (or is being read). */
  isSeeded(name: string): boolean {
    return this.entries.get(name)?.seeded ?? false;
  }

  /**
   * Reads the last 24 hours of the named monitors from the store, once per monitor per process,
   * a few at a time (the store also serves the checks); `seeded` hears of each one done.
   */
  async seed(store: Store, names: readonly string[], seeded: (name: string) => void = () => {}): Promise<void> {
    const since = new Date(this.now() - HOURS * HOUR).toISOString();
    await Promise.all(names.map((name) => this.seeding.run(async () => {
      const entry = this.entry(name);
      if (entry.seeded) return;
      entry.seeded = true;
      // Checks heard of live came after the start and are counted; only older ones are added.
      const results = await store.listResults(name, { since, limit: 5000 });
      if (this.entries.get(name) !== entry) return; // removed meanwhile
      const older = results.filter((r) => Date.parse(r.at) < this.started).reverse();
      if (older.length === 0) return;
      const live = this.recent(name).filter((c) => c !== 0);
      entry.recent.fill(0);
      entry.head = 0;
      for (const result of older) {
        const at = Date.parse(result.at);
        this.push(entry, result.status, at);
        if (at > entry.lastAt) {
          entry.lastAt = at;
          entry.latencyMs = result.httpStatus !== null || result.status === 'up' ? result.timings.total : null;
          entry.cause = result.status === 'up' ? null : result.cause;
        }
      }
      for (const code of live) {
        entry.recent[entry.head] = code;
        entry.head = (entry.head + 1) % RECENT_CHECKS;
      }
      seeded(name);
    })));
  }

  /** Forgets every monitor not in `names` (removed from the config or through the API). */
  keepOnly(names: ReadonlySet<string>): void {
    for (const name of this.entries.keys()) if (!names.has(name)) this.entries.delete(name);
  }

  forget(name: string): void {
    this.entries.delete(name);
  }

  /** Every check the board heard of live came after this; the store's older ones are seeded. */
  private readonly started = Date.now();
  private readonly seeding = new Limiter(4);

  private entry(name: string): BoardEntry {
    let entry = this.entries.get(name);
    if (!entry) {
      entry = {
        recent: new Uint8Array(RECENT_CHECKS), head: 0,
        hourOf: new Int32Array(HOURS).fill(-1), up: new Uint16Array(HOURS), total: new Uint16Array(HOURS),
        latencyMs: null, cause: null, lastAt: 0, seeded: false, uptime: null, uptimeHour: -1,
      };
      this.entries.set(name, entry);
    }
    return entry;
  }

  private push(entry: BoardEntry, status: string, at: number): void {
    const code = CODES[status] ?? 0;
    entry.uptimeHour = -1;
    entry.recent[entry.head] = code;
    entry.head = (entry.head + 1) % RECENT_CHECKS;
    const hour = Math.floor(at / HOUR);
    const slot = hour % HOURS;
    if (entry.hourOf[slot] !== hour) {
      if (entry.hourOf[slot]! > hour) return; // older than what the slot now counts
      entry.hourOf[slot] = hour;
      entry.up[slot] = 0;
      entry.total[slot] = 0;
    }
    if (entry.total[slot]! < 65535) {
      entry.total[slot]!++;
      if (code === 1 || code === 2) entry.up[slot]!++;
    }
  }
}
