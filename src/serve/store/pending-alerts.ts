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
  /**
   * `hub`: several hubs on PostgreSQL. Each kept alert is claimed by one live hub, which sends
   * it; alerts kept by a hub that stopped or died are claimed by another (see list()).
   */
  constructor(private readonly db: Database, private readonly hub?: { name: string; deadAfterMs: number }) {}

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

  /** Every kept alert, oldest first; with several hubs, those no live hub is sending, now claimed by this one. */
  async list(): Promise<PendingAlertRow[]> {
    if (this.hub && this.db.dialect.name === 'postgres') {
      // The row lock of UPDATE makes the claim one hub's: a second hub's UPDATE waits, then sees
      // the row claimed by a live hub and leaves it.
      const rows = await this.db.all<PendingAlertRow & { seq: string | number }>(`UPDATE pending_alerts SET hub = :hub
        WHERE hub IS NULL OR hub NOT IN (SELECT name FROM hubs WHERE heartbeat > (extract(epoch from clock_timestamp()) * 1000)::bigint - :dead)
        RETURNING target, id, message, seq`, { hub: this.hub.name, dead: this.hub.deadAfterMs });
      return rows.sort((x, y) => Number(x.seq) - Number(y.seq)).map(({ target, id, message }) => ({ target, id, message }));
    }
    return this.db.all<PendingAlertRow>('SELECT target, id, message FROM pending_alerts ORDER BY seq');
  }

  /** The alert has been delivered or given up. */
  async remove(target: string, id: string): Promise<void> {
    await this.db.run('DELETE FROM pending_alerts WHERE target = :target AND id = :id', { target, id });
  }
}

/** The store's kept alerts, or null for a store that is not SQL-backed (tests' fakes). */
export function pendingAlertsOf(store: Store, hub?: { name: string; deadAfterMs: number }): PendingAlerts | null {
  return store instanceof SqlStore ? new PendingAlerts(store.db, hub) : null;
}
