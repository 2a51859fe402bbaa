// A TEST DOUBLE of MonitorService (src/serve/engine/types.ts), for the API's tests and bench: monitors
// in memory and in a real store, with the engine's rules for API changes (conflict, read-only,
// validation through parseMonitorInput), but no scheduling and no probing. recordCheck() and
// openIncident() stand in for what the engine does when a check finishes.
import { parseConfig, parseMonitorInput } from '../../src/serve/config/load.js';
import type { Config, MonitorConfig } from '../../src/serve/config/types.js';
import { MonitorEvents } from '../../src/serve/engine/events.js';
import { monitorSettings } from '../../src/serve/engine/monitor-view.js';
import { MonitorConflict, MonitorReadOnly, type MonitorService, type MonitorState } from '../../src/serve/engine/types.js';
import type { DiagnoseReport, Verdict } from '../../src/core/model.js';
import type { IncidentRecord, MonitorRecord, ResultInput, ResultRecord, Store } from '../../src/serve/store/types.js';

interface Held {
  config: MonitorConfig;
  source: 'config' | 'api';
  state: MonitorState;
}

export class StoreBackedServiceDouble implements MonitorService {
  readonly events = new MonitorEvents((error) => { this.listenerErrors.push(error); });
  readonly listenerErrors: unknown[] = [];
  private readonly held = new Map<string, Held>();

  private constructor(readonly store: Store, private readonly config: Config) {}

  /** `yaml` is a config file's text; its monitors are stored as the config's. */
  static async create(store: Store, yaml = 'monitors: []\n'): Promise<StoreBackedServiceDouble> {
    const double = new StoreBackedServiceDouble(store, parseConfig(yaml));
    for (const monitor of double.config.monitors) {
      await store.upsertMonitor({ name: monitor.name, url: monitor.url, source: 'config', settings: monitorSettings(monitor) });
      double.hold(monitor, 'config');
    }
    return double;
  }

  get apiConfig(): Config['api'] {
    return this.config.api;
  }

  monitor(name: string): MonitorConfig | undefined {
    return this.held.get(name)?.config;
  }

  sourceOf(name: string): 'config' | 'api' | undefined {
    return this.held.get(name)?.source;
  }

  *states(): Iterable<MonitorState> {
    for (const held of this.held.values()) yield held.state;
  }

  async putApiMonitor(input: unknown, options: { replace: boolean; name?: string }): Promise<{ monitor: MonitorRecord; created: boolean }> {
    const body = typeof input === 'object' && input !== null && !Array.isArray(input) ? { ...(input as Record<string, unknown>) } : input;
    if (options.name !== undefined && typeof body === 'object' && body !== null && !('name' in body)) {
      (body as Record<string, unknown>).name = options.name;
    }
    const monitor = parseMonitorInput(body, this.config);
    const source = this.sourceOf(monitor.name);
    if (source === 'config') throw new MonitorReadOnly(monitor.name);
    if (source === 'api' && !options.replace) throw new MonitorConflict(monitor.name);
    const { name: _name, url: _url, ...settings } = body as Record<string, unknown>;
    const outcome = await this.store.upsertMonitor({ name: monitor.name, url: monitor.url, source: 'api', settings });
    this.hold(monitor, 'api');
    return outcome;
  }

  /** Monitors of the double never have maintenance windows. */
  maintenanceIntervals(): readonly [number, number][] {
    return [];
  }

  async removeApiMonitor(name: string): Promise<boolean> {
    const source = this.sourceOf(name);
    if (source === 'config') throw new MonitorReadOnly(name);
    if (source === undefined) return false;
    this.held.delete(name);
    return this.store.deleteMonitor(name);
  }

  /** What the engine does when a check finishes: store the result, update the state, tell listeners. */
  async recordCheck(input: ResultInput, delayMs = 0): Promise<ResultRecord> {
    if (!this.held.has(input.monitor)) throw new Error(`the double holds no monitor ${input.monitor}`);
    const result: ResultRecord = { ...input, at: new Date(input.at).toISOString() };
    await this.store.insertResults([result]);
    this.finishCheck(result, delayMs);
    return result;
  }

  /** The state and event of a check whose result is stored already (the bench writes results in bulk). */
  finishCheck(result: ResultRecord, delayMs = 0): void {
    const held = this.held.get(result.monitor);
    if (!held) throw new Error(`the double holds no monitor ${result.monitor}`);
    held.state.status = result.status;
    held.state.latencyMs = result.httpStatus === null ? null : result.timings.total;
    this.events.emit('check.finished', { monitor: held.config, result, delayMs });
  }

  async openIncident(name: string, verdict: Verdict, at: Date, diagnosis: DiagnoseReport | null = null): Promise<IncidentRecord> {
    const held = this.held.get(name);
    if (!held) throw new Error(`the double holds no monitor ${name}`);
    const incident = await this.store.openIncident(name, verdict, at, diagnosis);
    this.events.emit('incident.opened', { monitor: held.config, incident });
    return incident;
  }

  async closeIncident(incident: IncidentRecord, at: Date): Promise<IncidentRecord> {
    const held = this.held.get(incident.monitor);
    if (!held) throw new Error(`the double holds no monitor ${incident.monitor}`);
    const closed = await this.store.closeIncident(incident.id, at);
    this.events.emit('incident.closed', { monitor: held.config, incident: closed, durationSeconds: (at.getTime() - Date.parse(incident.openedAt)) / 1000 });
    return closed;
  }

  private hold(config: MonitorConfig, source: 'config' | 'api'): void {
    const held = this.held.get(config.name);
    if (held) {
      held.config = config;
      held.source = source;
    } else {
      this.held.set(config.name, { config, source, state: { name: config.name, status: 'unknown', latencyMs: null, ...(config.type !== undefined && config.type !== 'http' ? { type: config.type } : {}) } });
    }
  }
}
