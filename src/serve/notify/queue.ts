// One queue per notify target: alerts go out one at a time, in order (a PagerDuty resolve must not
// overtake its trigger), each attempt bounded in time, failures retried with back-off. Queues
// never wait on each other, and push() returns at once, so a dead or slow channel delays nothing
// but its own later alerts. Memory is bounded: past `maxQueued` the oldest waiting alert goes.
// The stop signal ends a back-off or an attempt at once; what was not delivered by then is not
// counted as failed but handed back by close(), in order, for the caller to keep or drop.
import { retryDelay, type RetryPolicy } from './backoff.js';
import type { AlertMessage } from './message.js';
import { attempt, type Notifier } from './notifier.js';

export interface QueueOptions {
  timeoutMs: number;
  retry: RetryPolicy;
  /** Alerts waiting behind the one being sent. */
  maxQueued: number;
  random: () => number;
}

export type QueueReport =
  | { kind: 'delivered'; message: AlertMessage; attempt: number; detail: string }
  | { kind: 'retrying'; message: AlertMessage; attempt: number; detail: string; delayMs: number }
  | { kind: 'failed'; message: AlertMessage; attempt: number; detail: string }
  /** `total`: how many this queue has dropped so far. */
  | { kind: 'dropped'; message: AlertMessage; reason: 'full'; total: number }
  /** `removed` (the target left the config) comes from the dispatcher, for what close() handed back. */
  | { kind: 'dropped'; message: AlertMessage; reason: 'stopped' | 'removed' };

export class ChannelQueue {
  private readonly waiting: AlertMessage[] = [];
  private current: AlertMessage | undefined;
  private running = false;
  private dropped = 0;
  private idleWaiters: (() => void)[] = [];
  /** An attempt is on the wire (not waiting out a back-off). */
  private sending = false;
  private quietWaiters: (() => void)[] = [];
  /** The alert whose delivery the stop signal cut short. */
  private interrupted: AlertMessage | undefined;

  constructor(
    private notifier: Notifier,
    private readonly options: QueueOptions,
    private readonly report: (report: QueueReport) => void,
    private readonly stop: AbortSignal,
  ) {}

  /** Queues the alert and returns; the sending happens on a later turn of the event loop. */
  push(message: AlertMessage): void {
    if (this.stop.aborted) {
      this.drop(message, 'stopped');
      return;
    }
    this.waiting.push(message);
    while (this.waiting.length > this.options.maxQueued) this.drop(this.waiting.shift()!, 'full');
    if (!this.running) {
      this.running = true;
      setImmediate(() => void this.run());
    }
  }

  /** Alerts not yet delivered or given up, the one in progress included. */
  get size(): number {
    return this.waiting.length + (this.current ? 1 : 0);
  }

  /** The next attempt uses this notifier (the config changed). */
  replaceNotifier(notifier: Notifier): void {
    const old = this.notifier;
    this.notifier = notifier;
    void old.close?.();
  }

  /** Resolves once nothing is queued or in progress (after the stop: once nothing is in progress). */
  idle(): Promise<void> {
    // Not running with alerts waiting happens only after the stop signal: nothing more will move.
    if (!this.running) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Resolves once no attempt is on the wire: idle, or waiting out a back-off. */
  quiet(): Promise<void> {
    if (!this.sending) return Promise.resolve();
    return new Promise((resolve) => this.quietWaiters.push(resolve));
  }

  /**
   * After the stop signal, once idle(): releases the channel and returns the alerts never
   * delivered, in order (the one cut short first). They are not reported: the caller keeps them
   * for the next start or drops them.
   */
  async close(): Promise<AlertMessage[]> {
    const unsent = [...(this.interrupted ? [this.interrupted] : []), ...this.waiting.splice(0)];
    this.interrupted = undefined;
    await this.notifier.close?.();
    return unsent;
  }

  private async run(): Promise<void> {
    try {
      while (this.waiting.length > 0 && !this.stop.aborted) {
        this.current = this.waiting.shift()!;
        if (!(await this.deliver(this.current))) this.interrupted = this.current;
        this.current = undefined;
      }
    } finally {
      this.current = undefined;
      this.running = false;
      for (const resolve of this.idleWaiters.splice(0)) resolve();
    }
  }

  /** true: delivered or given up (reported); false: the stop signal came first (not reported). */
  private async deliver(message: AlertMessage): Promise<boolean> {
    const { retry, timeoutMs, random } = this.options;
    for (let n = 1; ; n++) {
      this.setSending(true);
      const outcome = await attempt(this.notifier, message, timeoutMs, this.stop);
      this.setSending(false);
      if (outcome.ok) {
        this.report({ kind: 'delivered', message, attempt: n, detail: outcome.detail });
        return true;
      }
      // Cut short by the stop (or failing as it came): not the receiver's final word.
      if (this.stop.aborted) return false;
      if (!outcome.retryable || n >= retry.attempts) {
        const why = outcome.retryable && n >= retry.attempts ? ` (gave up after ${n} attempts)` : '';
        this.report({ kind: 'failed', message, attempt: n, detail: `${outcome.detail}${why}` });
        return true;
      }
      const delayMs = retryDelay(retry, n, random, outcome.retryAfterMs);
      this.report({ kind: 'retrying', message, attempt: n, detail: outcome.detail, delayMs });
      await pause(delayMs, this.stop);
      if (this.stop.aborted) return false;
    }
  }

  private setSending(sending: boolean): void {
    this.sending = sending;
    if (!sending) for (const resolve of this.quietWaiters.splice(0)) resolve();
  }

  private drop(message: AlertMessage, reason: 'full' | 'stopped'): void {
    this.dropped++;
    this.report(reason === 'full' ? { kind: 'dropped', message, reason, total: this.dropped } : { kind: 'dropped', message, reason });
  }
}

/** A wait that ends early when `stop` fires, and never keeps the process alive on its own. */
function pause(ms: number, stop: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      stop.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    timer.unref();
    stop.addEventListener('abort', done, { once: true });
  });
}
