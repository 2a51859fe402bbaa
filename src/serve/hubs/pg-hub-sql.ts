// The statements of several hubs on PostgreSQL. Every time is the database's clock in epoch ms,
// never a hub's: hubs on machines whose clocks differ still agree on who holds what.
export const NOW_MS = '(extract(epoch from clock_timestamp()) * 1000)::bigint';

/** Serialises joins: two hubs starting at once both see each other's version. */
export const JOIN_LOCK = "SELECT pg_advisory_xact_lock(hashtext('whydown-hubs-join'))";

export const LIVE_OTHERS = `SELECT name, version, heartbeat FROM hubs
  WHERE name <> $1 AND heartbeat > ${NOW_MS} - $2::bigint ORDER BY name`;

export const UPSERT_HUB = `INSERT INTO hubs (name, host, pid, version, started, heartbeat, monitors)
  VALUES ($1, $2, $3, $4, ${NOW_MS}, ${NOW_MS}, 0)
  ON CONFLICT (name) DO UPDATE SET host = EXCLUDED.host, pid = EXCLUDED.pid, version = EXCLUDED.version,
    started = EXCLUDED.started, heartbeat = EXCLUDED.heartbeat, monitors = 0`;

/** Hubs gone for a day are forgotten. */
export const FORGET_OLD_HUBS = `DELETE FROM hubs WHERE heartbeat < ${NOW_MS} - 86400000`;

export const SEED_LEASES = (shards: number): string =>
  `INSERT INTO hub_leases (shard) SELECT generate_series(0, ${shards - 1}) ON CONFLICT (shard) DO NOTHING`;

export const HEARTBEAT = `UPDATE hubs SET heartbeat = ${NOW_MS}, monitors = $2 WHERE name = $1 RETURNING ${NOW_MS} AS now`;

/** Renews the leases this hub holds with these epochs and that have not run out. */
export const RENEW = `UPDATE hub_leases l SET expires = ${NOW_MS} + $2::bigint
  FROM unnest($3::int[], $4::bigint[]) AS h(shard, epoch)
  WHERE l.shard = h.shard AND l.epoch = h.epoch AND l.hub = $1 AND l.expires > ${NOW_MS}
  RETURNING l.shard`;

/**
 * Gives shards back: free at once (the hub stopped checking them a beat ago), and their epoch
 * changes when taken. `expires` says when: slots from then on are the next holder's.
 */
export const RELEASE = `UPDATE hub_leases l SET expires = ${NOW_MS}
  FROM unnest($2::int[], $3::bigint[]) AS h(shard, epoch)
  WHERE l.shard = h.shard AND l.epoch = h.epoch AND l.hub = $1`;

export const LIVE_COUNT = `SELECT count(*)::int AS live FROM hubs WHERE heartbeat > ${NOW_MS} - $1::bigint`;

/** Free shards, locked so two hubs never take the same one; random so two hubs rarely want the same. */
export const FREE_SHARDS = `SELECT shard, expires FROM hub_leases WHERE expires <= ${NOW_MS}
  ORDER BY random() LIMIT $1 FOR UPDATE SKIP LOCKED`;

export const TAKE = `UPDATE hub_leases SET hub = $1, epoch = epoch + 1, expires = ${NOW_MS} + $2::bigint
  WHERE shard = ANY($3::int[]) RETURNING shard, epoch`;

export const LEAVE = 'DELETE FROM hubs WHERE name = $1';

export const LIST_HUBS = `SELECT name, heartbeat, monitors, version, ${NOW_MS} AS now FROM hubs
  WHERE heartbeat > ${NOW_MS} - $1::bigint ORDER BY name`;

/** Each named monitor's newest result (its time and status) and whether it has an open incident. */
export const LAST_RESULTS = `SELECT m.name, r.at, r.status, r.total_us, r.http_status,
    EXISTS (SELECT 1 FROM incidents i WHERE i.monitor_id = m.id AND i.closed_at IS NULL) AS open
  FROM monitors m
  LEFT JOIN LATERAL (SELECT at, status, total_us, http_status FROM results
    WHERE monitor_id = m.id ORDER BY at DESC LIMIT 1) r ON true
  WHERE m.name = ANY($1::text[])`;

export const CHANNEL = 'whydown_hubs';
