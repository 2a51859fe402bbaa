// What the monitor tells the rest of `whydown serve`: each finished check (metrics), and each
// incident's life (alerts, and anything else that subscribes). Listeners run synchronously and
// must not throw or block: a notifier queues its own work.
import type { MonitorConfig } from '../config/types.js';
import type { IncidentRecord, ResultRecord } from '../store/types.js';

export interface CheckFinished {
  monitor: MonitorConfig;
  result: ResultRecord;
  /** How late the check started after its slot, milliseconds (never negative). */
  delayMs: number;
}

export interface IncidentOpened {
  monitor: MonitorConfig;
  incident: IncidentRecord;
}

/** The diagnosis found another cause while the incident stays open. */
export interface IncidentUpdated {
  monitor: MonitorConfig;
  incident: IncidentRecord;
  previousCause: string;
}

export interface IncidentClosed {
  monitor: MonitorConfig;
  incident: IncidentRecord;
  durationSeconds: number;
}

/** A browser check ran (browser: true): its result, or `error` when no browser could run. */
export interface BrowserFinished {
  monitor: MonitorConfig;
  result: 'up' | 'degraded' | 'down' | 'error';
}

export interface MonitorEventMap {
  'check.finished': CheckFinished;
  'browser.finished': BrowserFinished;
  'incident.opened': IncidentOpened;
  'incident.updated': IncidentUpdated;
  'incident.closed': IncidentClosed;
}

export type MonitorEventName = keyof MonitorEventMap;
type Listener<K extends MonitorEventName> = (event: MonitorEventMap[K]) => void;

/** A typed event bus; a listener that throws is reported to onListenerError, never to the emitter. */
export class MonitorEvents {
  private readonly listeners: { [K in MonitorEventName]: Listener<K>[] } = {
    'check.finished': [],
    'browser.finished': [],
    'incident.opened': [],
    'incident.updated': [],
    'incident.closed': [],
  };

  constructor(private readonly onListenerError: (error: unknown) => void = () => {}) {}

  on<K extends MonitorEventName>(name: K, listener: Listener<K>): () => void {
    const list = this.listeners[name] as Listener<K>[];
    list.push(listener);
    return () => {
      const index = list.indexOf(listener);
      if (index >= 0) list.splice(index, 1);
    };
  }

  emit<K extends MonitorEventName>(name: K, event: MonitorEventMap[K]): void {
    for (const listener of this.listeners[name] as Listener<K>[]) {
      try {
        listener(event);
      } catch (error) {
        this.onListenerError(error);
      }
    }
  }
}
