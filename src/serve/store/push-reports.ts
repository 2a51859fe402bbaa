// The last report of each push monitor, kept in the monitor's own database so that a restart
// knows since when a job has been silent (and that its last word was `down`). One row per
// monitor, replaced by each report; deleted with the monitor.
//
// Not part of the Store interface: only `whydown serve`'s push monitors need it, over the same
// Database (as pending-alerts.ts).
import type { Database } from './database.js';
import { SqlStore } from './sql-store.js';
import type { Store } from './types.js';

export interface PushReport {
  monitor: string;
  /** Epoch ms. */
  at: number;
  status: 'up' | 'down';
  /** The job's own words (`msg=`), bounded and stripped of control characters by the receiver. */
  message: string | null;
  /** `ping=`: how long the job says its work took, ms. */
  pingMs: number | null;
}

export interface PushReportStore {
  save(report: PushReport): Promise<void>;
  list(): Promise<PushReport[]>;
  /** One monitor's last report (several hubs: the one that holds the monitor reads what another took in). */
  get(monitor: string): Promise<PushReport | undefined>;
}

interface Row {
  monitor: string;
  at: number | string;
  status: 'up' | 'down';
  message: string | null;
  ping_ms: number | string | null;
}

export class SqlPushReports implements PushReportStore {
  constructor(private readonly db: Database) {}

  async save(report: PushReport): Promise<void> {
    const params = { monitor: report.monitor, at: report.at, status: report.status, message: report.message, ping: report.pingMs };
    await this.db.run(`INSERT INTO push_reports (monitor, at, status, message, ping_ms) VALUES (:monitor, :at, :status, :message, :ping)
      ON CONFLICT (monitor) DO UPDATE SET at = excluded.at, status = excluded.status, message = excluded.message, ping_ms = excluded.ping_ms
      WHERE excluded.at >= push_reports.at`, params); // two hubs taking reports at once: the newer stays
  }

  async get(monitor: string): Promise<PushReport | undefined> {
    const row = await this.db.one<Row>('SELECT monitor, at, status, message, ping_ms FROM push_reports WHERE monitor = :monitor', { monitor });
    return row ? fromRow(row) : undefined;
  }

  async list(): Promise<PushReport[]> {
    const rows = await this.db.all<Row>('SELECT monitor, at, status, message, ping_ms FROM push_reports');
    return rows.map(fromRow);
  }
}

const fromRow = (row: Row): PushReport => ({
  monitor: row.monitor, at: Number(row.at), status: row.status, message: row.message,
  pingMs: row.ping_ms === null ? null : Number(row.ping_ms),
});

/** Kept in memory only: for stores that are not SQL-backed (tests' fakes). */
export class MemoryPushReports implements PushReportStore {
  private readonly rows = new Map<string, PushReport>();
  async save(report: PushReport): Promise<void> { this.rows.set(report.monitor, { ...report }); }
  async list(): Promise<PushReport[]> { return [...this.rows.values()]; }
  async get(monitor: string): Promise<PushReport | undefined> { return this.rows.get(monitor); }
}

export function pushReportsOf(store: Store): PushReportStore {
  return store instanceof SqlStore ? new SqlPushReports(store.db) : new MemoryPushReports();
}
