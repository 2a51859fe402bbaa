// The running monitor: the monitors from the config file and from the API, their schedule,
// their results on the way to the store, and their incidents. `whydown serve` owns one.
import type { Config, MonitorConfig } from '../config/types.js';
import { parseMonitorInput } from '../config/load.js';
import { MaintenanceSchedule } from '../policy/maintenance/index.js';
import type { Interval } from '../../core/time/intervals.js';
import type { MonitorRecord, ResultInput, ResultRecord, Store } from '../store/types.js';
import type { CheckPool } from './check-pool.js';
import { composeChecks } from './checks.js';
import { syncConfigMonitors } from './config-sync.js';
import { count } from '../../core/render/text.js';
import { MonitorEvents } from './events.js';
import { IncidentTracker } from './incidents.js';
import { Limiter } from './limiter.js';
import { PauseList } from './pause.js';
import { Scheduler } from './scheduler.js';
import { PushBoard, pushCheckEvery } from './push.js';
import type { PushReport } from '../store/push-reports.js';
import { pushReportsOf } from '../store/push-reports.js';
import { VantageVotes, checkedFromSeveral, checkedLocally } from '../vantage/votes.js';
import { allMonitors, apiMonitorBody, apiMonitorConfig } from './stored-monitors.js';
import { MonitorConflict, MonitorReadOnly, type HubsInfo, type MonitorService, type MonitorState } from './types.js';

import type { EngineOptions, Ownership } from './engine-options.js';

export type { EngineOptions, Ownership };

interface Watched {
  config: MonitorConfig;
  source: 'config' | 'api';
  state: MonitorState;
}

export class MonitorEngine implements MonitorService {
  readonly store: Store;
  readonly events: MonitorEvents;
  readonly incidents: IncidentTracker;
  readonly pauses: PauseList;
  /** Push monitors' last reports (push.ts). */
  readonly push: PushBoard;
  private config: Config;
  private maintenance: MaintenanceSchedule;
  private readonly watched = new Map<string, Watched>();
  /** API monitors stored but not checked: invalid with the current config (a notify target gone). */
  private readonly invalid = new Set<string>();
  /** Names with an API change under way: a second concurrent change of the same name conflicts. */
  private readonly changing = new Set<string>();
  private readonly scheduler: Scheduler;
  private readonly log: (line: string) => void;
  private readonly check: (monitor: MonitorConfig, at: Date) => Promise<ResultInput>;
  private readonly pool: CheckPool | null;
  private readonly pendingWrites = new Set<Promise<void>>();
  private configChain: Promise<void> = Promise.resolve();
  private skipped = 0;
  /** Monitors checked from several vantages: their incidents open on agreement (vantage/votes.ts). */
  private readonly votes: VantageVotes;
  /** Whether an agent's vantage is online now; the vantage hub sets it (serve.ts). */
  vantageOnline: (name: string) => boolean = () => false;

  private readonly ownership: Ownership | undefined;
  private readonly onApiChange: ((name: string) => void) | undefined;
  /** Monitors with a make-up check under way (hubs: a slot missed during a take-over). */
  private readonly makingUp = new Set<string>();
  /** Several hubs: the hubs' list and this hub's share (the API's /api/v1/hubs, /metrics). */
  hubs: HubsInfo | undefined;

  constructor(options: EngineOptions) {
    this.store = options.store;
    this.pauses = new PauseList(options.store);
    this.ownership = options.ownership;
    this.onApiChange = options.onApiChange;
    this.config = options.config;
    this.maintenance = new MaintenanceSchedule(options.config.maintenance);
    this.log = options.log ?? (() => {});
    this.events = new MonitorEvents((error) => this.log(`an event listener failed: ${String(error)}`));
    this.push = new PushBoard(pushReportsOf(this.store), this.log);
    const checks = composeChecks(options, this.log, this.push, (monitor, result) => this.events.emit('browser.finished', { monitor, result }));
    this.check = checks.check;
    this.pool = checks.pool;
    const runDiagnosis = checks.diagnose;
    const limiter = new Limiter(options.maxConcurrentDiagnoses ?? 4);
    this.incidents = new IncidentTracker({
      store: this.store,
      events: this.events,
      diagnose: (monitor) => limiter.run(() => runDiagnosis(monitor)),
      log: this.log,
      annotate: (monitor, verdict) => this.votes.annotate(monitor, verdict),
    });
    this.votes = new VantageVotes({
      onAgreed: (monitor, result) => this.incidents.onResult(monitor, result),
      isOnline: (name) => this.vantageOnline(name),
    });
    this.scheduler = new Scheduler({
      maxConcurrent: options.maxConcurrentChecks ?? 1024,
      run: (name, slotAt, delayMs) => this.runCheck(name, slotAt, delayMs),
      onSkipped: () => { this.skipped++; },
    });
  }

