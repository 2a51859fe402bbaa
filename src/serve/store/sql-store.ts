// The Store, written once over a Database driver (database.ts): SQLite and PostgreSQL differ in
// their drivers and schemas, not in what the store does.
import { StoreInputError, StoreNotFound, guardDatabase } from './errors.js';
import type { DiagnoseReport, Verdict } from '../../core/model.js';
import { boundedDiagnosisJson } from './diagnosis-size.js';
import { addDiagnosis, addEvent, incidentById, incidentDetail, withTimelines } from './incident-sql.js';
import { decodeIdCursor, decodeNameCursor, encodeCursor } from './cursor.js';
import type { Database } from './database.js';
import * as Q from './queries.js';
import {
  bucketFromRow, clampLimit, monitorFromRow, resultFromRow, toMs, type IncidentRow, type MonitorRow, type ResultRow, type RollupRow,
} from './records.js';
import { listPaused, setPaused } from './paused.js';
import { checkRetention, prune, rollup } from './rollup.js';
import { importBucketSql } from './rollup-sql.js';
import { HISTOGRAM_COLUMNS } from './histogram.js';
import type {
  IncidentDetail, IncidentPage, IncidentRecord, Instant, ListIncidentsOptions, ListMonitorsOptions,
  ListResultsOptions, ListRollupsOptions, MonitorInput, MonitorPage, MonitorRecord, PruneOutcome,
  ResultInput, ResultRecord, Retention, RollupBucket, RollupOutcome, RollupPeriod, Store,
} from './types.js';
import { DEFAULT_RETENTION } from './types.js';
import { WriteBuffer, type WriteBufferOptions } from './write-buffer.js';

export interface SqlStoreOptions {
  retention?: Partial<Retention>;
  buffer?: Omit<WriteBufferOptions<ResultInput>, 'write' | 'isTransient'>;
}

export class SqlStore implements Store {
  readonly retention: Retention;
  private readonly buffer: WriteBuffer<ResultInput>;
  /** The earliest result time written since the last rollup run (Infinity: none). */
  private earliestWritten = Infinity;
  /** A rollup run has completed in this process. */
  private rolledUp = false;
  /** Results refused since start: one was stored already for their (monitor, vantage, slot), or their monitor is gone. */
  refusedResults = 0;

  readonly db: Database;

  constructor(db: Database, options: SqlStoreOptions = {}) {
    this.db = guardDatabase(db);
    this.retention = checkRetention({ ...DEFAULT_RETENTION, ...options.retention });
    this.buffer = new WriteBuffer<ResultInput>({
      // `whydown serve` hands results over one by one, up to ~1,700 a second at 100,000 monitors:
      // one transaction each costs SQLite about 65 µs of the main thread's CPU per result at that
      // size, one per 20 ms of results about 42 µs, and PostgreSQL a round trip less per result.
      lingerMs: 20,
      ...options.buffer,
      write: async (batch) => {
        const stored = await this.db.insertResults(batch);
        this.refusedResults += Math.max(0, batch.length - stored);
        for (const result of batch) this.earliestWritten = Math.min(this.earliestWritten, toMs(result.at));
      },
      isTransient: (error) => this.db.isTransient(error),
    });
  }

  /** Results handed to the store and not yet committed. */
  get heldResults(): number {
    return this.buffer.held;
  }

  async upsertMonitor(input: MonitorInput, now: Instant = new Date()): Promise<{ monitor: MonitorRecord; created: boolean }> {
    if (!input.name) throw new StoreInputError('a monitor needs a name');
    const at = toMs(now);
    const settings = input.settings ?? {};
    const params = { name: input.name, url: input.url, source: input.source, settings: JSON.stringify(settings), now: at };
    // Insert, else update: two single statements rather than a transaction, so adding a monitor
    // is one round trip. A delete in between makes the update miss; then the insert is tried again.
    for (;;) {
      if (await this.db.one(Q.INSERT_MONITOR, params)) {
        const iso = new Date(at).toISOString();
        const { name, url, source } = input;
        return { monitor: { name, url, source, settings, createdAt: iso, updatedAt: iso, last: null }, created: true };
      }
      if ((await this.db.run(Q.UPDATE_MONITOR, params)) > 0) return { monitor: (await this.getMonitor(input.name))!, created: false };
    }
  }

