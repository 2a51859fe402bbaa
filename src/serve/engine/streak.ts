// Confirmation: one failed check is a blip, not an outage. A monitor is confirmed down after
// `confirm.failures` failed checks in a row — and, with `confirm.within`, only when those last
// failures all fall within that window (a check every 10 minutes failing twice in 20 minutes is
// not "two failures within a minute").
import type { Confirm } from '../config/types.js';

export class FailureStreak {
  /** Times of the failures of the current streak, newest last; at most `keep` of them. */
  private times: number[] = [];
  /** The first failure of the streak: when the outage began, as far as the checks can tell. */
  private startedAt: number | undefined;

  constructor(private keep: number) {}

  record(failed: boolean, at: number): void {
    if (!failed) {
      this.times = [];
      this.startedAt = undefined;
      return;
    }
    this.startedAt ??= at;
    this.times.push(at);
    if (this.times.length > this.keep) this.times.shift();
  }

  confirmed(policy: Confirm): boolean {
    this.keep = Math.max(this.keep, policy.failures);
    if (this.times.length < policy.failures) return false;
    if (policy.withinMs === undefined) return true;
    const newest = this.times[this.times.length - 1]!;
    const oldestCounted = this.times[this.times.length - policy.failures]!;
    return newest - oldestCounted <= policy.withinMs;
  }

  get length(): number {
    return this.times.length;
  }

  get since(): number | undefined {
    return this.startedAt;
  }
}
