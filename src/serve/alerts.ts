// Alerts in `whydown serve`: the dispatcher (channels, queues, retries) fed by the monitor's
// incident events, through one AlertGate per monitor that applies maintenance windows and
// flapping. Gates exist only for monitors that have had an incident: 100,000 quiet monitors cost
// nothing here.
import { AlertGate, type GateFollowUp } from './policy/index.js';
import type { Config, MonitorConfig } from './config/types.js';
import { MaintenanceSchedule } from './policy/maintenance/index.js';
import type { IncidentClosed, IncidentOpened, MonitorEvents } from './engine/events.js';
import { AlertDispatcher, incidentMessage, logLine, type IncidentNotice } from './notify/index.js';
import { AlertBacklog } from './alert-backlog.js';
import type { PendingAlerts } from './store/pending-alerts.js';

export class ServeAlerts {
  readonly dispatcher: AlertDispatcher;
  private schedule: MaintenanceSchedule;
  private readonly gates = new Map<string, AlertGate>();
  /** The open incident's latest event, per monitor: what a delayed "opened" alert carries. */
  private readonly open = new Map<string, IncidentOpened>();
  /** The last closed incident, per monitor: what a "settled, up" alert after flapping carries. */
  private readonly closed = new Map<string, IncidentClosed>();
  private readonly offs: (() => void)[] = [];
  /** Alerts kept across a stop; null: undelivered alerts are dropped at the stop. */
  private readonly backlog: AlertBacklog | null;

  constructor(config: Config, events: MonitorEvents, private readonly log: (line: string) => void, pending: PendingAlerts | null = null) {
    this.schedule = new MaintenanceSchedule(config.maintenance);
    this.backlog = pending ? new AlertBacklog(pending, log) : null;
    this.dispatcher = new AlertDispatcher({
      targets: config.notify,
      shouldSend: (notice) => this.shouldSend(notice),
      log: (entry) => this.log(logLine(entry)),
      ...(this.backlog ? { keep: this.backlog.keep, finished: this.backlog.finished } : {}),
    });
    this.offs.push(this.dispatcher.attach(events));
    this.offs.push(events.on('check.finished', ({ monitor }) => this.followUp(monitor)));
  }

  setConfig(config: Config): void {
    this.dispatcher.setTargets(config.notify);
    this.schedule = new MaintenanceSchedule(config.maintenance);
    for (const monitor of config.monitors) this.gates.get(monitor.name)?.updateFlapping(monitor.flapping);
  }

  /** Whether the monitor is in a maintenance window now (for the API and logs). */
  inMaintenance(monitor: MonitorConfig, at: number = Date.now()): boolean {
    return this.schedule.activeWindow(monitor, at) !== null;
  }

  /** Queues the alerts the last run kept; before the engine starts, so they go out first. */
  async restore(): Promise<void> {
    await this.backlog?.restore(this.dispatcher);
  }

  /** Stops at once; what is not delivered is kept for the next start (with a store). */
  async close(): Promise<void> {
    for (const off of this.offs) off();
    await this.dispatcher.close();
    await this.backlog?.settled();
  }

  private gate(monitor: MonitorConfig): AlertGate {
    let gate = this.gates.get(monitor.name);
    if (!gate) {
      gate = new AlertGate({ flapping: monitor.flapping, maintenance: (at) => this.schedule.activeWindow(monitor, at) });
      this.gates.set(monitor.name, gate);
    }
    return gate;
  }

  private shouldSend(notice: IncidentNotice): boolean | 'flapping' {
    const monitor = notice.data.monitor;
    const now = Date.now();
    const gate = this.gate(monitor);
    switch (notice.event) {
      case 'incident.opened':
        this.open.set(monitor.name, notice.data);
        return decision(gate.decide('opened', now));
      case 'incident.closed':
        this.open.delete(monitor.name);
        this.closed.set(monitor.name, notice.data);
        return decision(gate.decide('closed', now));
      case 'incident.updated':
        this.open.set(monitor.name, { monitor, incident: notice.data.incident });
        // A new cause is news only to people who were told it is down, and not in maintenance.
        return gate.lastTold === 'down' && !this.inMaintenance(monitor, now);
    }
  }

  /** After each check of a monitor with a gate: what the gate owes now (settled, or still down after a window). */
  private followUp(monitor: MonitorConfig): void {
    const gate = this.gates.get(monitor.name);
    if (!gate) return;
    const owed: GateFollowUp | null = gate.tick(Date.now());
    if (!owed) return;
    const opened = this.open.get(monitor.name);
    if (owed.kind === 'still-down' || (owed.kind === 'settled' && owed.settlement.state === 'down')) {
      if (opened) this.dispatcher.enqueue(incidentMessage({ event: 'incident.opened', data: { ...opened, monitor } }), monitor.notify);
      return;
    }
    const closed = this.closed.get(monitor.name);
    if (closed) this.dispatcher.enqueue(incidentMessage({ event: 'incident.closed', data: { ...closed, monitor } }), monitor.notify);
  }
}

function decision(value: 'send' | 'send-flapping' | 'suppress'): boolean | 'flapping' {
  if (value === 'send-flapping') return 'flapping';
  return value === 'send';
}
