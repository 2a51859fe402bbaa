// Turns the monitor's incident events into alerts on the monitor's targets (`monitor.notify`).
// Listeners only build the message and queue it, so the monitor is never held up; each target
// has its own queue (queue.ts), so one channel never holds up another. What is sent, retried,
// given up or dropped is counted (for /metrics) and told to a logger callback, never the console.
import type { NotifyTarget, NotifyType } from '../config/types.js';
import type { MonitorEvents } from '../engine/events.js';
import { DEFAULT_RETRY, type RetryPolicy } from './backoff.js';
import { logLine, type DeliveryLogEntry } from './log.js';
import { incidentMessage, type AlertMessage, type IncidentNotice } from './message.js';
import { errorText, formatSeconds, type Notifier } from './notifier.js';
import { ChannelQueue, type QueueReport } from './queue.js';
import { createNotifier } from './registry.js';

/**
 * Decides per incident event: true sends it, false holds it back (a maintenance window), and
 * 'flapping' sends one alert saying the monitor is flapping instead of the plain one.
 */
export type ShouldSend = (notice: IncidentNotice) => boolean | 'flapping';

export interface DispatcherOptions {
  targets: readonly NotifyTarget[];
  shouldSend?: ShouldSend;
  log?: (entry: DeliveryLogEntry) => void;
  /** The limit of one delivery attempt (default 10 s). */
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  /** Alerts that may wait per target behind the one being sent (default 100). */
  maxQueued?: number;
  /** Builds a target's channel; the registry by default. */
  createNotifier?: (target: NotifyTarget) => Notifier;
  random?: () => number;
  /**
   * Takes the alerts not delivered when close() stops alerting, to send them after the next
   * start (`whydown serve` writes them to its store). Without it they are dropped.
   */
  keep?: (unsent: readonly UnsentAlert[]) => Promise<void>;
  /**
   * An alert has left its queue for good: delivered, given up, dropped from a full queue or with
   * its target. Not for one kept, nor for one dropped because alerting stopped.
   */
  finished?: (unsent: UnsentAlert) => void;
}

export interface UnsentAlert {
  /** The notify target's name. */
  target: string;
  message: AlertMessage;
}

export interface TargetStats {
  type: NotifyType;
  delivered: number;
  /** Given up: a final refusal, or every attempt failed. */
  failed: number;
  /** Failed attempts that were tried again. */
  retries: number;
  dropped: number;
  /** Waiting or in progress now. */
  queued: number;
}

export interface AlertStats {
  targets: Record<string, TargetStats>;
  /** Incident events held back by shouldSend. */
  suppressed: number;
}

/** What a queue's reports update; the target changes in place on a config reload. */
interface ChannelState {
  target: NotifyTarget;
  stats: Omit<TargetStats, 'queued' | 'type'>;
}

interface Channel {
  state: ChannelState;
  queue: ChannelQueue;
  /** Stops this channel alone (its target left the config); the dispatcher's stop stops all. */
  stop: AbortController;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_QUEUED = 100;
/** What close() gives an attempt already on the wire; a queue waiting out a back-off gets nothing. */
const DEFAULT_CLOSE_GRACE_MS = 300;

export class AlertDispatcher {
  private readonly channels = new Map<string, Channel>();
  private readonly stopper = new AbortController();
  private readonly makeNotifier: (target: NotifyTarget) => Notifier;
  private readonly retry: RetryPolicy;
  private suppressed = 0;

  constructor(private readonly options: DispatcherOptions) {
    this.makeNotifier = options.createNotifier ?? createNotifier;
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.setTargets(options.targets);
  }

  /** Subscribes to the monitor's incident events; the returned function unsubscribes. */
  attach(events: MonitorEvents): () => void {
    const offs = [
      events.on('incident.opened', (data) => this.notify({ event: 'incident.opened', data })),
      events.on('incident.updated', (data) => this.notify({ event: 'incident.updated', data })),
      events.on('incident.closed', (data) => this.notify({ event: 'incident.closed', data })),
    ];
    return () => offs.forEach((off) => off());
  }

  /** One incident event: asks shouldSend, builds the alert, queues it on the monitor's targets. */
  notify(notice: IncidentNotice): void {
    let verdict: boolean | 'flapping' = true;
    try {
      verdict = this.options.shouldSend?.(notice) ?? true;
    } catch (error) {
      // Better one alert too many than a missed outage.
      this.log({ level: 'error', outcome: 'hook-failed', target: null, type: null, event: notice.event, monitor: notice.data.monitor.name,
        detail: `shouldSend threw, sending anyway: ${errorText(error)}` });
    }
    if (verdict === false) {
      this.suppressed++;
      this.log({ level: 'info', outcome: 'suppressed', target: null, type: null, event: notice.event, monitor: notice.data.monitor.name, detail: 'held back (maintenance or flapping)' });
      return;
    }
    this.enqueue(incidentMessage(notice, { flapping: verdict === 'flapping' }), notice.data.monitor.notify);
  }

  /** Queues a built alert on the named targets and returns at once. */
  enqueue(message: AlertMessage, targetNames: readonly string[]): void {
    for (const name of new Set(targetNames)) {
      const channel = this.channels.get(name);
      if (channel) channel.queue.push(message);
      else this.log({ level: 'warn', outcome: 'unknown-target', target: name, type: null, event: message.event, monitor: message.monitor, detail: 'no notify target of that name' });
    }
  }

