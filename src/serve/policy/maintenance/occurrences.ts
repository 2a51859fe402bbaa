// When one window is open: the occurrences [start, end) of a one-off or recurring window.
import type { Cron } from 'croner';
import type { MaintenanceWindow } from '../../config/types.js';
import type { Interval } from '../../../core/time/intervals.js';
import { compileCron } from './cron.js';

/** One window's times, with the answer for the latest instant asked about kept until it can change. */
export class WindowTimes {
  private readonly cron: Cron | undefined;
  private readonly once: Interval | undefined;
  /** For `at` in [from, until), activeAt(at) is `answer`. */
  private cached: { from: number; until: number; answer: Interval | null } | undefined;

  constructor(readonly window: MaintenanceWindow) {
    if (window.kind === 'once') this.once = [Date.parse(window.start), Date.parse(window.end)];
    else this.cron = compileCron(window.cron, window.timezone);
  }

  /**
   * The occurrence open at `at` (start ≤ at < end). When recurring occurrences overlap, the one
   * that ends last, so "in maintenance until …" names the real end.
   */
  activeAt(at: number): Interval | null {
    const c = this.cached;
    if (c && at >= c.from && at < c.until) return c.answer;
    if (this.once) {
      const [start, end] = this.once;
      const answer = at >= start && at < end ? this.once : null;
      this.cached = at < start ? { from: -Infinity, until: start, answer } : at < end ? { from: start, until: end, answer } : { from: end, until: Infinity, answer };
      return answer;
    }
    let answer: Interval | null = null;
    for (const start of this.starts(at - this.durationMs, at + 1)) answer = [start, start + this.durationMs];
    // The answer holds until it ends or another occurrence starts, whichever comes first.
    const next = this.nextStart(at);
    this.cached = { from: at, until: Math.min(answer ? answer[1] : Infinity, next ?? Infinity), answer };
    return answer;
  }

  /** Every occurrence that overlaps [from, to), clipped to it, in order (not merged). */
  between(from: number, to: number): Interval[] {
    if (this.once) {
      const start = Math.max(this.once[0], from);
      const end = Math.min(this.once[1], to);
      return end > start ? [[start, end]] : [];
    }
    const out: Interval[] = [];
    for (const start of this.starts(from - this.durationMs, to)) {
      out.push([Math.max(start, from), Math.min(start + this.durationMs, to)]);
    }
    return out;
  }

  private get durationMs(): number {
    return this.window.kind === 'recurring' ? this.window.durationMs : 0;
  }

  /** Starts s with after < s < before: croner's nextRun is strictly after its argument. */
  private *starts(after: number, before: number): Generator<number> {
    let start = this.nextStart(after);
    while (start !== null && start < before) {
      yield start;
      start = this.nextStart(start);
    }
  }

  private nextStart(after: number): number | null {
    return this.cron?.nextRun(new Date(after))?.getTime() ?? null;
  }
}
