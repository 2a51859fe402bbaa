// Runs each monitor's check at its slots: a heap of upcoming slots, one timer for the earliest,
// and a cap on checks in flight. A check that hangs holds only its own slot: the next slots of
// that monitor are skipped while it runs (never stacked), and every other monitor goes on.
import { MinHeap } from './min-heap.js';
import { nextSlot, slotOffset } from './slots.js';

export interface SchedulerOptions {
  /** Checks in flight at most; past it, due checks wait in order of their slots. */
  maxConcurrent: number;
  /** Runs one check. Must not reject; `delayMs` is how late it started after its slot. */
  run(name: string, slotAt: number, delayMs: number): Promise<void>;
  /** A slot passed while the monitor's previous check was still running (or the process was stalled). */
  onSkipped?(name: string, slotAt: number): void;
  now?: () => number;
}

interface Entry {
  intervalMs: number;
  offsetMs: number;
  /** Changes when the monitor is changed or removed: older heap items for it are then ignored. */
  generation: number;
  running: boolean;
}

interface Slot {
  due: number;
  name: string;
  generation: number;
}

/** Never sleep longer than this, so a clock step (NTP, suspend) is noticed. */
const MAX_SLEEP_MS = 1000;

export class Scheduler {
  private readonly entries = new Map<string, Entry>();
  private readonly heap = new MinHeap<Slot>();
  private readonly waiting: Slot[] = [];
  private waitingHead = 0;
  private inFlight = 0;
  private timer: NodeJS.Timeout | undefined;
  private timerDue = Infinity;
  private running = false;
  private generations = 0;
  private idle: (() => void) | undefined;
  private readonly now: () => number;

  constructor(private readonly options: SchedulerOptions) {
    this.now = options.now ?? Date.now;
  }

  get size(): number {
    return this.entries.size;
  }

  get checksInFlight(): number {
    return this.inFlight;
  }

  get checksWaiting(): number {
    return this.waiting.length - this.waitingHead;
  }

  /** Adds a monitor, or reschedules it when its interval changed; its next check is its next slot. */
  set(name: string, intervalMs: number): void {
    const existing = this.entries.get(name);
    if (existing && existing.intervalMs === intervalMs) return;
    const entry: Entry = {
      intervalMs,
      offsetMs: slotOffset(name, intervalMs),
      generation: ++this.generations,
      running: existing?.running ?? false,
    };
    this.entries.set(name, entry);
    this.heap.push({ due: nextSlot(this.now(), intervalMs, entry.offsetMs), name, generation: entry.generation });
    this.arm();
  }

  delete(name: string): void {
    this.entries.delete(name);
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  /**
   * Starts checking. Slots that passed between `set` and now (a long start-up: 100,000 monitors
   * stored one by one) are not made up in one burst: each monitor starts at its next slot.
   */
  start(): void {
    const now = this.now();
    const head = this.heap.peek();
    if (head && head.due <= now) {
      const slots: Slot[] = [];
      for (let slot = this.heap.pop(); slot; slot = this.heap.pop()) slots.push(slot);
      for (const slot of slots) {
        const entry = this.entries.get(slot.name);
        if (!entry || entry.generation !== slot.generation) continue;
        this.heap.push(slot.due > now ? slot : { ...slot, due: nextSlot(now, entry.intervalMs, entry.offsetMs) });
      }
    }
    this.running = true;
    this.arm();
  }

  /** Stops starting checks; resolves when those in flight have finished. */
  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.timerDue = Infinity;
    if (this.inFlight === 0) return;
    await new Promise<void>((resolve) => { this.idle = resolve; });
  }

  private arm(): void {
    if (!this.running) return;
    const head = this.heap.peek();
    if (!head) return;
    const due = Math.min(head.due, this.now() + MAX_SLEEP_MS);
    if (this.timer && due >= this.timerDue) return;
    clearTimeout(this.timer);
    this.timerDue = due;
    this.timer = setTimeout(() => this.fire(), Math.max(0, due - this.now()));
  }

  private fire(): void {
    this.timer = undefined;
    this.timerDue = Infinity;
    const now = this.now();
    for (let head = this.heap.peek(); head && head.due <= now; head = this.heap.peek()) {
      this.heap.pop();
      const entry = this.entries.get(head.name);
      if (!entry || entry.generation !== head.generation) continue;
      let next = head.due + entry.intervalMs;
      if (next <= now) {
        // Stalled for more than an interval: the missed slots are gone, resume at the next one.
        next = nextSlot(now, entry.intervalMs, entry.offsetMs);
      }
      this.heap.push({ due: next, name: head.name, generation: head.generation });
      if (entry.running) {
        this.options.onSkipped?.(head.name, head.due);
        continue;
      }
      entry.running = true;
      this.waiting.push(head);
    }
    this.drain();
    this.arm();
  }

  private drain(): void {
    while (this.running && this.inFlight < this.options.maxConcurrent && this.waitingHead < this.waiting.length) {
      const slot = this.waiting[this.waitingHead++]!;
      const entry = this.entries.get(slot.name);
      if (!entry || entry.generation !== slot.generation) {
        if (entry) entry.running = false;
        continue;
      }
      this.inFlight++;
      const delayMs = Math.max(0, this.now() - slot.due);
      void this.options.run(slot.name, slot.due, delayMs).finally(() => {
        this.inFlight--;
        const current = this.entries.get(slot.name);
        if (current) current.running = false;
        if (this.inFlight === 0 && this.idle) {
          this.idle();
          this.idle = undefined;
        }
        this.drain();
      });
    }
    if (this.waitingHead > 1024 && this.waitingHead * 2 > this.waiting.length) {
      this.waiting.splice(0, this.waitingHead);
      this.waitingHead = 0;
    }
  }
}