  async getMonitor(name: string): Promise<MonitorRecord | null> {
    const row = await this.db.one<MonitorRow>(Q.GET_MONITOR, { name });
    return row === undefined ? null : monitorFromRow(row);
  }

  async listMonitors(options: ListMonitorsOptions = {}): Promise<MonitorPage> {
    const limit = clampLimit(options.limit, 100, 1000);
    const params = { after: decodeNameCursor(options.cursor) ?? '', limit: limit + 1 };
    const rows = options.source === undefined
      ? await this.db.all<MonitorRow>(Q.LIST_MONITORS, params)
      : await this.db.all<MonitorRow>(Q.LIST_MONITORS_BY_SOURCE, { ...params, source: options.source });
    const monitors = rows.slice(0, limit).map(monitorFromRow);
    const next = rows.length > limit ? encodeCursor(monitors.at(-1)!.name) : null;
    return { monitors, next };
  }

  async deleteMonitor(name: string): Promise<boolean> {
    return (await this.db.run(Q.DELETE_MONITOR, { name })) > 0;
  }

  setPaused(name: string, at: Instant | null): Promise<boolean> {
    return setPaused(this.db, name, at);
  }

  listPaused(): Promise<Map<string, string>> {
    return listPaused(this.db);
  }

  insertResults(batch: ResultInput[]): Promise<void> {
    return this.buffer.add(batch);
  }

  async listResults(monitor: string, options: ListResultsOptions = {}): Promise<ResultRecord[]> {
    const rows = await this.db.all<ResultRow>(Q.LIST_RESULTS, {
      monitor,
      since: options.since === undefined ? 0 : toMs(options.since),
      before: options.before === undefined ? Number.MAX_SAFE_INTEGER : toMs(options.before),
      limit: clampLimit(options.limit, 100, 10_000),
    });
    return rows.map(resultFromRow);
  }

  async openIncident(monitor: string, verdict: Verdict, at: Instant, diagnosis: DiagnoseReport | null = null): Promise<IncidentRecord> {
    // Cut to size before the transaction: the write lock is not held while a large one is trimmed.
    const report = diagnosis === null ? null : boundedDiagnosisJson(diagnosis);
    const id = await this.db.transaction(async (tx) => {
      const found = await tx.one<{ id: number | string }>(Q.MONITOR_EXISTS, { name: monitor });
      if (found === undefined) throw new StoreNotFound(`no monitor named "${monitor}"`);
      const row = await tx.one<{ id: number | string }>(Q.OPEN_INCIDENT, {
        monitorId: Number(found.id), at: toMs(at), verdict: JSON.stringify(verdict),
      });
      if (row !== undefined) {
        await addEvent(tx, Number(row.id), at, 'opened', verdict);
        if (report !== null) await addDiagnosis(tx, Number(row.id), at, 'opened', report);
        return Number(row.id);
      }
      return Number((await tx.one<IncidentRow>(Q.OPEN_INCIDENT_FOR, { monitor }))!.id);
    });
    return this.incident(id);
  }

  async updateIncidentVerdict(id: number, verdict: Verdict, at: Instant, diagnosis: DiagnoseReport | null = null): Promise<IncidentRecord> {
    const report = diagnosis === null ? null : boundedDiagnosisJson(diagnosis);
    await this.db.transaction(async (tx) => {
      if ((await tx.run(Q.UPDATE_INCIDENT_VERDICT, { id, verdict: JSON.stringify(verdict) })) > 0) {
        await addEvent(tx, id, at, 'verdict-changed', verdict);
        if (report !== null) await addDiagnosis(tx, id, at, 'rediagnosed', report);
      }
    });
    return this.incident(id);
  }

  async addIncidentDiagnosis(id: number, diagnosis: DiagnoseReport, at: Instant): Promise<boolean> {
    const report = boundedDiagnosisJson(diagnosis);
    return this.db.transaction(async (tx) => {
      if ((await tx.one(Q.INCIDENT_IS_OPEN, { id })) === undefined) return false;
      await addDiagnosis(tx, id, at, 'rediagnosed', report);
      return true;
    });
  }

