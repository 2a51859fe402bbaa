// Alerts a stopping `whydown serve` had not delivered (a receiver down, in its retry back-off),
// kept in the monitor's own database so the next start sends them. In the store rather than a
// file beside it: PostgreSQL users have no such file, and the alert sits with the incident it is
// about (same backups, same lifetime). Rows stay until the alert is delivered or given up, so a
// crash after the restart does not lose them either.
//
// Not part of the Store interface: only `whydown serve` needs it, over the same Database.
import type { Database } from './database.js';
import { SqlStore } from './sql-store.js';
import type { Store } from './types.js';

export interface PendingAlertRow {
  target: string;
  /** The alert's id (the same on every attempt, so receivers can drop a repeat). */
  id: string;
  /** The alert as JSON. */
  message: string;
}

export class PendingAlerts {
  constructor(private readonly db: Database) {}

  /** Adds alerts, after any already kept; one already kept (same target and id) stays as it is. */
  async save(rows: readonly PendingAlertRow[]): Promise<void> {
    if (rows.length === 0) return;
    await this.db.transaction(async (tx) => {
      const last = await tx.one<{ seq: number | string | null }>('SELECT MAX(seq) AS seq FROM pending_alerts');
      let seq = Number(last?.seq ?? 0);
      for (const row of rows) {
        await tx.run(`INSERT INTO pending_alerts (target, id, seq, message) VALUES (:target, :id, :seq, :message)
          ON CONFLICT (target, id) DO NOTHING`, { ...row, seq: ++seq });
      }
    });
  }

  /** Every kept alert, oldest first. */
  async list(): Promise<PendingAlertRow[]> {
    return this.db.all<PendingAlertRow>('SELECT target, id, message FROM pending_alerts ORDER BY seq');
  }

  /** The alert has been delivered or given up. */
  async remove(target: string, id: string): Promise<void> {
    await this.db.run('DELETE FROM pending_alerts WHERE target = :target AND id = :id', { target, id });
  }
}

/** The store's kept alerts, or null for a store that is not SQL-backed (tests' fakes). */
export function pendingAlertsOf(store: Store): PendingAlerts | null {
  return store instanceof SqlStore ? new PendingAlerts(store.db) : null;
}