  /** Loads the monitors (config first, then the API's from the store), restores open incidents, starts checking. */
  async start(): Promise<void> {
    await this.pauses.load();
    await this.applyConfig(this.config);
    await this.loadApiMonitors();
    await this.push.restore();
    const restored = await this.incidents.restore();
    if (restored > 0) this.log(`${count(restored, 'incident')} still open from the last run`);
    this.scheduler.start();
  }

  /** Stops checking, lets running checks finish and their results reach the store. */
  async stop(): Promise<void> {
    await this.scheduler.stop();
    await this.pool?.close();
    await Promise.all(this.pendingWrites);
    await this.incidents.settled();
  }

  get monitorCount(): number {
    return this.watched.size;
  }

  get skippedSlots(): number {
    return this.skipped;
  }

  /** Threads the checks run on besides the main thread (0: on the main thread, or a replaced `check`). */
  get checkThreads(): number {
    return this.pool?.size ?? 0;
  }

  get checksInFlight(): number {
    return this.scheduler.checksInFlight;
  }

  /**
   * Takes a new config: adds, changes and removes the file's monitors (removing one deletes its
   * history: the file is the source of its monitors), and keeps API monitors.
   */
  applyConfig(config: Config): Promise<void> {
    // One reload at a time, in the order they came: two quick saves must not interleave.
    const applied = this.configChain.then(() => this.apply(config));
    this.configChain = applied.catch(() => undefined);
    return applied;
  }

  private async apply(config: Config): Promise<void> {
    this.config = config;
    this.maintenance = new MaintenanceSchedule(config.maintenance);
    await syncConfigMonitors(this.store, config, {
      sourceOf: (name) => this.watched.get(name)?.source,
      watchedFromConfig: () => [...this.watched].filter(([, watched]) => watched.source === 'config').map(([name]) => name),
      watch: (monitor) => this.watch(monitor, 'config'),
      unwatch: (name) => this.unwatch(name),
      log: this.log,
    });
  }

  // --- MonitorService -------------------------------------------------------------------------

  monitor(name: string): MonitorConfig | undefined {
    return this.watched.get(name)?.config;
  }

  sourceOf(name: string): 'config' | 'api' | undefined {
    return this.watched.get(name)?.source ?? (this.invalid.has(name) ? 'api' : undefined);
  }

  *states(): Iterable<MonitorState> {
    for (const watched of this.watched.values()) yield watched.state;
  }

  maintenanceIntervals(name: string, from: number, to: number): readonly Interval[] {
    const monitor = this.watched.get(name)?.config;
    // A monitor not being checked (invalid with this config) is still covered by global windows.
    return this.maintenance.maintenanceIntervals(monitor ?? { name, tags: [], maintenance: [] }, from, to);
  }

  async putApiMonitor(input: unknown, options: { replace: boolean; name?: string }): Promise<{ monitor: MonitorRecord; created: boolean }> {
    const body = apiMonitorBody(input, options.name, (name) => this.watched.get(name)?.config);
    const monitor = parseMonitorInput(body, this.config);
    const source = this.sourceOf(monitor.name);
    if (source === 'config') throw new MonitorReadOnly(monitor.name);
    if ((source === 'api' && !options.replace) || this.changing.has(monitor.name)) throw new MonitorConflict(monitor.name);
    this.changing.add(monitor.name);
    try {
      // The settings are kept as the user gave them: fields left out follow the config's defaults.
      const { name: _name, url: _url, ...settings } = body as Record<string, unknown>;
      const outcome = await this.store.upsertMonitor({ name: monitor.name, url: monitor.url, source: 'api', settings });
      this.invalid.delete(monitor.name);
      this.watch(monitor, 'api');
      this.onApiChange?.(monitor.name);
      return outcome;
    } finally {
      this.changing.delete(monitor.name);
    }
  }

