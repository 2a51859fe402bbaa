// The statements both stores run, with `:name` parameters (sql.ts). Tables are keyed by the
// monitor's integer id; names are looked up in the statement, so no cache can go stale when a
// monitor is deleted and made again.

const MONITOR_COLUMNS = `m.name, m.url, m.source, m.settings, m.created_at, m.updated_at,
  r.at AS last_at, r.status AS last_status, r.cause AS last_cause`;
// The newest result of each listed monitor: one seek on the results key per monitor.
const LAST_RESULT = `LEFT JOIN results r ON r.monitor_id = m.id
  AND r.at = (SELECT MAX(at) FROM results WHERE monitor_id = m.id)`;

export const GET_MONITOR = `SELECT ${MONITOR_COLUMNS} FROM monitors m ${LAST_RESULT} WHERE m.name = :name`;

/** Keyset pagination: names after :after ('' for the first page, as no name is empty). */
export const LIST_MONITORS = `SELECT ${MONITOR_COLUMNS} FROM monitors m ${LAST_RESULT}
  WHERE m.name > :after ORDER BY m.name LIMIT :limit`;
export const LIST_MONITORS_BY_SOURCE = `SELECT ${MONITOR_COLUMNS} FROM monitors m ${LAST_RESULT}
  WHERE m.source = :source AND m.name > :after ORDER BY m.name LIMIT :limit`;

export const MONITOR_EXISTS = 'SELECT id FROM monitors WHERE name = :name';
/** Creating is one statement: a new monitor needs no second look (it has no results yet). */
export const INSERT_MONITOR = `INSERT INTO monitors (name, url, source, settings, created_at, updated_at)
  VALUES (:name, :url, :source, :settings, :now, :now)
  ON CONFLICT (name) DO NOTHING RETURNING id`;
export const UPDATE_MONITOR = `UPDATE monitors SET url = :url, source = :source, settings = :settings, updated_at = :now
  WHERE name = :name`;
export const DELETE_MONITOR = 'DELETE FROM monitors WHERE name = :name';

export const LIST_RESULTS = `SELECT m.name AS monitor, r.at, r.vantage, r.status, r.cause, r.http_status, r.error_code,
    r.duration_ms, r.total_us, r.dns_us, r.tcp_us, r.tls_us, r.first_byte_us, r.download_us
  FROM monitors m JOIN results r ON r.monitor_id = m.id
  WHERE m.name = :monitor AND r.at >= :since AND r.at < :before
  ORDER BY r.at DESC LIMIT :limit`;

const INCIDENT_COLUMNS = 'i.id, m.name AS monitor, i.opened_at, i.closed_at, i.verdict';

/**
 * Does nothing when the monitor has an open incident already (one open per monitor, by index).
 * VALUES, not INSERT … SELECT, so PostgreSQL takes each parameter's type from its column.
 */
export const OPEN_INCIDENT = `INSERT INTO incidents (monitor_id, opened_at, verdict) VALUES (:monitorId, :at, :verdict)
  ON CONFLICT (monitor_id) WHERE closed_at IS NULL DO NOTHING
  RETURNING id`;
export const GET_INCIDENT = `SELECT ${INCIDENT_COLUMNS} FROM incidents i JOIN monitors m ON m.id = i.monitor_id
  WHERE i.id = :id`;
export const OPEN_INCIDENT_FOR = `SELECT ${INCIDENT_COLUMNS} FROM incidents i JOIN monitors m ON m.id = i.monitor_id
  WHERE m.name = :monitor AND i.closed_at IS NULL`;
export const UPDATE_INCIDENT_VERDICT = 'UPDATE incidents SET verdict = :verdict WHERE id = :id AND closed_at IS NULL';
export const CLOSE_INCIDENT = 'UPDATE incidents SET closed_at = :at WHERE id = :id AND closed_at IS NULL';
export const ADD_INCIDENT_EVENT = `INSERT INTO incident_events (incident_id, at, type, verdict)
  VALUES (:id, :at, :type, :verdict)`;

export const INCIDENT_IS_OPEN = 'SELECT id FROM incidents WHERE id = :id AND closed_at IS NULL';
export const ADD_INCIDENT_DIAGNOSIS = `INSERT INTO incident_diagnoses (incident_id, at, kind, report)
  VALUES (:id, :at, :kind, :report)`;
/** Keeps the newest :keep re-diagnoses of an incident; the opening diagnosis always stays. */
export const PRUNE_REDIAGNOSES = `DELETE FROM incident_diagnoses
  WHERE incident_id = :id AND kind = 'rediagnosed' AND id NOT IN (
    SELECT id FROM incident_diagnoses WHERE incident_id = :id AND kind = 'rediagnosed' ORDER BY id DESC LIMIT :keep)`;
export const LIST_INCIDENT_DIAGNOSES = `SELECT kind, report FROM incident_diagnoses
  WHERE incident_id = :id ORDER BY id`;

/** Newest first by id (ids grow with time); `filters` are fixed SQL fragments, never input. */
export function listIncidentsSql(filters: { monitor: boolean; open: boolean | undefined }): string {
  const where = ['i.id < :before'];
  if (filters.monitor) where.push('m.name = :monitor');
  if (filters.open === true) where.push('i.closed_at IS NULL');
  if (filters.open === false) where.push('i.closed_at IS NOT NULL');
  return `SELECT ${INCIDENT_COLUMNS} FROM incidents i JOIN monitors m ON m.id = i.monitor_id
    WHERE ${where.join(' AND ')} ORDER BY i.id DESC LIMIT :limit`;
}

/** The events of up to 100 incidents at once (:i0 … :i99; unused slots are given -1). */
export const EVENT_SLOTS = 100;
export const LIST_INCIDENT_EVENTS = `SELECT incident_id, at, type, verdict FROM incident_events
  WHERE incident_id IN (${Array.from({ length: EVENT_SLOTS }, (_, i) => `:i${i}`).join(', ')})
  ORDER BY incident_id, id`;

export const LIST_ROLLUPS = (table: 'rollups_hour' | 'rollups_day'): string =>
  `SELECT m.name AS monitor, b.* FROM monitors m JOIN ${table} b ON b.monitor_id = m.id
   WHERE m.name = :monitor AND b.start >= :since ORDER BY b.start DESC LIMIT :limit`;
