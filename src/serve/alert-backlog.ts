// Alerts that outlive a stop: what the dispatcher had not delivered when `whydown serve` stopped
// is kept in the store (store/pending-alerts.ts) and queued again at the next start, ahead of any
// new alert, with the same id. A kept alert's row goes once it is delivered or given up, so it is
// sent once, and a crash before that only means it is tried again at the start after.
import { ALERT_EVENTS, type AlertDispatcher, type AlertMessage, type UnsentAlert } from './notify/index.js';
import type { PendingAlerts } from './store/pending-alerts.js';

export class AlertBacklog {
  /** `target\0id` of alerts queued from the store and not yet finished. */
  private readonly restored = new Set<string>();
  private readonly removals = new Set<Promise<void>>();

  constructor(private readonly store: PendingAlerts, private readonly log: (line: string) => void) {}

  /** The dispatcher's `keep`: writes what was not delivered. */
  keep = async (unsent: readonly UnsentAlert[]): Promise<void> => {
    await this.settled();
    await this.store.save(unsent.map(({ target, message }) => ({ target, id: message.id, message: JSON.stringify(message) })));
  };

  /** The dispatcher's `finished`: a kept alert delivered or given up leaves the store. */
  finished = ({ target, message }: UnsentAlert): void => {
    if (!this.restored.delete(key(target, message.id))) return;
    this.remove(target, message.id);
  };

  /** Queues the alerts kept by the last run; call before the monitor emits anything new. */
  async restore(dispatcher: AlertDispatcher): Promise<void> {
    const rows = await this.store.list();
    let queued = 0;
    for (const row of rows) {
      const message = parseMessage(row.message);
      if (!message || !dispatcher.hasTarget(row.target)) {
        this.log(message
          ? `alert ${message.event} for ${message.monitor} kept from the last run for ${row.target}: dropped — no notify target of that name now`
          : `an alert kept from the last run for ${row.target} is not readable: dropped`);
        this.remove(row.target, row.id);
        continue;
      }
      this.restored.add(key(row.target, message.id));
      dispatcher.enqueue(message, [row.target]);
      queued++;
    }
    if (queued > 0) this.log(`${queued} alert${queued === 1 ? '' : 's'} kept from the last run, sending ${queued === 1 ? 'it' : 'them'} now`);
  }

  /** Resolves once every removal has reached the store. */
  async settled(): Promise<void> {
    await Promise.all([...this.removals]);
  }

  private remove(target: string, id: string): void {
    const removal = this.store.remove(target, id).catch((error: unknown) => {
      this.log(`a delivered alert kept from the last run stays in the store (it may be sent again after a restart): ${error instanceof Error ? error.message : String(error)}`);
    });
    this.removals.add(removal);
    void removal.finally(() => this.removals.delete(removal));
  }
}

const key = (target: string, id: string): string => `${target}\0${id}`;

/** The stored JSON back into an alert; null when it is not one (a hand-edited row, a future version). */
function parseMessage(json: string): AlertMessage | null {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const m = value as Partial<Record<keyof AlertMessage, unknown>>;
  const strings = [m.id, m.monitor, m.url, m.at, m.title, m.text].every((v) => typeof v === 'string');
  return strings && (ALERT_EVENTS as readonly unknown[]).includes(m.event) && typeof m.flapping === 'boolean' ? (value as AlertMessage) : null;
}
