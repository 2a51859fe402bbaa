// The storage layer of `whydown serve`: one small interface, implemented by SQLite (sqlite.ts) and
// PostgreSQL (postgres.ts), checked by one contract suite (test/store/contract.ts).
//
// Times in records are ISO strings with millisecond precision (they go to JSON as they are);
// times given as arguments may be a Date or an ISO string.
import type { Cause, DiagnoseReport, Status, Timings, Verdict } from '../../core/model.js';

export type Instant = Date | string;

export type MonitorSource = 'config' | 'api';

export interface MonitorInput {
  /** Unique; the monitor's id in the API. */
  name: string;
  url: string;
  /** Monitors from the config file are the file's; the API changes only its own (the API checks). */
  source: MonitorSource;
  /** The rest of the definition (interval, timeout, notify, headers, ...), kept as given. */
  settings?: Record<string, unknown>;
}

export interface MonitorRecord extends Required<MonitorInput> {
  createdAt: string;
  updatedAt: string;
  /** The newest stored result, so a list shows each monitor's status without another call. */
  last: { at: string; status: Status; cause: Cause } | null;
}

export interface MonitorPage {
  monitors: MonitorRecord[];
  /** Pass back as `cursor` for the next page; null on the last page. */
  next: string | null;
}

export interface ListMonitorsOptions {
  limit?: number;
  cursor?: string | null;
  source?: MonitorSource;
}

/**
 * One finished check. `monitor`, `vantage` and `slot` identify it: storing it twice keeps one
 * (the second is refused and counted, see SqlStore.refusedResults).
 */
export interface ResultRecord {
  monitor: string;
  at: string;
  /** Where it was checked from: `local` (the hub itself, the default) or an agent's vantage name. */
  vantage?: string;
  /** The scheduled slot (`at` is the slot plus the start delay); absent: `at`. Not read back. */
  slot?: Instant;
  status: Status;
  cause: Cause;
  timings: Timings;
  httpStatus: number | null;
  errorCode: string | null;
  durationMs: number;
  /**
   * What an expectation of the monitor found, in words ("$.status is \"degraded\", expected
   * \"ok\""). On the live result only (events, incidents): the store does not keep it.
   */
  detail?: string;
}

export interface ResultInput extends Omit<ResultRecord, 'at'> {
  at: Instant;
}

export interface ListResultsOptions {
  /** Only results at or after this time. */
  since?: Instant;
  /** Only results strictly before this time: the `at` of the last result of the previous page. */
  before?: Instant;
  limit?: number;
}

export type IncidentEventType = 'opened' | 'verdict-changed' | 'closed';

export interface IncidentEvent {
  at: string;
  type: IncidentEventType;
  /** The verdict at that moment (null for `closed`). */
  verdict: Verdict | null;
}

export interface IncidentRecord {
  id: number;
  monitor: string;
  openedAt: string;
  closedAt: string | null;
  /** The latest diagnosis verdict, whole. */
  verdict: Verdict;
  /** Oldest first. */
  timeline: IncidentEvent[];
}

/** What the store cut from a diagnosis larger than it keeps (see diagnosis-size.ts). */
export interface DiagnosisTrim {
  /** The size of the whole diagnosis as JSON, bytes. */
  originalBytes: number;
  /** The most kept per diagnosis, bytes. */
  limitBytes: number;
  /** What was cut, in the order it was cut ("body samples shortened to 256 characters", ...). */
  cut: string[];
}

/** A diagnosis as `diagnose --json` gives it; `trimmed` only when it had to be cut to be stored. */
export interface StoredDiagnosis extends DiagnoseReport {
  trimmed?: DiagnosisTrim;
}

/** One incident with its diagnoses: what `GET /api/v1/incidents/{id}` shows. */
export interface IncidentDetail extends IncidentRecord {
  /**
   * The diagnosis made when the incident opened; null when it could not run (the verdict says
   * why) or the incident was stored by a whydown that kept only verdicts.
   */
  diagnosis: StoredDiagnosis | null;
  /** Each later diagnosis of the open incident, oldest first; the newest MAX_REDIAGNOSES are kept. */
  rediagnoses: StoredDiagnosis[];
}

/** Re-diagnoses kept per incident: one every five minutes at most, so a long outage that keeps changing character would otherwise grow without end. */
export const MAX_REDIAGNOSES = 20;

export interface IncidentPage {
  incidents: IncidentRecord[];
  next: string | null;
}

