// Rollup and prune, driven the same way for both stores.
//
// Hours are rolled up as soon as they are complete (so hour buckets cover the recent past too and a
// chart over 90 days reads one table), a few hours and a slice of the monitors per statement, with
// a turn of the event loop between statements, so no statement holds the database long: SQLite
// runs on `whydown serve`'s main thread, and at 100,000 monitors one statement over all of them
// took over a minute, during which no check started.
//
// A watermark remembers how far it got. Results written late (held by the write buffer while the
// database was away, or finished just after their hour was rolled up) are counted: a result at
// time t changes only the bucket of t and later ones (its own counts; the downtime span of the
// result before it ends at the earlier of t and that result's bucket end, which is unchanged when t
// lies in a later bucket; the span of the result after it starts at t), so a run redoes the hours
// from the earliest result written since the previous run (the store tells it: RollupHint). The
// first run of a process does not know what was written before it started and redoes the last
// GRACE_MS. Without that, every run (every 10 minutes) redid two or three hours of every monitor.
// Pruning never deletes what a later rollup run could still need.
import { WhydownError } from '../../core/errors.js';
import {
  DAY_MS, GET_META_SQL, HOUR_MS, MAX_SPAN_MS, MONITOR_IDS_SQL, SET_META_SQL, dayRollupSql, hourRollupSql, oldestSql, pruneSql,
} from './rollup-sql.js';
import { toMs } from './records.js';
import type { Database } from './database.js';
import type { Instant, PruneOutcome, Retention, RollupOutcome } from './types.js';

export const GRACE_MS = 2 * HOUR_MS;
/**
 * Hours rolled up per statement. Each statement also reads an hour on either side (for the spans
 * of down results), so longer chunks read less twice; six hours of 1,000 monitors are 360,000
 * results, a second or so of work, which bounds how long one statement holds SQLite.
 */
const CHUNK_MS = 6 * HOUR_MS;
/**
 * Monitors per statement: six hours of 200 monitors are 72,000 results, a few tenths of a second
 * of SQLite's time (the steady state, two or three hours, about a tenth).
 */
const MONITORS_PER_STATEMENT = 200;
const HOUR_MARK = 'rollup.hour.until';
const DAY_MARK = 'rollup.day.until';

export function checkRetention(retention: Retention): Retention {
  const whole = (n: number | null, min: number): boolean => n === null || (Number.isFinite(n) && n >= min);
  if (!whole(retention.rawDays, 1) || !whole(retention.hourlyDays, 2) || !whole(retention.dailyDays, 2)) {
    throw new WhydownError('E_BAD_OPTION', 'retention: raw at least 1 day, hourly and daily at least 2 days');
  }
  return retention;
}

const floorTo = (ms: number, unit: number): number => ms - (((ms % unit) + unit) % unit);

async function getMark(db: Database, key: string): Promise<number | null> {
  const row = await db.one<{ value: number | string }>(GET_META_SQL, { key });
  return row === undefined ? null : Number(row.value);
}

const setMark = (db: Database, key: string, value: number): Promise<number> =>
  db.run(SET_META_SQL, { key, value });

/** [idFrom, idTo) ranges covering every monitor id, MONITORS_PER_STATEMENT ids each. */
async function monitorSlices(db: Database): Promise<{ idFrom: number; idTo: number }[]> {
  const row = await db.one<{ low: number | string | null; high: number | string | null }>(MONITOR_IDS_SQL, {});
  if (row?.low == null || row.high == null) return [];
  const slices: { idFrom: number; idTo: number }[] = [];
  for (let idFrom = Number(row.low); idFrom <= Number(row.high); idFrom += MONITORS_PER_STATEMENT) {
    slices.push({ idFrom, idTo: idFrom + MONITORS_PER_STATEMENT });
  }
  return slices;
}

