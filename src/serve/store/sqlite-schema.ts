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
