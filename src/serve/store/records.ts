// Rows ↔ records, shared by both stores: the two schemas use the same column names and units
// (times in epoch milliseconds, latencies in integer microseconds: compact in SQLite, exact in both).
import type { Status, Timings, Verdict } from '../../core/model.js';
import { HISTOGRAM_COLUMNS, quantileMs } from './histogram.js';
import type {
  IncidentDetail, IncidentEvent, IncidentEventType, IncidentRecord, StoredDiagnosis, Instant, MonitorRecord, MonitorSource,
  ResultInput, ResultRecord, RollupBucket, RollupPeriod,
} from './types.js';

/** PostgreSQL returns BIGINT and COUNT as strings; SQLite returns numbers. */
type Num = number | string | bigint;

export const STATUSES: readonly Status[] = ['up', 'degraded', 'down', 'unknown'];
const PHASES = ['dns', 'tcp', 'tls', 'firstByte', 'download'] as const;
const PHASE_COLUMNS = ['dns_us', 'tcp_us', 'tls_us', 'first_byte_us', 'download_us'] as const;

/** Column order of `results` for inserts (after the monitor). */
export const RESULT_COLUMNS = [
  'at', 'status', 'cause', 'http_status', 'error_code', 'duration_ms', 'total_us', ...PHASE_COLUMNS, 'vantage', 'slot',
] as const;

/** The vantage of the hub's own checks: results without one are the hub's. */
export const LOCAL_VANTAGE = 'local';

export function toMs(instant: Instant): number {
  const ms = instant instanceof Date ? instant.getTime() : Date.parse(instant);
  if (!Number.isFinite(ms)) throw new TypeError(`not a time: ${String(instant)}`);
  return ms;
}

export function iso(ms: Num): string {
  return new Date(Number(ms)).toISOString();
}

/** The largest latency stored, about 35 minutes: PostgreSQL keeps microseconds in 32 bits. */
const MAX_US = 2_147_483_647;
const toUs = (ms: number | undefined): number | null =>
  ms === undefined || !Number.isFinite(ms) ? null : Math.min(MAX_US, Math.max(0, Math.round(ms * 1000)));

/** The values of RESULT_COLUMNS for one result, checked (a malformed result is a caller's bug). */
export function resultValues(result: ResultInput): (string | number | null)[] {
  if (!STATUSES.includes(result.status)) throw new TypeError(`not a status: ${String(result.status)}`);
  const total = toUs(result.timings.total);
  if (total === null) throw new TypeError('a result needs timings.total');
  return [
    toMs(result.at), result.status, result.cause, result.httpStatus, result.errorCode,
    Math.round(result.durationMs), total, ...PHASES.map((phase) => toUs(result.timings[phase])),
    // Without a slot (a result from before slots were kept, a test) its time stands for it.
    result.vantage ?? LOCAL_VANTAGE, toMs(result.slot ?? result.at),
  ];
}

export interface ResultRow {
  monitor: string; at: Num; status: string; cause: string; http_status: number | null;
  error_code: string | null; duration_ms: Num; total_us: Num;
  dns_us: Num | null; tcp_us: Num | null; tls_us: Num | null; first_byte_us: Num | null; download_us: Num | null;
  vantage?: string;
}

export function resultFromRow(row: ResultRow): ResultRecord {
  const timings: Timings = { total: Number(row.total_us) / 1000 };
  PHASES.forEach((phase, i) => {
    const value = row[PHASE_COLUMNS[i]!];
    if (value !== null) timings[phase] = Number(value) / 1000;
  });
  return {
    monitor: row.monitor, at: iso(row.at), status: row.status as Status,
    cause: row.cause as ResultRecord['cause'], timings, httpStatus: row.http_status,
    errorCode: row.error_code, durationMs: Number(row.duration_ms),
    ...(row.vantage === undefined ? {} : { vantage: row.vantage }),
  };
}

export interface MonitorRow {
  name: string; url: string; source: string; settings: string | Record<string, unknown>;
  created_at: Num; updated_at: Num; last_at: Num | null; last_status: string | null; last_cause: string | null;
}

export function monitorFromRow(row: MonitorRow): MonitorRecord {
  return {
    name: row.name, url: row.url, source: row.source as MonitorSource,
    settings: typeof row.settings === 'string' ? JSON.parse(row.settings) : row.settings,
    createdAt: iso(row.created_at), updatedAt: iso(row.updated_at),
    last: row.last_at === null ? null
      : { at: iso(row.last_at), status: row.last_status as Status, cause: row.last_cause as ResultRecord['cause'] },
  };
}

export interface IncidentRow {
  id: Num; monitor: string; opened_at: Num; closed_at: Num | null; verdict: string | Verdict;
}
export interface EventRow {
  incident_id: Num; at: Num; type: string; verdict: string | Verdict | null;
}

const json = <T>(value: string | T): T => (typeof value === 'string' ? JSON.parse(value) as T : value);

/** Incidents with their timelines, from one query for the incidents and one for their events. */
export function incidentsFromRows(rows: IncidentRow[], events: EventRow[]): IncidentRecord[] {
  const timelines = new Map<number, IncidentEvent[]>();
  for (const event of events) {
    const id = Number(event.incident_id);
    const list = timelines.get(id) ?? [];
    list.push({
      at: iso(event.at), type: event.type as IncidentEventType,
      verdict: event.verdict === null ? null : json<Verdict>(event.verdict),
    });
    timelines.set(id, list);
  }
  return rows.map((row) => ({
    id: Number(row.id), monitor: row.monitor, openedAt: iso(row.opened_at),
    closedAt: row.closed_at === null ? null : iso(row.closed_at),
    verdict: json<Verdict>(row.verdict), timeline: timelines.get(Number(row.id)) ?? [],
  }));
}

export interface DiagnosisRow {
  kind: string; report: string;
}

/** The opening diagnosis and the re-diagnoses, from an incident's rows (oldest first). */
export function diagnosesFromRows(rows: DiagnosisRow[]): Pick<IncidentDetail, 'diagnosis' | 'rediagnoses'> {
  let diagnosis: StoredDiagnosis | null = null;
  const rediagnoses: StoredDiagnosis[] = [];
  for (const row of rows) {
    const report = json<StoredDiagnosis>(row.report);
    if (row.kind === 'opened') diagnosis = report;
    else rediagnoses.push(report);
  }
  return { diagnosis, rediagnoses };
}

export type RollupRow = {
  monitor: string; start: Num; count: Num; up: Num; degraded: Num; down: Num;
  min_us: Num; max_us: Num; sum_us: Num; downtime_ms: Num;
} & Record<string, Num>;

export function bucketFromRow(row: RollupRow, period: RollupPeriod): RollupBucket {
  const count = Number(row.count);
  const histogram = HISTOGRAM_COLUMNS.map((column) => Number(row[column] ?? 0));
  const maxMs = Number(row.max_us) / 1000;
  return {
    monitor: row.monitor, period, start: iso(row.start), count,
    up: Number(row.up), degraded: Number(row.degraded), down: Number(row.down),
    minMs: Number(row.min_us) / 1000,
    avgMs: count === 0 ? 0 : Math.round(Number(row.sum_us) / count) / 1000,
    maxMs, p95Ms: quantileMs(histogram, 0.95, maxMs), histogram,
    downtimeSeconds: Number(row.downtime_ms) / 1000,
  };
}

/** Limits given by API callers, clamped so one call stays cheap. */
export function clampLimit(limit: number | undefined, fallback: number, max: number): number {
  if (limit === undefined || !Number.isFinite(limit)) return fallback;
  return Math.max(1, Math.min(max, Math.floor(limit)));
}