  async removeApiMonitor(name: string): Promise<boolean> {
    const source = this.sourceOf(name);
    if (source === 'config') throw new MonitorReadOnly(name);
    if (source === undefined) return false;
    this.unwatch(name);
    this.invalid.delete(name);
    const deleted = await this.store.deleteMonitor(name);
    this.onApiChange?.(name);
    return deleted;
  }

  // --- several hubs (src/serve/hubs/) ---------------------------------------------------------

  /** Another hub changed this API monitor: take it as the store has it now. */
  async reloadApiMonitor(name: string): Promise<void> {
    if (this.watched.get(name)?.source === 'config') return;
    const record = await this.store.getMonitor(name);
    if (!record || record.source !== 'api') {
      if (this.watched.has(name) || this.invalid.has(name)) {
        this.unwatch(name);
        this.invalid.delete(name);
      }
      return;
    }
    try {
      this.watch(apiMonitorConfig(record, this.config), 'api');
      this.invalid.delete(name);
    } catch {
      this.invalid.add(name);
    }
  }

  /** Every API monitor as the store has it (after missing another hub's news). */
  async reloadApiMonitors(): Promise<void> {
    const stored = await allMonitors(this.store, 'api');
    for (const [name, watched] of this.watched) if (watched.source === 'api' && !stored.has(name)) this.unwatch(name);
    await this.loadApiMonitors();
  }

  /** The newest check of a monitor another hub checks, as the store has it (for /metrics and status pages). */
  observe(name: string, status: MonitorState['status'], latencyMs: number | null): void {
    const watched = this.watched.get(name);
    if (!watched) return;
    watched.state.status = status;
    watched.state.latencyMs = latencyMs;
  }

  /**
   * Checks a monitor now for its slot `slotAt`, which passed while no hub held it (a take-over).
   * Only while this hub may check it, and only before its next slot: from then on the regular
   * slot is the check.
   */
  async makeUp(name: string, slotAt: number): Promise<boolean> {
    const watched = this.watched.get(name);
    if (!watched || this.makingUp.has(name) || this.ownership?.mayCheck(name) === false) return false;
    if (Date.now() >= slotAt + watched.config.intervalMs - Math.min(1000, watched.config.intervalMs / 4)) return false;
    this.makingUp.add(name);
    try {
      await this.runCheck(name, slotAt, Math.max(0, Date.now() - slotAt));
      return true;
    } finally {
      this.makingUp.delete(name);
    }
  }

  async pause(name: string): Promise<boolean> {
    if (this.sourceOf(name) === undefined || !(await this.pauses.pause(name))) return false;
    this.scheduler.delete(name);
    const watched = this.watched.get(name);
    if (watched) watched.state.paused = true;
    return true;
  }

  async resume(name: string): Promise<boolean> {
    if (this.sourceOf(name) === undefined || !(await this.pauses.resume(name))) return false;
    const watched = this.watched.get(name);
    if (watched) {
      delete watched.state.paused;
      this.schedule(watched.config);
    }
    return true;
  }

  pausedAt(name: string): string | undefined {
    return this.pauses.at(name);
  }

  // --- internals ------------------------------------------------------------------------------

  private watch(monitor: MonitorConfig, source: 'config' | 'api'): void {
    const existing = this.watched.get(monitor.name);
    if (existing) {
      existing.config = monitor;
      existing.source = source;
    } else {
      this.watched.set(monitor.name, { config: monitor, source, state: { name: monitor.name, status: 'unknown', latencyMs: null, ...(monitor.type !== undefined && monitor.type !== 'http' ? { type: monitor.type } : {}) } });
    }
    if (this.pauses.has(monitor.name)) {
      this.watched.get(monitor.name)!.state.paused = true;
      return; // not scheduled until resumed
    }
    this.schedule(monitor);
  }

  /** Puts a monitor's checks on the schedule (a push monitor's silence is judged on its own period). */
  private schedule(monitor: MonitorConfig): void {
    if (monitor.type === 'push') this.push.watch(monitor.name);
    this.scheduler.set(monitor.name, monitor.type === 'push' ? pushCheckEvery(monitor) : monitor.intervalMs);
  }