export interface ListIncidentsOptions {
  monitor?: string;
  open?: boolean;
  limit?: number;
  cursor?: string | null;
}

export type RollupPeriod = 'hour' | 'day';

/** Aggregated results of one monitor over one hour or one UTC day. */
export interface RollupBucket {
  monitor: string;
  period: RollupPeriod;
  start: string;
  count: number;
  up: number;
  degraded: number;
  down: number;
  /** Over `timings.total`, milliseconds. */
  minMs: number;
  avgMs: number;
  maxMs: number;
  /** The upper bound of the histogram bucket that holds the 95th percentile. */
  p95Ms: number;
  /** Counts per latency bucket, bounds in LATENCY_BOUNDS_MS (histogram.ts), the last open-ended. */
  histogram: number[];
  /** Time from each down result to the next result of the monitor (see rollup-sql.ts). */
  downtimeSeconds: number;
}

export interface ListRollupsOptions {
  since?: Instant;
  limit?: number;
}

/** How long each level is kept. Rollups are made for every complete hour and day. */
export interface Retention {
  rawDays: number;
  hourlyDays: number;
  /** null keeps daily rollups forever. */
  dailyDays: number | null;
}

export const DEFAULT_RETENTION: Retention = { rawDays: 14, hourlyDays: 90, dailyDays: null };

export interface RollupOutcome { hours: number; days: number }
export interface PruneOutcome { raw: number; hourly: number; daily: number }

export interface Store {
  upsertMonitor(monitor: MonitorInput, now?: Instant): Promise<{ monitor: MonitorRecord; created: boolean }>;
  getMonitor(name: string): Promise<MonitorRecord | null>;
  /** Keyset pagination by name (byte order): stable under inserts and deletes, no skips or repeats. */
  listMonitors(options?: ListMonitorsOptions): Promise<MonitorPage>;
  /** Removes the monitor with its results, rollups and incidents. */
  deleteMonitor(name: string): Promise<boolean>;

  /**
   * Resolves once every result is durably stored (a crash after that loses none). Results whose
   * monitor does not exist (deleted meanwhile) are dropped; a result already stored is kept once.
   */
  insertResults(batch: ResultInput[]): Promise<void>;
  /** Newest first. */
  listResults(monitor: string, options?: ListResultsOptions): Promise<ResultRecord[]>;

  /**
   * Opens an incident, or returns the one already open for the monitor unchanged. `diagnosis`,
   * the whole diagnosis the verdict came from, is kept with it (bounded, see diagnosis-size.ts).
   */
  openIncident(monitor: string, verdict: Verdict, at: Instant, diagnosis?: DiagnoseReport | null): Promise<IncidentRecord>;
  /** A re-diagnosis that changed the verdict; a closed incident is left as it is. */
  updateIncidentVerdict(id: number, verdict: Verdict, at: Instant, diagnosis?: DiagnoseReport | null): Promise<IncidentRecord>;
  /** A re-diagnosis that left the verdict as it was. False when the incident is not open (nothing kept). */
  addIncidentDiagnosis(id: number, diagnosis: DiagnoseReport, at: Instant): Promise<boolean>;
  /** One incident with its diagnoses; null when there is none with that id. */
  getIncident(id: number): Promise<IncidentDetail | null>;
  /** Closing a closed incident changes nothing. */
  closeIncident(id: number, at: Instant): Promise<IncidentRecord>;
  openIncidentFor(monitor: string): Promise<IncidentRecord | null>;
  /** Newest first; verdicts and timelines only, never the diagnoses (a list stays light). */
  listIncidents(options?: ListIncidentsOptions): Promise<IncidentPage>;

  /** Aggregates complete hours into hour buckets and complete days into day buckets. */
  rollup(now: Instant): Promise<RollupOutcome>;
  /** Deletes what the retention no longer keeps (raw results only once rolled up). */
  prune(now: Instant): Promise<PruneOutcome>;
  /** Newest first. */
  listRollups(monitor: string, period: RollupPeriod, options?: ListRollupsOptions): Promise<RollupBucket[]>;

  /**
   * Pauses (`at`: when) or resumes (`at`: null) a monitor, kept over restarts; false when there is
   * no monitor of that name. Optional: stores made for tests may leave pausing out.
   */
  setPaused?(name: string, at: Instant | null): Promise<boolean>;
  /** The paused monitors, with when each was paused (ISO). */
  listPaused?(): Promise<Map<string, string>>;

  /** Writes what is held, then releases the database. */
  close(): Promise<void>;
}
