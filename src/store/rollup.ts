// Rollup and prune, driven the same way for both stores.
//
// Hours are rolled up as soon as they are complete (so hour buckets cover the recent past too and a
// chart over 90 days reads one table), a few hours per statement so no statement holds the
// database long. A watermark remembers how far it got; each run redoes the last GRACE_MS before it, so
// results written late (held by the write buffer while the database was away) are counted.
// Pruning never deletes what a later rollup run could still need.
import { WhydownError } from '../errors.js';
import { DAY_MS, GET_META_SQL, HOUR_MS, MAX_SPAN_MS, SET_META_SQL, dayRollupSql, hourRollupSql, oldestSql, pruneSql } from './rollup-sql.js';
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

async function oldest(db: Database, table: 'results' | 'rollups_hour'): Promise<number | null> {
  const row = await db.one<{ oldest: number | string | null }>(oldestSql(table), {});
  return row?.oldest == null ? null : Number(row.oldest);
}

export async function rollup(db: Database, retention: Retention, nowInstant: Instant): Promise<RollupOutcome> {
  const now = toMs(nowInstant);
  const outcome: RollupOutcome = { hours: 0, days: 0 };

  const hourTo = floorTo(now, HOUR_MS);
  const hourMark = await getMark(db, HOUR_MARK);
  const firstRaw = hourMark === null ? await oldest(db, 'results') : null;
  if (hourMark !== null || firstRaw !== null) {
    const start = hourMark !== null ? hourMark - GRACE_MS : floorTo(firstRaw!, HOUR_MS);
    const hourFrom = Math.max(start, hourTo - retention.hourlyDays * DAY_MS);
    const sql = hourRollupSql(db.dialect);
    for (let from = hourFrom; from < hourTo; from += CHUNK_MS) {
      const to = Math.min(hourTo, from + CHUNK_MS);
      outcome.hours += await db.run(sql, { from, to, windowFrom: from - MAX_SPAN_MS, windowTo: to + MAX_SPAN_MS });
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
  const dayFrom = dayMark !== null ? dayMark - DAY_MS : floorTo(firstHour!, DAY_MS);
  const sql = dayRollupSql();
  for (let from = dayFrom; from < dayTo; from += DAY_MS) {
    outcome.days += await db.run(sql, { from, to: from + DAY_MS });
    await setMark(db, DAY_MARK, Math.max(from + DAY_MS, dayMark ?? 0));
  }
  return outcome;
}

export async function prune(db: Database, retention: Retention, nowInstant: Instant): Promise<PruneOutcome> {
  const now = toMs(nowInstant);
  const outcome: PruneOutcome = { raw: 0, hourly: 0, daily: 0 };
  const hourMark = await getMark(db, HOUR_MARK);
  if (hourMark !== null) {
    // Keep what the next rollup run redoes, and the hour before it (spans reach back one hour).
    const before = Math.min(now - retention.rawDays * DAY_MS, hourMark - GRACE_MS - MAX_SPAN_MS);
    outcome.raw = await db.run(pruneSql('results'), { before });
  }
  const dayMark = await getMark(db, DAY_MARK);
  if (dayMark !== null) {
    const before = Math.min(now - retention.hourlyDays * DAY_MS, dayMark - DAY_MS);
    outcome.hourly = await db.run(pruneSql('rollups_hour'), { before });
  }
  if (retention.dailyDays !== null) {
    outcome.daily = await db.run(pruneSql('rollups_day'), { before: now - retention.dailyDays * DAY_MS });
  }
  return outcome;
}