  /**
   * A push monitor's job reported (the API checked its token): kept, then judged at once, so a
   * `down` opens an incident now and an `up` closes it. False when there is no such push monitor.
   */
  async reportPush(name: string, report: Omit<PushReport, 'monitor' | 'at'>, at = new Date()): Promise<boolean> {
    const watched = this.watched.get(name);
    if (!watched || watched.config.type !== 'push') return false;
    await this.push.report({ ...report, monitor: name, at: at.getTime() });
    await this.runCheck(name, at.getTime(), 0);
    return true;
  }

  /** A result from an agent (already stored by the vantage hub): its vote on the monitor's incidents. */
  onVantageResult(vantage: string, result: ResultRecord): void {
    const watched = this.watched.get(result.monitor);
    if (watched) this.votes.onResult(watched.config, vantage, result);
  }

  /** The monitors being checked (the vantage hub hands agents theirs). */
  *monitors(): Iterable<MonitorConfig> {
    for (const watched of this.watched.values()) yield watched.config;
  }

  private unwatch(name: string): void {
    this.votes.forget(name);
    this.watched.delete(name);
    this.scheduler.delete(name);
    this.incidents.forget(name);
    this.pauses.forget(name);
    this.push.forget(name);
  }

  private async loadApiMonitors(): Promise<void> {
    for (const [name, record] of await allMonitors(this.store, 'api')) {
      if (this.watched.has(name)) continue; // the config file took the name
      try {
        this.watch(apiMonitorConfig(record, this.config), 'api');
      } catch (error) {
        this.invalid.add(name);
        this.log(`monitor ${name} (made through the API) is not valid with this config, not checked: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }

  private async runCheck(name: string, slotAt: number, delayMs: number): Promise<void> {
    const watched = this.watched.get(name);
    if (!watched) return;
    if (this.ownership && !this.ownership.mayCheck(name)) return; // another hub's, or a lease not renewed in time
    const monitor = watched.config;
    if (!checkedLocally(monitor)) return; // checked by agents only
    let input: ResultInput;
    try {
      // A push monitor's check only reads its last report: on this thread, no probe. With
      // several hubs the report may have come in through another hub: read the stored one.
      if (monitor.type === 'push' && this.ownership) await this.push.refresh(name);
      input = monitor.type === 'push' ? this.push.check(monitor, new Date(slotAt + delayMs)) : await this.check(monitor, new Date(slotAt + delayMs));
    } catch (error) {
      this.log(`check of ${name} failed: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    const at = new Date(input.at);
    // A check thread that was busy started the check later than asked, and its result says when.
    delayMs = Math.max(delayMs, at.getTime() - slotAt);
    const result: ResultRecord = { ...input, at: at.toISOString(), vantage: 'local', slot: new Date(slotAt).toISOString() };
    if (this.ownership && !this.ownership.mayCheck(name)) {
      // The lease ran out while checking (this hub was paused or cut off): the hub that holds the
      // monitor now checks this slot itself, so this result would count it twice.
      this.log(`result of ${name} at ${result.at} dropped: this hub no longer holds the monitor`);
      return;
    }
    // The check is done: its slot is free even while the store is slow or away (the store holds
    // results and retries); incidents and metrics need not wait for the write either.
    const write = this.store.insertResults([result]).catch((error: unknown) => {
      this.log(`result of ${name} at ${result.at} not stored: ${error instanceof Error ? error.message : String(error)}`);
    });
    this.pendingWrites.add(write);
    void write.finally(() => this.pendingWrites.delete(write));
    if (this.watched.get(name) !== watched) return; // removed while checking
    if (this.pauses.has(name)) return; // paused while checking: no incident opens from it
    watched.state.status = result.status;
    // A tcp monitor's answer is the connection (and banner) itself: no HTTP status to show it.
    const answered = result.httpStatus !== null || ((watched.config.type === 'tcp' || watched.config.type === 'dns') && result.status === 'up');
    watched.state.latencyMs = answered ? result.timings.total : null;
    this.events.emit('check.finished', { monitor, result, delayMs });
    if (checkedFromSeveral(monitor)) this.votes.onResult(monitor, 'local', result);
    else this.incidents.onResult(monitor, result);
  }
}
