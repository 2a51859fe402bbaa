// The one interface every alert channel implements (src/serve/notify/channels/), and the single place
// that bounds an attempt in time. A channel that fails is an outcome, not an exception: only a
// bug throws, and even that is turned into a failed outcome so one channel cannot stop a queue.
import type { NotifyTarget } from '../config/types.js';
import type { AlertMessage } from './message.js';

export interface SendContext {
  /** Fires when the attempt's time is up or whydown is stopping; channels pass it to their I/O. */
  signal: AbortSignal;
  /** The attempt's limit, for messages and for clients that take a timeout rather than a signal. */
  timeoutMs: number;
}

export type DeliveryOutcome =
  /** `detail`: what the receiver said, e.g. "HTTP 200" or "SMTP 250 OK: queued". */
  | { ok: true; detail: string }
  /** `retryable`: the same request may succeed later (network, timeout, 429, 5xx, SMTP 4xx). */
  | { ok: false; retryable: boolean; detail: string; retryAfterMs?: number };

export type DeliveryFailure = Extract<DeliveryOutcome, { ok: false }>;

export interface Notifier {
  readonly target: NotifyTarget;
  send(message: AlertMessage, context: SendContext): Promise<DeliveryOutcome>;
  /** Releases held connections (the SMTP transport). */
  close?(): Promise<void>;
}

export function failure(detail: string, retryable: boolean, retryAfterMs?: number): DeliveryFailure {
  return retryAfterMs === undefined ? { ok: false, retryable, detail } : { ok: false, retryable, detail, retryAfterMs };
}

/**
 * One attempt, over within `timeoutMs` whatever the channel does: a client that ignores the
 * signal (or hangs in a bug) still frees the queue when the time is up. `stop` aborts it early.
 */
export async function attempt(notifier: Notifier, message: AlertMessage, timeoutMs: number, stop?: AbortSignal): Promise<DeliveryOutcome> {
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = stop ? AbortSignal.any([timeout, stop]) : timeout;
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<DeliveryOutcome>((resolve) => {
    onAbort = () => resolve(abortedOutcome(signal, timeoutMs));
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    const sent = notifier.send(message, { signal, timeoutMs }).catch((error: unknown) => failure(`internal error in the ${notifier.target.type} channel: ${errorText(error)}`, false));
    return await Promise.race([sent, aborted]);
  } finally {
    if (onAbort) signal.removeEventListener('abort', onAbort);
  }
}

/** Why an attempt was cut short: its own time limit (worth retrying) or whydown stopping. */
export function abortedOutcome(signal: AbortSignal, timeoutMs: number): DeliveryFailure {
  const reason: unknown = signal.reason;
  if (typeof reason === 'object' && reason !== null && 'name' in reason && reason.name === 'TimeoutError') return failure(`no answer within ${formatSeconds(timeoutMs)}`, true);
  return failure('cancelled: alerting stopped', false);
}

export function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

export function errorText(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}
