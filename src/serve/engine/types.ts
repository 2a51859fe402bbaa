// What the API and the metrics see of the running monitor.
import type { MonitorConfig, MonitorType } from '../config/types.js';
import type { Interval } from '../../core/time/intervals.js';
import type { MonitorRecord, Store } from '../store/types.js';
import type { MonitorEvents } from './events.js';

export interface MonitorState {
  name: string;
  /** The newest finished check's status; 'unknown' before the first. */
  status: 'up' | 'degraded' | 'down' | 'unknown';
  /** The newest check's total time, milliseconds; null before the first or when it got no answer. */
  latencyMs: number | null;
  /** Absent: http. */
  type?: MonitorType;
  /** True while paused (POST /api/v1/monitors/{name}/pause): not checked. */
  paused?: boolean;
}

/** The running monitor as `whydown serve` hands it to the API server. */
export interface MonitorService {
  readonly store: Store;
  readonly events: MonitorEvents;
  /** The monitors being checked now, by name. */
  monitor(name: string): MonitorConfig | undefined;
  /** Where a monitor comes from; undefined when there is none of that name. */
  sourceOf(name: string): 'config' | 'api' | undefined;
  /** Current state of every monitor (for per-monitor metrics), in no particular order. */
  states(): Iterable<MonitorState>;
  /**
   * Adds (or, with replace, changes) a monitor defined through the API. The input is the API's
   * JSON body; it is validated like the config file (ConfigError with each problem). Resolves
   * once the monitor is stored and scheduled. Throws MonitorConflict when the name is taken and
   * replace is false, and MonitorReadOnly when the name belongs to the config file.
   */
  putApiMonitor(input: unknown, options: { replace: boolean; name?: string }): Promise<{ monitor: MonitorRecord; created: boolean }>;
  /** The monitor's maintenance windows over [from, to), merged (epoch ms): uptime leaves them out. */
  maintenanceIntervals(name: string, from: number, to: number): readonly Interval[];
  /** Removes an API monitor with its history. False when there is none; MonitorReadOnly for config ones. */
  removeApiMonitor(name: string): Promise<boolean>;
  /** Stops checking a monitor (config or API) until resume, over restarts too. False when there is none. */
  pause?(name: string): Promise<boolean>;
  /** Checks a paused monitor again. False when there is none. */
  resume?(name: string): Promise<boolean>;
  /** When the monitor was paused (ISO); undefined when it is not paused. */
  pausedAt?(name: string): string | undefined;
  /** The hubs sharing the store (src/serve/hubs/); absent in tests' fakes. */
  readonly hubs?: HubsInfo | undefined;
}

/** The hubs of one store, for `GET /api/v1/hubs` and `/metrics`. */
export interface HubsInfo {
  /** This hub's name. */
  readonly name: string;
  /** Monitors this hub checks now. */
  heldMonitors(): number;
  /** The live hubs, by name. */
  list(): Promise<readonly { name: string; lastSeen: string; monitors: number }[]>;
}

export class MonitorConflict extends Error {
  constructor(readonly monitorName: string) {
    super(`a monitor named "${monitorName}" already exists`);
    this.name = 'MonitorConflict';
  }
}

export class MonitorReadOnly extends Error {
  constructor(readonly monitorName: string) {
    super(`the monitor "${monitorName}" comes from the config file; change it there`);
    this.name = 'MonitorReadOnly';
  }
}
