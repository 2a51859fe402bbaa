// The PostgreSQL schema, as migration steps (migrate.ts): the same tables and keys as SQLite's
// (sqlite-schema.ts), so the shared SQL runs on both. Times are BIGINT epoch milliseconds as in
// SQLite. Columns of `results` are ordered widest first, so no bytes go to alignment padding.
// Names sort in byte order (COLLATE "C") whatever the database's locale, so pages of the monitor
// list come in the same order as SQLite's.
import { rollupColumnsDdl } from './rollup-sql.js';

const rollupTable = (name: string): string => `CREATE TABLE ${name} (
    monitor_id INTEGER NOT NULL REFERENCES monitors (id) ON DELETE CASCADE,
    start BIGINT NOT NULL,
    ${rollupColumnsDdl('INTEGER', 'BIGINT')},
    PRIMARY KEY (monitor_id, start)
  );`;

export const POSTGRES_MIGRATIONS: readonly string[] = [
  `CREATE TABLE monitors (
    id SERIAL PRIMARY KEY,
    name TEXT COLLATE "C" NOT NULL UNIQUE,
    url TEXT NOT NULL,
    source TEXT NOT NULL CHECK (source IN ('config', 'api')),
    settings JSONB NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
  );
  CREATE INDEX monitors_by_source ON monitors (source, name);

  CREATE TABLE results (
    at BIGINT NOT NULL,
    monitor_id INTEGER NOT NULL REFERENCES monitors (id) ON DELETE CASCADE,
    total_us INTEGER NOT NULL,
    duration_ms INTEGER NOT NULL,
    dns_us INTEGER, tcp_us INTEGER, tls_us INTEGER, first_byte_us INTEGER, download_us INTEGER,
    http_status SMALLINT,
    status TEXT NOT NULL,
    cause TEXT NOT NULL,
    error_code TEXT,
    PRIMARY KEY (monitor_id, at)
  );

  ${rollupTable('rollups_hour')}
  ${rollupTable('rollups_day')}

  CREATE TABLE incidents (
    id BIGSERIAL PRIMARY KEY,
    monitor_id INTEGER NOT NULL REFERENCES monitors (id) ON DELETE CASCADE,
    opened_at BIGINT NOT NULL,
    closed_at BIGINT,
    verdict JSONB NOT NULL
  );
  CREATE UNIQUE INDEX incidents_one_open ON incidents (monitor_id) WHERE closed_at IS NULL;
  CREATE INDEX incidents_by_monitor ON incidents (monitor_id, id);

  CREATE TABLE incident_events (
    id BIGSERIAL PRIMARY KEY,
    incident_id BIGINT NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    at BIGINT NOT NULL,
    type TEXT NOT NULL,
    verdict JSONB
  );
  CREATE INDEX incident_events_by_incident ON incident_events (incident_id, id);

  CREATE TABLE meta (key TEXT PRIMARY KEY, value BIGINT NOT NULL);`,

  // As in SQLite (sqlite-schema.ts). `report` is TEXT, not JSONB: it is only ever read whole,
  // TEXT keeps the diagnosis as it was written (JSONB reorders keys), its size is the bound the
  // store checks, and JSONB refuses the \u0000 a garbage-sending target can put in a body sample.
  `CREATE TABLE incident_diagnoses (
    id BIGSERIAL PRIMARY KEY,
    incident_id BIGINT NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    at BIGINT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('opened', 'rediagnosed')),
    report TEXT NOT NULL
  );
  CREATE INDEX incident_diagnoses_by_incident ON incident_diagnoses (incident_id, id);`,

  // Alerts not delivered when whydown stopped (pending-alerts.ts): sent after the next start.
  // `seq` keeps each target's order; the message is the alert's JSON as the queue held it.
  `CREATE TABLE pending_alerts (
    target TEXT NOT NULL,
    id TEXT NOT NULL,
    seq BIGINT NOT NULL,
    message TEXT NOT NULL,
    PRIMARY KEY (target, id)
  );`,

  // Paused monitors (paused.ts): not checked until resumed, over restarts too. A row per paused
  // monitor, gone with the monitor.
  `CREATE TABLE paused_monitors (
    monitor_id INTEGER PRIMARY KEY REFERENCES monitors (id) ON DELETE CASCADE,
    paused_at BIGINT NOT NULL
  );`,

  // As in SQLite (sqlite-schema.ts).
  `CREATE TABLE push_reports (
    monitor TEXT COLLATE "C" PRIMARY KEY REFERENCES monitors (name) ON DELETE CASCADE,
    at BIGINT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('up', 'down')),
    message TEXT,
    ping_ms BIGINT
  );`,

  // Dashboard sign-ins (src/serve/web/dashboard/session-store.ts): kept so they survive a restart.
  // `id_hash` is the SHA-256 of the cookie's random id: a copy of the database opens no session.
  `CREATE TABLE web_sessions (
    id_hash TEXT PRIMARY KEY,
    user_name TEXT NOT NULL,
    csrf TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    seen_at BIGINT NOT NULL
  );
  CREATE INDEX web_sessions_by_seen ON web_sessions (seen_at);`,

  // As in SQLite (sqlite-schema.ts): where each result was checked from and for which slot,
  // unique per (monitor, vantage, slot). The primary key gains the vantage, so a hub and an
  // agent checking in the same millisecond both keep their result.
  `ALTER TABLE results ADD COLUMN vantage TEXT NOT NULL DEFAULT 'local';
  ALTER TABLE results ADD COLUMN slot BIGINT;
  UPDATE results SET slot = at;
  ALTER TABLE results ALTER COLUMN slot SET NOT NULL;
  ALTER TABLE results DROP CONSTRAINT results_pkey;
  ALTER TABLE results ADD PRIMARY KEY (monitor_id, at, vantage);
  CREATE UNIQUE INDEX results_one_per_slot ON results (monitor_id, vantage, slot);`,

  // Several hubs on one database (src/serve/hubs/): each running `whydown serve` has a row with a
  // heartbeat; monitors are divided in shards (hubs/shards.ts), each leased by one hub at a time
  // with an epoch that grows at every change of hands (the fencing token). `pending_alerts.hub`
  // says which hub is sending a kept alert, so two hubs never both send it.
  `CREATE TABLE hubs (
    name TEXT PRIMARY KEY,
    host TEXT NOT NULL,
    pid INTEGER NOT NULL,
    version TEXT NOT NULL,
    started BIGINT NOT NULL,
    heartbeat BIGINT NOT NULL,
    monitors INTEGER NOT NULL DEFAULT 0
  );
  CREATE TABLE hub_leases (
    shard INTEGER PRIMARY KEY,
    hub TEXT,
    epoch BIGINT NOT NULL DEFAULT 0,
    expires BIGINT NOT NULL DEFAULT 0
  );
  ALTER TABLE pending_alerts ADD COLUMN hub TEXT;`,
];
