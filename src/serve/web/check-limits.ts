// Limits of the public `/check`: requests per client and in total over a sliding minute, and how
// many diagnoses run at once. A diagnosis makes outgoing connections on a stranger's behalf: the
// limits keep whydown from becoming a load generator aimed at someone else's site.
import { effectiveAddress, ipv6Bytes } from '../../core/probe/destination-policy.js';

/** A sliding-window counter per key: at most `limit` takes within `windowMs`. */
export class SlidingLimit {
  private readonly hits = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
    /** Keys kept at most; past it, keys with no recent take are forgotten. */
    private readonly maxKeys = 10_000,
  ) {}

  /** Null when allowed (and counted); otherwise seconds until one more take would be allowed. */
  take(key: string): number | null {
    const now = this.now();
    const since = now - this.windowMs;
    const recent = (this.hits.get(key) ?? []).filter((t) => t > since);
    if (recent.length >= this.limit) {
      this.hits.set(key, recent);
      return Math.max(1, Math.ceil((recent[0]! + this.windowMs - now) / 1000));
    }
    recent.push(now);
    this.hits.set(key, recent);
    if (this.hits.size > this.maxKeys) this.sweep(since);
    return null;
  }

  private sweep(since: number): void {
    for (const [key, times] of this.hits) if (times.every((t) => t <= since)) this.hits.delete(key);
    // Still full of live keys (many clients at once): the oldest entries go first.
    for (const key of this.hits.keys()) {
      if (this.hits.size <= this.maxKeys) break;
      this.hits.delete(key);
    }
  }
}

/** At most `max` holders at once; no queue: a caller beyond it is told to come back. */
export class ConcurrencyGate {
  private running = 0;

  constructor(private readonly max: number) {}

  tryEnter(): boolean {
    if (this.running >= this.max) return false;
    this.running++;
    return true;
  }

  leave(): void {
    this.running = Math.max(0, this.running - 1);
  }
}

/** Answers kept per normalised URL for `ttlMs`, at most `maxEntries` (the oldest go first). */
export class AnswerCache<T> {
  private readonly entries = new Map<string, { expires: number; value: T }>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
    private readonly maxEntries = 1000,
  ) {}

  get(key: string): T | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expires > this.now()) return entry.value;
    this.entries.delete(key);
    return undefined;
  }

  set(key: string, value: T): void {
    this.entries.delete(key);
    this.entries.set(key, { expires: this.now() + this.ttlMs, value });
    for (const key of this.entries.keys()) {
      if (this.entries.size <= this.maxEntries) break;
      this.entries.delete(key);
    }
  }
}

/**
 * Whom a per-client limit counts: an IPv4 address, or an IPv6 /64 — one host usually has a whole
 * /64 and could otherwise take a fresh address for each request.
 */
export function clientKey(address: string | undefined): string {
  const effective = address === undefined ? null : effectiveAddress(address);
  if (!effective) return 'unknown';
  if (effective.family === 'ipv4') return effective.address;
  const bytes = ipv6Bytes(effective.address.replace(/%.*$/, ''));
  if (!bytes) return effective.address;
  const groups = [0, 2, 4, 6].map((i) => ((bytes[i]! << 8) | bytes[i + 1]!).toString(16));
  return `${groups.join(':')}::/64`;
}