  getIncident(id: number): Promise<IncidentDetail | null> {
    return incidentDetail(this.db, id);
  }

  async closeIncident(id: number, at: Instant): Promise<IncidentRecord> {
    await this.db.transaction(async (tx) => {
      if ((await tx.run(Q.CLOSE_INCIDENT, { id, at: toMs(at) })) > 0) await addEvent(tx, id, at, 'closed', null);
    });
    return this.incident(id);
  }

  async openIncidentFor(monitor: string): Promise<IncidentRecord | null> {
    const row = await this.db.one<IncidentRow>(Q.OPEN_INCIDENT_FOR, { monitor });
    return row === undefined ? null : (await withTimelines(this.db, [row]))[0]!;
  }

  async listIncidents(options: ListIncidentsOptions = {}): Promise<IncidentPage> {
    const limit = clampLimit(options.limit, 50, Q.EVENT_SLOTS);
    const sql = Q.listIncidentsSql({ monitor: options.monitor !== undefined, open: options.open });
    const rows = await this.db.all<IncidentRow>(sql, {
      before: decodeIdCursor(options.cursor) ?? Number.MAX_SAFE_INTEGER, limit: limit + 1,
      ...(options.monitor === undefined ? {} : { monitor: options.monitor }),
    });
    const incidents = await withTimelines(this.db, rows.slice(0, limit));
    return { incidents, next: rows.length > limit ? encodeCursor(incidents.at(-1)!.id) : null };
  }

  async rollup(now: Instant): Promise<RollupOutcome> {
    // Redo only what results written since the last run can have changed (see rollup.ts); the
    // first run of this store knows nothing of what came before it.
    const hint = this.rolledUp ? { earliestWritten: this.earliestWritten } : undefined;
    const taken = this.earliestWritten;
    this.earliestWritten = Infinity;
    try {
      const outcome = await rollup(this.db, this.retention, now, hint);
      this.rolledUp = true;
      return outcome;
    } catch (error) {
      this.earliestWritten = Math.min(this.earliestWritten, taken);
      throw error;
    }
  }

  prune(now: Instant): Promise<PruneOutcome> {
    return prune(this.db, this.retention, now);
  }

  async listRollups(monitor: string, period: RollupPeriod, options: ListRollupsOptions = {}): Promise<RollupBucket[]> {
    const rows = await this.db.all<RollupRow>(Q.LIST_ROLLUPS(period === 'hour' ? 'rollups_hour' : 'rollups_day'), {
      monitor, since: options.since === undefined ? 0 : toMs(options.since), limit: clampLimit(options.limit, 100, 10_000),
    });
    return rows.map((row) => bucketFromRow(row, period));
  }

  /**
   * Writes whole buckets (history moved from another store; the size bench), in one transaction.
   * Not part of Store: the monitor never needs it. avgMs × count stands in for the latency sum.
   */
  async importRollups(buckets: readonly RollupBucket[]): Promise<void> {
    await this.db.transaction(async (tx) => {
      for (const bucket of buckets) {
        await tx.run(importBucketSql(bucket.period === 'hour' ? 'rollups_hour' : 'rollups_day'), bucketParams(bucket));
      }
    });
  }

  async close(): Promise<void> {
    await this.buffer.close();
    await this.db.close();
  }

  private incident(id: number): Promise<IncidentRecord> {
    return incidentById(this.db, id);
  }
}

function bucketParams(bucket: RollupBucket): Record<string, number | string> {
  const us = (ms: number): number => Math.round(ms * 1000);
  const params: Record<string, number | string> = {
    monitor: bucket.monitor, start: toMs(bucket.start), count: bucket.count, up: bucket.up,
    degraded: bucket.degraded, down: bucket.down, min_us: us(bucket.minMs), max_us: us(bucket.maxMs),
    sum_us: us(bucket.avgMs) * bucket.count, downtime_ms: Math.round(bucket.downtimeSeconds * 1000),
  };
  HISTOGRAM_COLUMNS.forEach((column, i) => { params[column] = bucket.histogram[i] ?? 0; });
  return params;
}

