// The rollup and prune statements, the same for both databases (see sql.ts for the dialects).
//
// Every statement that reads a time range goes through `monitor_id IN (SELECT id FROM monitors
// WHERE id >= :idFrom AND id < :idTo)`: the tables are keyed (monitor_id, time), so this turns a
// range over time into one index seek per monitor instead of a scan of the whole table — and no
// second index on time is needed (it would cost about a third more bytes per raw result). The id
// range is a slice of the monitors (rollup.ts): one statement for 100,000 monitors would hold
// SQLite, and with it the whole of `whydown serve`, for over a minute.
//
// Downtime: each down result stands for the time until the next result of its monitor, at most one
// hour (a longer gap is time without checks, not known to be down). A span that crosses a bucket
// boundary is split between the two buckets, so hours add up exactly to days.
import { HISTOGRAM_COLUMNS, LATENCY_BOUNDS_MS } from './histogram.js';
import type { Dialect } from './sql.js';

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
/** The longest time one result stands for, for downtime. */
export const MAX_SPAN_MS = HOUR_MS;

/** The monitors of one slice: ids in [:idFrom, :idTo). */
const MONITOR_SLICE = 'SELECT id FROM monitors WHERE id >= :idFrom AND id < :idTo';

/** The range of monitor ids, to cut into slices. */
export const MONITOR_IDS_SQL = 'SELECT MIN(id) AS low, MAX(id) AS high FROM monitors';

const ROLLUP_COLUMNS = [
  'count', 'up', 'degraded', 'down', 'min_us', 'max_us', 'sum_us', ...HISTOGRAM_COLUMNS, 'downtime_ms',
];

/**
 * Column definitions of a rollup table after (monitor_id, start). Only the latency sum needs 64
 * bits; counts, latencies in µs (at most 35 minutes) and a day's downtime in ms fit in 32, which
 * in PostgreSQL halves their bytes (SQLite sizes each integer by its value anyway).
 */
export function rollupColumnsDdl(int32: string, int64: string): string {
  return ROLLUP_COLUMNS.map((column) => `${column} ${column === 'sum_us' ? int64 : int32} NOT NULL`).join(', ');
}

const upsertTail = (): string =>
  `ON CONFLICT (monitor_id, start) DO UPDATE SET ${ROLLUP_COLUMNS.map((c) => `${c} = excluded.${c}`).join(', ')}`;

function histogramSums(): string {
  const bounds = LATENCY_BOUNDS_MS.map((ms) => ms * 1000);
  return HISTOGRAM_COLUMNS.map((_, i) => {
    const low = i === 0 ? null : bounds[i - 1];
    const high = bounds[i];
    const test = [low === null ? null : `total_us >= ${low}`, high === undefined ? null : `total_us < ${high}`]
      .filter(Boolean).join(' AND ');
    return `SUM(CASE WHEN ${test} THEN 1 ELSE 0 END)`;
  }).join(',\n      ');
}

const countOf = (status: string): string => `SUM(CASE WHEN status = '${status}' THEN 1 ELSE 0 END)`;

/**
 * Hour buckets for raw results in [:from, :to) (whole hours), replacing buckets made before.
 * :windowFrom/:windowTo are :from - MAX_SPAN_MS and :to + MAX_SPAN_MS (computed by the caller, so
 * PostgreSQL never has to guess a parameter's type from arithmetic).
 */
export function hourRollupSql(d: Dialect): string {
  const tail = `CASE WHEN prev_status = 'down' AND prev_at < bucket
        THEN ${d.greatest}(0, ${d.least}(at, prev_at + ${MAX_SPAN_MS}) - bucket) ELSE 0 END`;
  const head = `CASE WHEN status = 'down'
        THEN ${d.least}(COALESCE(next_at, at + ${MAX_SPAN_MS}), at + ${MAX_SPAN_MS}, bucket + ${HOUR_MS}) - at ELSE 0 END`;
  return `INSERT INTO rollups_hour (monitor_id, start, ${ROLLUP_COLUMNS.join(', ')})
    SELECT monitor_id, bucket, COUNT(*), ${countOf('up')}, ${countOf('degraded')}, ${countOf('down')},
      MIN(total_us), MAX(total_us), SUM(total_us),
      ${histogramSums()},
      SUM(${tail} + ${head})
    FROM (
      SELECT monitor_id, at, status, total_us, at - at % ${HOUR_MS} AS bucket,
        LAG(at) OVER w AS prev_at, LAG(status) OVER w AS prev_status, LEAD(at) OVER w AS next_at
      FROM results
      WHERE monitor_id IN (${MONITOR_SLICE})
        AND at >= :windowFrom AND at < :windowTo
      WINDOW w AS (PARTITION BY monitor_id ORDER BY at)
    ) AS spans
    WHERE at >= :from AND at < :to
    GROUP BY monitor_id, bucket
    ${upsertTail()}`;
}

/** Day buckets (UTC) from the hour buckets in [:from, :to) (whole days). */
export function dayRollupSql(): string {
  const sums = ROLLUP_COLUMNS.map((column) =>
    column === 'min_us' ? 'MIN(min_us)' : column === 'max_us' ? 'MAX(max_us)' : `SUM(${column})`);
  return `INSERT INTO rollups_day (monitor_id, start, ${ROLLUP_COLUMNS.join(', ')})
    SELECT monitor_id, start - start % ${DAY_MS}, ${sums.join(', ')}
    FROM rollups_hour
    WHERE monitor_id IN (${MONITOR_SLICE}) AND start >= :from AND start < :to
    GROUP BY 1, 2
    ${upsertTail()}`;
}

/** One bucket given whole (importing history, the size bench); replaces a bucket already there. */
export function importBucketSql(table: 'rollups_hour' | 'rollups_day'): string {
  return `INSERT INTO ${table} (monitor_id, start, ${ROLLUP_COLUMNS.join(', ')})
    VALUES ((SELECT id FROM monitors WHERE name = :monitor), :start, ${ROLLUP_COLUMNS.map((c) => `:${c}`).join(', ')})
    ${upsertTail()}`;
}

export type TimeTable = 'results' | 'rollups_hour' | 'rollups_day';
const TIME_COLUMN: Record<TimeTable, string> = { results: 'at', rollups_hour: 'start', rollups_day: 'start' };

export function pruneSql(table: TimeTable): string {
  return `DELETE FROM ${table} WHERE monitor_id IN (${MONITOR_SLICE}) AND ${TIME_COLUMN[table]} < :before`;
}

/** The oldest time in a table, by one seek per monitor. */
export function oldestSql(table: TimeTable): string {
  const column = TIME_COLUMN[table];
  return `SELECT MIN(oldest) AS oldest FROM
    (SELECT (SELECT MIN(${column}) FROM ${table} WHERE monitor_id = monitors.id) AS oldest FROM monitors) AS per_monitor`;
}

export const GET_META_SQL = 'SELECT value FROM meta WHERE key = :key';
export const SET_META_SQL =
  'INSERT INTO meta (key, value) VALUES (:key, :value) ON CONFLICT (key) DO UPDATE SET value = excluded.value';
