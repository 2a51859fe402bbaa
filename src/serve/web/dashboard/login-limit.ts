// Sign-in attempts: at most `max` failures per client address and per user name in a sliding
// window; beyond, every attempt (right or wrong) is refused with the seconds to wait. Bounded:
// at most `maxKeys` keys are tracked, the oldest forgotten first.
export interface LoginLimitOptions {
  max: number;
  windowMs: number;
  maxKeys?: number;
  now?: () => number;
}

export const DEFAULT_LOGIN_LIMIT = { max: 5, windowMs: 15 * 60_000 } as const;

export class LoginLimit {
  private readonly failures = new Map<string, number[]>();
  private readonly now: () => number;
  private readonly maxKeys: number;

  constructor(private readonly options: LoginLimitOptions) {
    this.now = options.now ?? Date.now;
    this.maxKeys = options.maxKeys ?? 50_000;
  }

  /** Seconds to wait before another attempt for any of these keys; 0: go ahead. */
  retryAfter(keys: readonly string[]): number {
    const at = this.now();
    let wait = 0;
    for (const key of keys) {
      const times = this.recent(key, at);
      if (times.length >= this.options.max) wait = Math.max(wait, Math.ceil((times[0]! + this.options.windowMs - at) / 1000));
    }
    return wait;
  }

  fail(keys: readonly string[]): void {
    const at = this.now();
    for (const key of keys) {
      const times = this.recent(key, at);
      times.push(at);
      if (times.length > this.options.max) times.shift();
      this.failures.delete(key);
      this.failures.set(key, times); // newest last: the map's order is the age order
      if (this.failures.size > this.maxKeys) this.failures.delete(this.failures.keys().next().value!);
    }
  }

  /** A right password clears the name's failures (not the address's: one good account must not reset guessing at others). */
  succeed(key: string): void {
    this.failures.delete(key);
  }

  private recent(key: string, at: number): number[] {
    const times = (this.failures.get(key) ?? []).filter((t) => at - t < this.options.windowMs);
    return times;
  }
}
