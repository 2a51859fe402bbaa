// One hub among several on PostgreSQL, wired to its engine: the leases decide which monitors it
// checks (Ownership), shards taken are adopted (adopt.ts), shards lost forget their incident
// state, the monitors of other hubs show the store's newest result, and news of API and config
// changes travel between hubs by LISTEN/NOTIFY.
import pg from 'pg';
import type { MonitorEngine, Ownership } from '../engine/engine.js';
import type { HubsInfo } from '../engine/types.js';
import { count } from '../../core/render/text.js';
import { adoptMonitors, lastResults, observeRow, type QueryRows } from './adopt.js';
import type { HubIdentity } from './identity.js';
import { CHANNEL } from './pg-hub-sql.js';
import { PostgresHubs, type TakenShard } from './pg-hubs.js';
import { DEFAULT_HUB_TIMING, type HubTiming } from './timing.js';

export interface PostgresHubLinkOptions {
  url: string;
  identity: HubIdentity;
  log: (line: string) => void;
  /** Another hub reloaded its config file: read ours again. */
  onConfigNews?: () => void;
  timing?: HubTiming;
  /** How often the monitors other hubs check get their newest result from the store (default 10 s). */
  observeMs?: number;
}

interface News {
  from: string;
  kind: 'monitor' | 'config';
  name?: string;
}

/** Before the engine exists: it asks this whether it may check a monitor. */
export class PostgresHubLink implements Ownership {
  private hubs: PostgresHubs | null = null;
  private engine: MonitorEngine | null = null;
  private listener: pg.Client | null = null;
  private readonly timers = new Set<NodeJS.Timeout>();
  private observeTimer: NodeJS.Timeout | undefined;
  private stopped = false;
  private adopting: Promise<void> = Promise.resolve();
  private readonly adoptingShards = new Set<number>();

  constructor(private readonly options: PostgresHubLinkOptions) {}

  mayCheck(name: string): boolean {
    const hubs = this.hubs;
    if (!hubs?.mayCheck(name)) return false;
    // A shard just taken is checked once its monitors' incident state is loaded: a failure
    // handled before would not know of the incident another hub opened, and open one again.
    return this.adoptingShards.size === 0 || !this.adoptingShards.has(hubs.shard(name));
  }

  /** Joins the hubs (refusing another version), after the engine has loaded its monitors; takes a first share. */
  async start(engine: MonitorEngine, claimKeptAlerts?: () => Promise<void>): Promise<void> {
    this.engine = engine;
    const timing = this.options.timing ?? DEFAULT_HUB_TIMING;
    this.hubs = await PostgresHubs.join(this.options.url, this.options.identity, {
      gained: (shards) => this.gained(shards),
      lost: (shards) => this.lost(shards),
      heldMonitors: () => this.heldMonitors(),
      log: this.options.log,
    }, timing);
    // Incidents restored at the engine's start belong to whichever hub holds their monitor.
    for (const state of engine.states()) engine.incidents.forget(state.name);
    const hubs = this.hubs;
    const info: HubsInfo = { name: this.options.identity.name, heldMonitors: () => this.heldMonitors(), list: () => hubs.list() };
    engine.hubs = info;
    await this.listen();
    // Alerts kept by hubs that stopped go out first, before this hub checks anything.
    await claimKeptAlerts?.().catch((error: unknown) => this.options.log(`hub ${this.options.identity.name}: kept alerts not read: ${error instanceof Error ? error.message : String(error)}`));
    await hubs.start();
    this.options.log(`hub ${this.options.identity.name}: ${count(hubs.live, 'hub')} on this database; this one holds ${hubs.heldShards} of the shards (${count(this.heldMonitors(), 'monitor')})`);
    this.scheduleObserve();
  }

  /** Tells the other hubs an API monitor changed. */
  monitorChanged(name: string): void {
    this.announce({ kind: 'monitor', name });
  }

