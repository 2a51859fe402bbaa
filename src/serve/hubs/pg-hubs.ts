// Several `whydown serve` on one PostgreSQL. Each hub has a row with a heartbeat; the monitors
// are divided in shards (shards.ts), each leased by one hub. Every beat a hub renews its row and
// its leases, gives back shards beyond its fair share (a few per beat, so a hub that comes back
// takes its share gradually), and takes free or run-out shards up to its share with
// SELECT … FOR UPDATE SKIP LOCKED. PostgreSQL's clock decides when a lease runs out.
//
// Fencing: a hub trusts a lease only until (time the renewal was sent) + lease length, on its own
// monotonic clock. A hub paused (SIGSTOP, a VM frozen) or cut off from PostgreSQL finds, when it
// runs again, that this moment has passed, and checks nothing of that shard until a renewal
// succeeds — which it cannot once another hub took the shard: every change of hands raises the
// shard's epoch, and a renewal names the epoch it holds.
import pg from 'pg';
import { performance } from 'node:perf_hooks';
import { WhydownError } from '../../core/errors.js';
import type { HubIdentity } from './identity.js';
import { fairShare, shardOf, SHARDS } from './shards.js';
import { DEFAULT_HUB_TIMING, LEASE_MARGIN_MS, type HubTiming } from './timing.js';
import * as sql from './pg-hub-sql.js';

export interface HubView {
  name: string;
  /** The hub's last heartbeat, ISO 8601. */
  lastSeen: string;
  /** Monitors in the shards it holds, as of its last heartbeat. */
  monitors: number;
  version: string;
}

export interface HubEvents {
  /**
   * Shards this hub now holds (new epoch): adopt their monitors. `since` (database time, epoch ms):
   * when the previous holder's lease ended — it may have checked slots before, never after.
   */
  gained(shards: readonly TakenShard[]): void;
  /** Shards this hub no longer holds (given back, taken, or run out). */
  lost(shards: readonly number[]): void;
  /** How many monitors this hub holds now, for its row. */
  heldMonitors(): number;
  log(line: string): void;
}

export interface TakenShard {
  shard: number;
  since: number;
}

interface Lease {
  epoch: number;
  /** performance.now() after which the lease is not trusted. */
  validUntil: number;
}

/** Before the store migrates the schema: refuse to join hubs of another version (their schema would change under them). */
export async function checkBeforeOpen(url: string, identity: HubIdentity, timing: HubTiming = DEFAULT_HUB_TIMING): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    const exists = await client.query<{ t: string | null }>("SELECT to_regclass('hubs')::text AS t");
    if (!exists.rows[0]?.t) return;
    refuseOtherVersions(identity, (await client.query<OtherHub>(sql.LIVE_OTHERS, [identity.name, timing.deadAfterMs])).rows);
  } catch (error) {
    if (error instanceof WhydownError) throw error;
    // Cannot connect: opening the store says so in its own words.
  } finally {
    await client.end().catch(() => undefined);
  }
}

interface OtherHub {
  name: string;
  version: string;
  heartbeat: string;
}

function refuseOtherVersions(identity: HubIdentity, others: readonly OtherHub[]): void {
  const other = others.find((hub) => hub.version !== identity.version);
  if (other) {
    throw new WhydownError('E_BAD_OPTION', `hub ${other.name} runs whydown ${other.version} on this database, and this is ${identity.version}: `
      + 'several hubs must run the same version (stop the others, or wait for them to be upgraded)');
  }
}

export class PostgresHubs {
  private readonly pool: pg.Pool;
  private readonly held = new Map<number, Lease>();
  /** Shards taken out of use locally, given back in the database at the next beat. */
  private releasing = new Map<number, number>();
  private readonly shardCache = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private beat: Promise<void> = Promise.resolve();
  private stopped = false;
  private failing = false;
  private liveHubs = 1;

