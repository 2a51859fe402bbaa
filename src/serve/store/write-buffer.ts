// Holds results until the database has them. Writes go out in batches (whatever arrived while the
// previous batch was being written: group commit without a timer); a batch that fails for a
// transient reason (connection lost, PostgreSQL restarting, SQLite busy) stays at the head of the
// queue and is tried again with exponential back-off, so nothing is lost while the database is
// away. A caller's promise resolves only when all its items are committed — that is what "stored"
// means. Retrying a batch whose commit succeeded but whose answer was lost writes nothing twice:
// the tables ignore an item already stored (its key is the monitor and its time).
import { count } from '../../core/render/text.js';

export interface WriteBufferOptions<T> {
  write(batch: T[]): Promise<void>;
  isTransient(error: unknown): boolean;
  maxBatch?: number;
  /**
   * Under a steady stream, a batch waits until this long after the previous write so more join
   * it (default 0: written at once). An item after a quiet spell is written at once either way.
   */
  lingerMs?: number;
  /** Past this many held items, `add` refuses more (memory is finite; the caller is told). */
  maxHeld?: number;
  minBackoffMs?: number;
  maxBackoffMs?: number;
  /** Told about each transient failure, for logs and metrics. */
  onRetry?(error: unknown, attempt: number, delayMs: number): void;
}

interface Ticket {
  remaining: number;
  resolve(): void;
  reject(error: unknown): void;
}

interface Entry<T> {
  item: T;
  ticket: Ticket;
}

export class WriteBuffer<T> {
  private readonly queue: Entry<T>[] = [];
  private head = 0;
  private pumping = false;
  private closed = false;
  private wakeUp: (() => void) | null = null;
  private lastWriteAt = 0;
  private readonly options: Required<Omit<WriteBufferOptions<T>, 'onRetry'>> & Pick<WriteBufferOptions<T>, 'onRetry'>;

  constructor(options: WriteBufferOptions<T>) {
    this.options = { maxBatch: 5000, lingerMs: 0, maxHeld: 1_000_000, minBackoffMs: 50, maxBackoffMs: 5000, ...options };
  }

  /** Items waiting to be written, including the batch being written. */
  get held(): number {
    return this.queue.length - this.head;
  }

  add(items: readonly T[]): Promise<void> {
    if (items.length === 0) return Promise.resolve();
    if (this.closed) return Promise.reject(new Error('the store is closed'));
    if (this.held + items.length > this.options.maxHeld) {
      return Promise.reject(new Error(`write buffer full: ${count(this.held, 'result')} held, none taken`));
    }
    return new Promise<void>((resolve, reject) => {
      const ticket: Ticket = { remaining: items.length, resolve, reject };
      for (const item of items) this.queue.push({ item, ticket });
      void this.pump();
    });
  }

  /**
   * Stops taking items and waits for those held to be written, at most `timeoutMs`; what is still
   * held then is refused (its callers' promises reject), so close never hangs on a dead database.
   */
  async close(timeoutMs = 10_000): Promise<void> {
    this.closed = true;
    const deadline = Date.now() + timeoutMs;
    this.wakeUp?.();
    while (this.held > 0 && Date.now() < deadline) {
      await sleep(Math.min(20, Math.max(1, deadline - Date.now())));
    }
    const left = this.queue.splice(this.head);
    this.head = 0;
    const error = new Error(`the store closed with ${count(left.length, 'result')} not written`);
    for (const ticket of new Set(left.map((entry) => entry.ticket))) ticket.reject(error);
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    let attempt = 0;
    try {
      while (this.held > 0) {
        const sinceWrite = Date.now() - this.lastWriteAt;
        if (sinceWrite < this.options.lingerMs && this.held < this.options.maxBatch && !this.closed) {
          await this.pause(this.options.lingerMs - sinceWrite); // close() cuts it short
        }
        const batch = this.queue.slice(this.head, this.head + this.options.maxBatch);
        try {
          await this.options.write(batch.map((entry) => entry.item));
        } catch (error) {
          if (this.options.isTransient(error)) {
            attempt += 1;
            const delayMs = this.backoff(attempt);
            this.options.onRetry?.(error, attempt, delayMs);
            await this.pause(delayMs);
            continue;
          }
          this.take(batch.length);
          for (const ticket of new Set(batch.map((entry) => entry.ticket))) ticket.reject(error);
          continue;
        }
        attempt = 0;
        this.lastWriteAt = Date.now();
        this.take(batch.length);
        for (const entry of batch) {
          entry.ticket.remaining -= 1;
          if (entry.ticket.remaining === 0) entry.ticket.resolve();
        }
      }
    } finally {
      this.pumping = false;
    }
  }

  /** Drops `count` entries from the head; compacts now and then instead of shifting each time. */
  private take(count: number): void {
    this.head += count;
    if (this.head >= this.queue.length) {
      this.queue.length = 0;
      this.head = 0;
    } else if (this.head > 10_000 && this.head * 2 > this.queue.length) {
      this.queue.splice(0, this.head);
      this.head = 0;
    }
  }

  private backoff(attempt: number): number {
    const ceiling = Math.min(this.options.maxBackoffMs, this.options.minBackoffMs * 2 ** (attempt - 1));
    return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2); // jitter: clients do not retry in step
  }

  /** Waits out a back-off; `close` cuts it short so the last write is tried at once. */
  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void { clearTimeout(timer); resolve(); }
      this.wakeUp = () => { this.wakeUp = null; done(); };
    });
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