/** Runs the statement for each slice, letting the event loop (checks, API) run between two. */
async function sliced(db: Database, sql: string, params: Record<string, number>, slices: readonly { idFrom: number; idTo: number }[]): Promise<number> {
  let changed = 0;
  for (const slice of slices) {
    changed += await db.run(sql, { ...params, ...slice });
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return changed;
}

async function oldest(db: Database, table: 'results' | 'rollups_hour'): Promise<number | null> {
  const row = await db.one<{ oldest: number | string | null }>(oldestSql(table), {});
  return row?.oldest == null ? null : Number(row.oldest);
}

/** What the store saw written since its previous run: the earliest result time (Infinity: none). */
export interface RollupHint {
  earliestWritten: number;
}

/** `hint` undefined: nothing is known of what was written before this run (a new process). */
export async function rollup(db: Database, retention: Retention, nowInstant: Instant, hint?: RollupHint): Promise<RollupOutcome> {
  const now = toMs(nowInstant);
  const outcome: RollupOutcome = { hours: 0, days: 0 };

  const slices = await monitorSlices(db);
  const hourTo = floorTo(now, HOUR_MS);
  /** The first hour this run rolled up (its day and later ones need their day buckets again). */
  let hoursRedoneFrom: number | undefined;
  const hourMark = await getMark(db, HOUR_MARK);
  const firstRaw = hourMark === null ? await oldest(db, 'results') : null;
  if (hourMark !== null || firstRaw !== null) {
    const written = hint !== undefined && Number.isFinite(hint.earliestWritten) ? floorTo(hint.earliestWritten, HOUR_MS) : Infinity;
    const start = hourMark === null ? floorTo(firstRaw!, HOUR_MS) : Math.min(hint === undefined ? hourMark - GRACE_MS : hourMark, written);
    const hourFrom = Math.max(start, hourTo - retention.hourlyDays * DAY_MS);
    if (hourFrom < hourTo) hoursRedoneFrom = hourFrom;
    const sql = hourRollupSql(db.dialect);
    for (let from = hourFrom; from < hourTo; from += CHUNK_MS) {
      const to = Math.min(hourTo, from + CHUNK_MS);
      outcome.hours += await sliced(db, sql, { from, to, windowFrom: from - MAX_SPAN_MS, windowTo: to + MAX_SPAN_MS }, slices);
      await setMark(db, HOUR_MARK, Math.max(to, hourMark ?? to)); // a long catch-up resumes where it stopped
    }
  }

  // A day is rolled up from its hours once they are all done.
  const hoursDone = await getMark(db, HOUR_MARK);
  if (hoursDone === null) return outcome;
  const dayTo = floorTo(hoursDone, DAY_MS);
  const dayMark = await getMark(db, DAY_MARK);
  const firstHour = dayMark === null ? await oldest(db, 'rollups_hour') : null;
  if (dayMark === null && firstHour === null) return outcome;
  // A new process redoes the last day, as it redoes the last hours; then only days whose hours changed.
  const dayFrom = dayMark === null ? floorTo(firstHour!, DAY_MS)
    : hint === undefined ? dayMark - DAY_MS
      : hoursRedoneFrom === undefined ? dayMark : Math.min(dayMark, floorTo(hoursRedoneFrom, DAY_MS));
  const sql = dayRollupSql();
  for (let from = dayFrom; from < dayTo; from += DAY_MS) {
    outcome.days += await sliced(db, sql, { from, to: from + DAY_MS }, slices);
    await setMark(db, DAY_MARK, Math.max(from + DAY_MS, dayMark ?? 0));
  }
  return outcome;
}

export async function prune(db: Database, retention: Retention, nowInstant: Instant): Promise<PruneOutcome> {
  const now = toMs(nowInstant);
  const outcome: PruneOutcome = { raw: 0, hourly: 0, daily: 0 };
  const slices = await monitorSlices(db);
  const hourMark = await getMark(db, HOUR_MARK);
  if (hourMark !== null) {
    // Keep what the next rollup run redoes, and the hour before it (spans reach back one hour).
    const before = Math.min(now - retention.rawDays * DAY_MS, hourMark - GRACE_MS - MAX_SPAN_MS);
    outcome.raw = await sliced(db, pruneSql('results'), { before }, slices);
  }
  const dayMark = await getMark(db, DAY_MARK);
  if (dayMark !== null) {
    const before = Math.min(now - retention.hourlyDays * DAY_MS, dayMark - DAY_MS);
    outcome.hourly = await sliced(db, pruneSql('rollups_hour'), { before }, slices);
  }
  if (retention.dailyDays !== null) {
    outcome.daily = await sliced(db, pruneSql('rollups_day'), { before: now - retention.dailyDays * DAY_MS }, slices);
  }
  return outcome;
}