  private constructor(url: string, readonly identity: HubIdentity, private readonly events: HubEvents, readonly timing: HubTiming) {
    const bound = Math.min(5000, timing.leaseMs / 2);
    this.pool = new pg.Pool({ connectionString: url, max: 2, connectionTimeoutMillis: bound, idleTimeoutMillis: 30_000, query_timeout: bound });
    this.pool.on('error', () => undefined);
    // A hub paused or cut off in the middle of a beat must not keep its lease rows locked (the
    // others take run-out shards with SKIP LOCKED, and would skip them for as long as it is away):
    // PostgreSQL ends such a session once a lease would have run out anyway, which releases its locks.
    this.pool.on('connect', (client) => {
      client.query(`SET idle_in_transaction_session_timeout = ${timing.leaseMs}; SET statement_timeout = ${Math.round(bound)}`).catch(() => undefined);
    });
  }

  /** Joins the hubs of this database (the schema is migrated already) and takes a first share. */
  static async join(url: string, identity: HubIdentity, events: HubEvents, timing: HubTiming = DEFAULT_HUB_TIMING): Promise<PostgresHubs> {
    const hubs = new PostgresHubs(url, identity, events, timing);
    try {
      await hubs.transaction(async (client) => {
        await client.query(sql.JOIN_LOCK);
        refuseOtherVersions(identity, (await client.query<OtherHub>(sql.LIVE_OTHERS, [identity.name, timing.deadAfterMs])).rows);
        await client.query(sql.FORGET_OLD_HUBS);
        await client.query(sql.UPSERT_HUB, [identity.name, identity.host, identity.pid, identity.version]);
        await client.query(sql.SEED_LEASES(SHARDS));
      });
    } catch (error) {
      await hubs.pool.end().catch(() => undefined);
      throw error;
    }
    return hubs;
  }

  /** Starts beating: the first beat at once (it takes the first share). */
  start(): Promise<void> {
    const first = this.runBeat();
    return first;
  }

  /** Whether this hub may check the monitor now: it holds its shard and the lease has not run out. */
  mayCheck(name: string): boolean {
    const lease = this.held.get(this.shard(name));
    return lease !== undefined && performance.now() < lease.validUntil;
  }

  /** Whether the monitor's shard is held (trusted or not) — for counting. */
  holds(name: string): boolean {
    return this.held.has(this.shard(name));
  }

  shard(name: string): number {
    let shard = this.shardCache.get(name);
    if (shard === undefined) {
      shard = shardOf(name);
      if (this.shardCache.size > 1_000_000) this.shardCache.clear();
      this.shardCache.set(name, shard);
    }
    return shard;
  }

  get heldShards(): number {
    return this.held.size;
  }

  get live(): number {
    return this.liveHubs;
  }

  async list(): Promise<HubView[]> {
    const { rows } = await this.pool.query<{ name: string; heartbeat: string; monitors: number; version: string; now: string }>(sql.LIST_HUBS, [this.timing.deadAfterMs]);
    return rows.map((row) => ({ name: row.name, lastSeen: new Date(Number(row.heartbeat)).toISOString(), monitors: row.monitors, version: row.version }));
  }

  /** A query on the hubs' own connections (not the store's pool, so a busy store never delays a heartbeat). */
  query<T extends pg.QueryResultRow>(text: string, values: unknown[]): Promise<pg.QueryResult<T>> {
    return this.pool.query<T>(text, values);
  }

