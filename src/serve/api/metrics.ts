// GET /metrics: counters and histograms fed by the monitor's events, and per-monitor gauges read
// from MonitorService.states() at scrape time — for at most `maxMonitorSeries` monitors, so a
// server with 100,000 monitors does not hand Prometheus 200,000 series (the rest are counted in
// whydown_metrics_monitors_omitted).
import type { MonitorEvents } from '../engine/events.js';
import type { HubsInfo, MonitorState } from '../engine/types.js';
import type { AlertStats } from '../notify/index.js';
import { writeAlertMetrics } from './alert-metrics.js';
import { Exposition, Histogram } from './exposition.js';
import { firstByName } from './select-monitors.js';

export const DEFAULT_MAX_MONITOR_SERIES = 1000;

/** Checks start on their slot, so delays are usually milliseconds; seconds mean an overloaded server. */
const DELAY_BOUNDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** A check lasts from a few milliseconds to its timeout (10 s by default, up to the interval). */
const DURATION_BOUNDS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

export interface MetricsSource {
  readonly events: MonitorEvents;
  states(): Iterable<MonitorState>;
  readonly hubs?: HubsInfo | undefined;
}

export class MonitorMetrics {
  /** up, degraded and down are there from the start (a rate over a missing series is no rate). */
  private readonly checks = new Map<string, number>([['up', 0], ['degraded', 0], ['down', 0]]);
  private readonly delay = new Histogram(DELAY_BOUNDS);
  private readonly duration = new Histogram(DURATION_BOUNDS);
  /** browser: true monitors' browser runs, by result (error: no browser could run). */
  private readonly browserChecks = new Map<string, number>([['up', 0], ['degraded', 0], ['down', 0], ['error', 0]]);
  private incidentsOpened = 0;
  private incidentsClosed = 0;
  private readonly unsubscribe: (() => void)[];
  private readonly startedAt = Date.now() / 1000 - process.uptime();

  /** `alertStats`: the alert dispatcher's counts, read at scrape time (absent: no alert series). */
  constructor(
    private readonly source: MetricsSource,
    readonly maxMonitorSeries = DEFAULT_MAX_MONITOR_SERIES,
    private readonly alertStats?: () => AlertStats | null,
  ) {
    if (!Number.isInteger(maxMonitorSeries) || maxMonitorSeries < 0) throw new RangeError('maxMonitorSeries must be a whole number ≥ 0');
    this.unsubscribe = [
      source.events.on('check.finished', ({ result, delayMs }) => {
        this.checks.set(result.status, (this.checks.get(result.status) ?? 0) + 1);
        this.delay.observe(delayMs / 1000);
        this.duration.observe(result.durationMs / 1000);
      }),
      source.events.on('browser.finished', ({ result }) => { this.browserChecks.set(result, (this.browserChecks.get(result) ?? 0) + 1); }),
      source.events.on('incident.opened', () => { this.incidentsOpened++; }),
      source.events.on('incident.closed', () => { this.incidentsClosed++; }),
    ];
  }

  /** Stops listening to the monitor's events. */
  close(): void {
    for (const off of this.unsubscribe.splice(0)) off();
  }

  render(): string {
    const out = new Exposition();
    out.family('whydown_checks_total', 'counter', 'Finished checks, by result.');
    for (const [result, count] of this.checks) out.sample('whydown_checks_total', count, { result });
    out.family('whydown_browser_checks_total', 'counter', 'Browser checks of browser: true monitors, by result (error: no browser could run).');
    for (const [result, count] of this.browserChecks) out.sample('whydown_browser_checks_total', count, { result });
    this.delay.write(out, 'whydown_check_delay_seconds', 'How late each check started after its slot.');
    this.duration.write(out, 'whydown_check_duration_seconds', 'How long each check took.');
    out.family('whydown_incidents_opened_total', 'counter', 'Incidents opened.').sample('whydown_incidents_opened_total', this.incidentsOpened);
    out.family('whydown_incidents_closed_total', 'counter', 'Incidents closed.').sample('whydown_incidents_closed_total', this.incidentsClosed);
    this.writeMonitors(out);
    writeHubMetrics(out, this.source.hubs);
    const alerts = this.alertStats?.();
    if (alerts) writeAlertMetrics(out, alerts);
    this.writeProcess(out);
    return out.text();
  }

  private writeMonitors(out: Exposition): void {
    const { chosen, omitted, total } = firstByName(this.source.states(), this.maxMonitorSeries);
    out.family('whydown_monitors', 'gauge', 'Monitors being checked.').sample('whydown_monitors', total);
    out.family('whydown_monitor_up', 'gauge', '1 when the newest check of the monitor was up or degraded, 0 when down; absent before its first check.');
    for (const state of chosen) {
      if (state.status !== 'unknown') out.sample('whydown_monitor_up', state.status === 'down' ? 0 : 1, { monitor: state.name });
    }
    out.family('whydown_monitor_latency_seconds', 'gauge', 'Total time of the newest check of the monitor that got an answer.');
    for (const state of chosen) {
      if (state.latencyMs !== null) out.sample('whydown_monitor_latency_seconds', state.latencyMs / 1000, { monitor: state.name });
    }
    // Only paused monitors have the series: 1,000 zeros would make every scrape longer for nothing.
    out.family('whydown_monitor_paused', 'gauge', '1 while the monitor is paused (not checked); absent when it is not.');
    for (const state of chosen) if (state.paused) out.sample('whydown_monitor_paused', 1, { monitor: state.name });
    out.family('whydown_monitor_info', 'gauge', 'Always 1: what kind of check the monitor makes (type: http, tcp, dns or push).');
    for (const state of chosen) out.sample('whydown_monitor_info', 1, { monitor: state.name, type: state.type ?? 'http' });
    out.family('whydown_metrics_monitors_omitted', 'gauge', `Monitors without per-monitor series: past the first ${this.maxMonitorSeries} by name.`)
      .sample('whydown_metrics_monitors_omitted', omitted);
  }

  private writeProcess(out: Exposition): void {
    const cpu = process.cpuUsage();
    out.family('process_cpu_seconds_total', 'counter', 'User and system CPU time spent, in seconds.')
      .sample('process_cpu_seconds_total', (cpu.user + cpu.system) / 1e6);
    out.family('process_resident_memory_bytes', 'gauge', 'Resident memory size, in bytes.')
      .sample('process_resident_memory_bytes', process.memoryUsage.rss());
    out.family('process_start_time_seconds', 'gauge', 'Start time of the process since the Unix epoch, in seconds.')
      .sample('process_start_time_seconds', Math.round(this.startedAt));
  }
}

/** This hub's share when several hubs share the store (src/serve/hubs/). */
function writeHubMetrics(out: Exposition, hubs: HubsInfo | undefined): void {
  if (!hubs) return;
  out.family('whydown_hub_monitors', 'gauge', 'Monitors this hub checks (several hubs share the monitors of one PostgreSQL).')
    .sample('whydown_hub_monitors', hubs.heldMonitors(), { hub: hubs.name });
}
