// How long a queue waits before trying a failed alert again: exponential, with jitter so that
// channels failing together (one network outage) do not all retry in the same instant.

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  attempts: number;
  /** The wait after the first failure is between half of this and all of it; it doubles each time. */
  baseDelayMs: number;
  /** No wait is longer than this (a receiver's Retry-After may ask for more, up to retryAfterCapMs). */
  maxDelayMs: number;
}

/** 5 attempts; waits of about 10, 20, 40 and 80 s: a channel gets some 2.5 minutes to come back. */
export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseDelayMs: 10_000, maxDelayMs: 120_000 };

/** A receiver that asks for a longer pause than this is treated as asking for this. */
const RETRY_AFTER_CAP_MS = 5 * 60_000;

/**
 * The wait after `failures` failed attempts (1 for the first): "equal jitter", half fixed and half
 * random, so the wait never collapses to nothing yet spreads out. A Retry-After wins when longer.
 */
export function retryDelay(policy: RetryPolicy, failures: number, random: () => number = Math.random, retryAfterMs?: number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, failures - 1));
  const delay = Math.round(ceiling / 2 + (random() * ceiling) / 2);
  return retryAfterMs !== undefined ? Math.max(delay, Math.min(retryAfterMs, RETRY_AFTER_CAP_MS)) : delay;
}