  /** Stops beating, gives its shards back and leaves (the others take them at their next beat). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.beat.catch(() => undefined);
    const shards = [...this.held.entries(), ...this.releasing.entries()];
    const given = shards.map(([shard]) => shard);
    this.held.clear();
    this.releasing.clear();
    if (given.length > 0) this.events.lost(given);
    try {
      await this.pool.query(sql.RELEASE, [this.identity.name, shards.map(([s]) => s), shards.map(([, l]) => (typeof l === 'number' ? l : l.epoch))]);
      await this.pool.query(sql.LEAVE, [this.identity.name]);
    } catch {
      // The database is away: the leases run out by themselves.
    }
    await this.pool.end().catch(() => undefined);
  }

  private runBeat(): Promise<void> {
    this.beat = this.beatOnce().catch((error: unknown) => {
      if (!this.failing) this.events.log(`hub ${this.identity.name}: cannot reach the database to renew its leases (${error instanceof Error ? error.message : String(error)}); its checks stop when they run out`);
      this.failing = true;
    }).finally(() => {
      this.dropRunOut();
      if (!this.stopped) this.timer = setTimeout(() => { void this.runBeat(); }, this.timing.beatMs);
    });
    return this.beat;
  }

  private async beatOnce(): Promise<void> {
    const sent = performance.now();
    const heldNow = [...this.held.entries()];
    const releasing = [...this.releasing.entries()];
    const outcome = await this.transaction(async (client) => {
      const beat = await client.query(sql.HEARTBEAT, [this.identity.name, this.events.heldMonitors()]);
      if (beat.rowCount === 0) await client.query(sql.UPSERT_HUB, [this.identity.name, this.identity.host, this.identity.pid, this.identity.version]);
      const renewed = await client.query<{ shard: number }>(sql.RENEW, [this.identity.name, this.timing.leaseMs, heldNow.map(([s]) => s), heldNow.map(([, l]) => l.epoch)]);
      if (releasing.length > 0) await client.query(sql.RELEASE, [this.identity.name, releasing.map(([s]) => s), releasing.map(([, e]) => e)]);
      const live = (await client.query<{ live: number }>(sql.LIVE_COUNT, [this.timing.deadAfterMs])).rows[0]?.live ?? 1;
      const want = fairShare(live) - renewed.rowCount!;
      let taken: { shard: number; epoch: string; since: number }[] = [];
      if (want > 0) {
        const free = await client.query<{ shard: number; expires: string }>(sql.FREE_SHARDS, [want]);
        const since = new Map(free.rows.map((r) => [r.shard, Number(r.expires)]));
        if (free.rowCount) {
          taken = (await client.query<{ shard: number; epoch: string }>(sql.TAKE, [this.identity.name, this.timing.leaseMs, free.rows.map((r) => r.shard)]))
            .rows.map((row) => ({ ...row, since: since.get(row.shard) ?? 0 }));
        }
      }
      return { renewed: new Set(renewed.rows.map((r) => r.shard)), taken, live };
    });
    if (this.stopped) return;
    if (this.failing) this.events.log(`hub ${this.identity.name}: the database answers again`);
    this.failing = false;
    for (const [shard] of releasing) this.releasing.delete(shard);
    this.liveHubs = outcome.live;
    const validUntil = sent + this.timing.leaseMs - LEASE_MARGIN_MS;
    const lost: number[] = [];
    for (const [shard, lease] of heldNow) {
      if (this.held.get(shard) !== lease) continue;
      if (outcome.renewed.has(shard)) lease.validUntil = validUntil;
      else {
        this.held.delete(shard);
        lost.push(shard);
      }
    }
    const gained: TakenShard[] = [];
    for (const row of outcome.taken) {
      this.held.set(row.shard, { epoch: Number(row.epoch), validUntil });
      gained.push({ shard: row.shard, since: row.since });
    }
    // More than a fair share (another hub joined): give some back, a few per beat, so the
    // newcomer's share grows over a few beats and the shards' checks carry on without a gap.
    const extra = this.held.size - fairShare(outcome.live);
    if (extra > 0) {
      const give = [...this.held.keys()].sort(() => Math.random() - 0.5).slice(0, Math.min(extra, this.timing.releasePerBeat));
      for (const shard of give) {
        this.releasing.set(shard, this.held.get(shard)!.epoch);
        this.held.delete(shard);
        lost.push(shard);
      }
    }
    if (lost.length > 0) this.events.lost(lost);
    if (gained.length > 0) this.events.gained(gained);
  }

  /** Leases that ran out locally (renewals failing) are dropped, so a later take is a fresh gain. */
  private dropRunOut(): void {
    const now = performance.now();
    const lost: number[] = [];
    for (const [shard, lease] of this.held) {
      if (now >= lease.validUntil) {
        this.held.delete(shard);
        lost.push(shard);
      }
    }
    if (lost.length > 0) this.events.lost(lost);
  }

  private async transaction<R>(work: (client: pg.PoolClient) => Promise<R>): Promise<R> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    // The server may end the session between two statements (the idle-in-transaction limit after
    // this process was starved of CPU): the pool listens only on idle clients, so listen here too.
    const onError = (error: Error): void => { broken = error; };
    client.on('error', onError);
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch((e: Error) => { broken = e; });
      throw error;
    } finally {
      client.off('error', onError);
      client.release(broken);
    }
  }
}