  /** Tells the other hubs the config file was reloaded here. */
  configReloaded(): void {
    this.announce({ kind: 'config' });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.observeTimer);
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    await this.adopting;
    await this.listener?.end().catch(() => undefined);
    await this.hubs?.stop();
  }

  private heldMonitors(): number {
    if (!this.engine || !this.hubs) return 0;
    let held = 0;
    for (const state of this.engine.states()) if (this.hubs.holds(state.name)) held++;
    return held;
  }

  private namesIn(shards: readonly number[]): string[] {
    const wanted = new Set(shards);
    const names: string[] = [];
    for (const state of this.engine?.states() ?? []) if (wanted.has(this.hubs!.shard(state.name))) names.push(state.name);
    return names;
  }

  private gained(shards: readonly TakenShard[]): void {
    const engine = this.engine;
    if (!engine || this.stopped) return;
    const since = new Map(shards.map((taken) => [taken.shard, taken.since]));
    for (const taken of shards) this.adoptingShards.add(taken.shard);
    const names = this.namesIn(shards.map((taken) => taken.shard));
    const timing = this.options.timing ?? DEFAULT_HUB_TIMING;
    const window = (name: string): number => since.get(this.hubs!.shard(name)) ?? Infinity;
    this.adopting = this.adopting.then(() => adoptMonitors(engine, this.query, names, { since: window, spreadMs: timing.makeUpSpreadMs }, this.timers)).finally(() => {
      for (const taken of shards) this.adoptingShards.delete(taken.shard);
    }).then(
      (outcome) => {
        if (outcome.madeUp > 0 || outcome.incidents > 0) {
          this.options.log(`hub ${this.options.identity.name}: took ${count(shards.length, 'shard')} (${count(names.length, 'monitor')}): `
            + `${count(outcome.madeUp, 'missed slot')} checked now, ${count(outcome.incidents, 'open incident')} taken over`);
        }
      },
      (error: unknown) => this.options.log(`hub ${this.options.identity.name}: taking over monitors: ${error instanceof Error ? error.message : String(error)}`),
    );
  }

  private lost(shards: readonly number[]): void {
    for (const name of this.namesIn(shards)) this.engine?.incidents.forget(name);
  }

  private readonly query: QueryRows = (text, values) => this.hubs!.query(text, values);

  /** The monitors other hubs check: their newest result from the store, for /metrics and status pages. */
  private scheduleObserve(): void {
    if (this.stopped) return;
    this.observeTimer = setTimeout(() => {
      const engine = this.engine!;
      const names: string[] = [];
      for (const state of engine.states()) if (!this.hubs!.holds(state.name)) names.push(state.name);
      lastResults(this.query, names).then(
        (rows) => { for (const row of rows) if (!this.hubs!.holds(row.name)) observeRow(engine, row); },
        () => undefined, // the database is away: the next round
      ).finally(() => this.scheduleObserve());
    }, this.options.observeMs ?? 10_000);
  }

  private announce(news: Omit<News, 'from'>): void {
    const payload = JSON.stringify({ from: this.options.identity.name, ...news });
    this.hubs?.query('SELECT pg_notify($1, $2)', [CHANNEL, payload]).catch((error: unknown) => {
      this.options.log(`hub ${this.options.identity.name}: could not tell the other hubs of a change (${error instanceof Error ? error.message : String(error)}); they see it after a restart`);
    });
  }

  /** A connection of its own that LISTENs; when it drops, another, and whatever news was missed is read from the store. */
  private async listen(): Promise<void> {
    if (this.stopped) return;
    const client = new pg.Client({ connectionString: this.options.url, connectionTimeoutMillis: 5000 });
    let reconnecting = false;
    const again = (): void => {
      if (reconnecting || this.stopped) return;
      reconnecting = true;
      void client.end().catch(() => undefined);
      setTimeout(() => {
        void this.listen().then(() => this.engine?.reloadApiMonitors()).catch(() => undefined);
      }, 1000).unref();
    };
    client.on('error', again);
    client.on('end', again);
    client.on('notification', (message) => this.onNews(message.payload));
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
      this.listener = client;
    } catch {
      again();
    }
  }

  private onNews(payload: string | undefined): void {
    let news: News;
    try {
      news = JSON.parse(payload ?? '') as News;
    } catch {
      return;
    }
    if (news.from === this.options.identity.name) return;
    if (news.kind === 'monitor' && typeof news.name === 'string') {
      this.engine?.reloadApiMonitor(news.name).catch((error: unknown) => {
        this.options.log(`hub ${this.options.identity.name}: monitor ${news.name} changed on hub ${news.from}, not reloaded: ${error instanceof Error ? error.message : String(error)}`);
      });
    } else if (news.kind === 'config') {
      this.options.onConfigNews?.();
    }
  }
}
