// The SQLite schema, as migration steps (migrate.ts). Raw results are a WITHOUT ROWID table keyed
// (monitor_id, at): the key is the table, so there is no second copy of it in an index, a
// monitor's results lie together in time order (reads and rollups are range scans), and the key
// makes storing a result twice impossible. About 54 bytes per result on disk (bench/store-size.ts).
import { rollupColumnsDdl } from './rollup-sql.js';

const rollupTable = (name: string): string => `CREATE TABLE ${name} (
    monitor_id INTEGER NOT NULL REFERENCES monitors (id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    ${rollupColumnsDdl('INTEGER', 'INTEGER')},
    PRIMARY KEY (monitor_id, start)
  ) WITHOUT ROWID;`;

export const SQLITE_MIGRATIONS: readonly string[] = [
  `CREATE TABLE monitors (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    url TEXT NOT NULL,
    source TEXT NOT NULL CHECK (source IN ('config', 'api')),
    settings TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  );
  CREATE INDEX monitors_by_source ON monitors (source, name);

  CREATE TABLE results (
    monitor_id INTEGER NOT NULL REFERENCES monitors (id) ON DELETE CASCADE,
    at INTEGER NOT NULL,
    status TEXT NOT NULL,
    cause TEXT NOT NULL,
    http_status INTEGER,
    error_code TEXT,
    duration_ms INTEGER NOT NULL,
    total_us INTEGER NOT NULL,
    dns_us INTEGER, tcp_us INTEGER, tls_us INTEGER, first_byte_us INTEGER, download_us INTEGER,
    PRIMARY KEY (monitor_id, at)
  ) WITHOUT ROWID;

  ${rollupTable('rollups_hour')}
  ${rollupTable('rollups_day')}

  CREATE TABLE incidents (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    monitor_id INTEGER NOT NULL REFERENCES monitors (id) ON DELETE CASCADE,
    opened_at INTEGER NOT NULL,
    closed_at INTEGER,
    verdict TEXT NOT NULL
  );
  CREATE UNIQUE INDEX incidents_one_open ON incidents (monitor_id) WHERE closed_at IS NULL;
  CREATE INDEX incidents_by_monitor ON incidents (monitor_id, id);

  CREATE TABLE incident_events (
    id INTEGER PRIMARY KEY,
    incident_id INTEGER NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    at INTEGER NOT NULL,
    type TEXT NOT NULL,
    verdict TEXT
  );
  CREATE INDEX incident_events_by_incident ON incident_events (incident_id, id);

  CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);`,

  // Each incident's whole diagnoses (opening and re-diagnoses), apart from the incidents so a
  // list of incidents never reads them. `report` is the bounded JSON (diagnosis-size.ts).
  `CREATE TABLE incident_diagnoses (
    id INTEGER PRIMARY KEY,
    incident_id INTEGER NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    at INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('opened', 'rediagnosed')),
    report TEXT NOT NULL
  );
  CREATE INDEX incident_diagnoses_by_incident ON incident_diagnoses (incident_id, id);`,

  // Alerts not delivered when whydown stopped (pending-alerts.ts): sent after the next start.
  // `seq` keeps each target's order; the message is the alert's JSON as the queue held it.
  `CREATE TABLE pending_alerts (
    target TEXT NOT NULL,
    id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    message TEXT NOT NULL,
    PRIMARY KEY (target, id)
  );`,

  // Paused monitors (paused.ts): not checked until resumed, over restarts too. A row per paused
  // monitor, gone with the monitor.
  `CREATE TABLE paused_monitors (
    monitor_id INTEGER PRIMARY KEY REFERENCES monitors (id) ON DELETE CASCADE,
    paused_at INTEGER NOT NULL
  );`,

  // The last report of each push monitor (push-reports.ts), so a restart knows since when it is
  // silent. One row per monitor; gone with the monitor.
  `CREATE TABLE push_reports (
    monitor TEXT PRIMARY KEY REFERENCES monitors (name) ON DELETE CASCADE,
    at INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('up', 'down')),
    message TEXT,
    ping_ms INTEGER
  );`,

  // Dashboard sign-ins (src/serve/web/dashboard/session-store.ts): kept so they survive a restart.
  // `id_hash` is the SHA-256 of the cookie's random id: a copy of the database opens no session.
  `CREATE TABLE web_sessions (
    id_hash TEXT PRIMARY KEY,
    user_name TEXT NOT NULL,
    csrf TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    seen_at INTEGER NOT NULL
  );
  CREATE INDEX web_sessions_by_seen ON web_sessions (seen_at);`,

  // Vantages (agents): each result says where it was checked from and for which scheduled slot;
  // (monitor, vantage, slot) is unique, so an agent re-sending a result after a lost ack stores
  // it once. The key stays led by (monitor_id, at): a monitor's results lie together in time
  // order. WITHOUT ROWID tables cannot be altered to a new key, so the table is made again.
  `CREATE TABLE results_v (
    monitor_id INTEGER NOT NULL REFERENCES monitors (id) ON DELETE CASCADE,
    at INTEGER NOT NULL,
    vantage TEXT NOT NULL DEFAULT 'local',
    slot INTEGER NOT NULL,
    status TEXT NOT NULL,
    cause TEXT NOT NULL,
    http_status INTEGER,
    error_code TEXT,
    duration_ms INTEGER NOT NULL,
    total_us INTEGER NOT NULL,
    dns_us INTEGER, tcp_us INTEGER, tls_us INTEGER, first_byte_us INTEGER, download_us INTEGER,
    PRIMARY KEY (monitor_id, at, vantage)
  ) WITHOUT ROWID;
  INSERT INTO results_v (monitor_id, at, vantage, slot, status, cause, http_status, error_code, duration_ms,
      total_us, dns_us, tcp_us, tls_us, first_byte_us, download_us)
    SELECT monitor_id, at, 'local', at, status, cause, http_status, error_code, duration_ms,
      total_us, dns_us, tcp_us, tls_us, first_byte_us, download_us FROM results;
  DROP TABLE results;
  ALTER TABLE results_v RENAME TO results;
  CREATE UNIQUE INDEX results_one_per_slot ON results (monitor_id, vantage, slot);`,

  // As in PostgreSQL (postgres-schema.ts). SQLite means one hub: the row says which process
  // serves this file, so a second one is refused (hubs/single-hub.ts).
  `CREATE TABLE hubs (
    name TEXT PRIMARY KEY,
    host TEXT NOT NULL,
    pid INTEGER NOT NULL,
    version TEXT NOT NULL,
    started INTEGER NOT NULL,
    heartbeat INTEGER NOT NULL,
    monitors INTEGER NOT NULL DEFAULT 0
  );
  CREATE TABLE hub_leases (
    shard INTEGER PRIMARY KEY,
    hub TEXT,
    epoch INTEGER NOT NULL DEFAULT 0,
    expires INTEGER NOT NULL DEFAULT 0
  );
  ALTER TABLE pending_alerts ADD COLUMN hub TEXT;`,
];
