// How `whydown serve` takes part in the hubs of its database: on PostgreSQL one of several
// (pg-link.ts), on SQLite the only one (single-hub.ts). serve.ts calls these in order:
// beforeOpen (refuse another version before the schema changes), then the engine is made with
// `ownership`, then start, and stop on the way out.
import type { MonitorEngine, Ownership } from '../engine/engine.js';
import { SqlStore } from '../store/sql-store.js';
import type { Store } from '../store/types.js';
import { hubIdentity, type HubIdentity } from './identity.js';
import { checkBeforeOpen } from './pg-hubs.js';
import { PostgresHubLink } from './pg-link.js';
import { SingleHub } from './single-hub.js';
import { DEFAULT_HUB_TIMING, type HubTiming } from './timing.js';

export interface HubSetupOptions {
  dbUrl: string;
  kind: 'postgres' | 'sqlite';
  /** --hub-name; default host:pid. */
  name?: string;
  log: (line: string) => void;
  timing?: HubTiming;
  /** Another hub reloaded its config: read this one's file again. */
  onConfigNews?: () => void;
}

export class HubSetup {
  readonly identity: HubIdentity;
  private readonly link: PostgresHubLink | null;
  private single: SingleHub | null = null;
  private alertTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: HubSetupOptions) {
    this.identity = hubIdentity(options.name);
    this.link = options.kind === 'postgres' ? new PostgresHubLink({
      url: options.dbUrl,
      identity: this.identity,
      log: options.log,
      ...(options.timing ? { timing: options.timing } : {}),
      ...(options.onConfigNews ? { onConfigNews: options.onConfigNews } : {}),
    }) : null;
  }

  /** Before the store opens (and migrates): a hub of another version on the database refuses this one. */
  async beforeOpen(): Promise<void> {
    if (this.link) await checkBeforeOpen(this.options.dbUrl, this.identity, this.options.timing);
  }

  /** For the engine: absent on SQLite (every monitor is this process's). */
  get ownership(): Ownership | undefined {
    return this.link ?? undefined;
  }

  /** Who claims kept alerts (pending-alerts.ts). */
  get alertClaimer(): { name: string; deadAfterMs: number } | undefined {
    return this.link ? { name: this.identity.name, deadAfterMs: (this.options.timing ?? DEFAULT_HUB_TIMING).deadAfterMs } : undefined;
  }

  monitorChanged = (name: string): void => {
    this.link?.monitorChanged(name);
  };

  configReloaded(): void {
    this.link?.configReloaded();
  }

  /**
   * After the engine started: joins the hubs and takes a share (PostgreSQL), or claims the file
   * (SQLite). `adoptAlerts` is called now and then to send alerts kept by hubs that are gone.
   */
  async start(engine: MonitorEngine, store: Store, adoptAlerts?: () => Promise<void>): Promise<void> {
    if (this.link) {
      await this.link.start(engine, adoptAlerts);
      if (adoptAlerts) this.scheduleAlerts(adoptAlerts);
      return;
    }
    if (this.single) engine.hubs = this.single.info();
  }

  /** SQLite, once the store is open and before anything is checked: the file is this process's, or it is refused. */
  async afterOpen(store: Store, monitorCount: () => number): Promise<void> {
    if (this.link || !(store instanceof SqlStore)) return;
    this.single = await SingleHub.claim(store.db, this.identity, monitorCount);
  }

  async stop(): Promise<void> {
    clearTimeout(this.alertTimer);
    this.alertTimer = undefined;
    await this.link?.stop();
    await this.single?.stop();
  }

  private scheduleAlerts(adoptAlerts: () => Promise<void>): void {
    this.alertTimer = setTimeout(() => {
      adoptAlerts().catch(() => undefined).finally(() => { if (this.alertTimer) this.scheduleAlerts(adoptAlerts); });
    }, 10_000);
  }
}