  /**
   * Applies a new config's targets: a changed target gets a new channel for its next attempt
   * (its queue and counters stay), a removed one stops after reporting what it never sent.
   */
  setTargets(targets: readonly NotifyTarget[]): void {
    const names = new Set(targets.map((t) => t.name));
    for (const [name, channel] of this.channels) {
      if (names.has(name)) continue;
      this.channels.delete(name);
      channel.stop.abort();
      void channel.queue.idle().then(() => channel.queue.close()).then((unsent) => {
        for (const message of unsent) this.onReport(channel.state, { kind: 'dropped', message, reason: 'removed' });
      });
    }
    for (const target of targets) {
      const channel = this.channels.get(target.name);
      if (!channel) {
        this.channels.set(target.name, this.openChannel(target));
      } else if (JSON.stringify(channel.state.target) !== JSON.stringify(target)) {
        channel.state.target = target;
        channel.queue.replaceNotifier(this.makeNotifier(target));
      }
    }
  }

  hasTarget(name: string): boolean {
    return this.channels.has(name);
  }

  stats(): AlertStats {
    const targets: Record<string, TargetStats> = {};
    for (const [name, { state: { target, stats }, queue }] of this.channels) targets[name] = { type: target.type, ...stats, queued: queue.size };
    return { targets, suppressed: this.suppressed };
  }

  /** Resolves once every queue is empty (tests; a graceful stop). */
  async idle(): Promise<void> {
    await Promise.all([...this.channels.values()].map((c) => c.queue.idle()));
  }

  /**
   * Stops promptly: an attempt on the wire gets up to `graceMs` to finish, a back-off is not
   * waited out (it used to hold a stopping `whydown serve` for seconds). What was not delivered
   * goes to `keep` for the next start, else it is reported as dropped.
   */
  async close(graceMs = DEFAULT_CLOSE_GRACE_MS): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const quiet = Promise.all([...this.channels.values()].map((c) => c.queue.quiet()));
    await Promise.race([quiet, new Promise<void>((resolve) => { timer = setTimeout(resolve, graceMs); })]);
    clearTimeout(timer);
    this.stopper.abort();
    const unsent: { channel: Channel; message: AlertMessage }[] = [];
    for (const channel of this.channels.values()) {
      await channel.queue.idle();
      for (const message of await channel.queue.close()) unsent.push({ channel, message });
    }
    if (unsent.length === 0) return;
    let kept = false;
    if (this.options.keep) {
      try {
        await this.options.keep(unsent.map(({ channel, message }) => ({ target: channel.state.target.name, message })));
        kept = true;
      } catch (error) {
        this.log({ level: 'error', outcome: 'hook-failed', target: null, type: null, event: unsent[0]!.message.event, monitor: unsent[0]!.message.monitor,
          detail: `${unsent.length} undelivered alert(s) could not be kept for the next start: ${errorText(error)}` });
      }
    }
    for (const { channel, message } of unsent) {
      if (kept) this.onReport(channel.state, { kind: 'kept', message });
      else this.onReport(channel.state, { kind: 'dropped', message, reason: 'stopped' });
    }
  }

  private openChannel(target: NotifyTarget): Channel {
    const state: ChannelState = { target, stats: { delivered: 0, failed: 0, retries: 0, dropped: 0 } };
    const stop = new AbortController();
    const queue = new ChannelQueue(
      this.makeNotifier(target),
      { timeoutMs: this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS, retry: this.retry, maxQueued: this.options.maxQueued ?? DEFAULT_MAX_QUEUED, random: this.options.random ?? Math.random },
      (report) => this.onReport(state, report),
      AbortSignal.any([this.stopper.signal, stop.signal]),
    );
    return { state, queue, stop };
  }

  private onReport(state: ChannelState, report: QueueReport | { kind: 'kept'; message: AlertMessage }): void {
    const { target, stats } = state;
    // Final: it will never be sent (again). Not so for one dropped at the stop: it was not sent.
    const final = report.kind === 'delivered' || report.kind === 'failed' || (report.kind === 'dropped' && report.reason !== 'stopped');
    if (final) {
      try {
        this.options.finished?.({ target: target.name, message: report.message });
      } catch {
        // Bookkeeping of kept alerts must not stop the queue's reports.
      }
    }
    const base = { target: target.name, type: target.type, event: report.message.event, monitor: report.message.monitor };
    switch (report.kind) {
      case 'delivered':
        stats.delivered++;
        this.log({ ...base, level: 'info', outcome: 'delivered', attempt: report.attempt, detail: report.detail });
        break;
      case 'retrying':
        stats.retries++;
        this.log({ ...base, level: 'warn', outcome: 'retrying', attempt: report.attempt, detail: `${report.detail}; next attempt in ${formatSeconds(report.delayMs)}` });
        break;
      case 'failed':
        stats.failed++;
        this.log({ ...base, level: 'error', outcome: 'failed', attempt: report.attempt, detail: report.detail });
        break;
      case 'dropped':
        stats.dropped++;
        this.log({ ...base, level: 'warn', outcome: 'dropped',
          detail: report.reason === 'full'
            ? `the queue is full (${this.options.maxQueued ?? DEFAULT_MAX_QUEUED} waiting), oldest alert dropped; ${report.total} dropped so far`
            : report.reason === 'removed' ? 'not sent: the target left the config' : 'not sent: alerting stopped' });
        break;
      case 'kept':
        this.log({ ...base, level: 'warn', outcome: 'kept', detail: 'not delivered yet, sent after the next start' });
        break;
    }
  }

  private log(entry: Omit<DeliveryLogEntry, 'message'>): void {
    if (!this.options.log) return;
    try {
      this.options.log({ ...entry, message: logLine(entry) });
    } catch {
      // A logger that throws must not take alerting down with it.
    }
  }
}
