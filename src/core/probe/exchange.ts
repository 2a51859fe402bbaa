// The shape both HTTP versions return, and how a broken exchange becomes a cause.
import type { Cause } from '../model.js';
import type { BodyOutcome } from './body.js';
import type { ProbeError } from './types.js';

export interface ExchangeRequest {
  method: string;
  /** Path and query. */
  path: string;
  /** Value of the Host / :authority header. */
  authority: string;
  headers: Record<string, string>;
  body?: Buffer;
  timeoutMs: number;
  sampleBytes: number;
  maxRawBytes: number;
}

export interface ExchangeOutcome {
  httpVersion: string | null;
  status: number | null;
  statusText: string | null;
  headers: Record<string, string>;
  body: BodyOutcome | null;
  /** performance.now() marks. */
  requestSentAt?: number;
  firstByteAt?: number;
  endAt?: number;
  failure: { cause: Cause; error: ProbeError } | null;
}

/** Flattens repeated headers as browsers' devtools show them. */
export function flattenHeaders(headers: Record<string, string | string[] | number | undefined>): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || name.startsWith(':')) continue;
    flat[name.toLowerCase()] = Array.isArray(value) ? value.join(name.toLowerCase() === 'set-cookie' ? '\n' : ', ') : String(value);
  }
  return flat;
}

/**
 * A failure before a complete response head: what was seen on the wire decides the cause.
 * - nothing at all, then a clean close → empty-response
 * - nothing at all, then a reset → connect-reset
 * - bytes that the parser rejects → malformed-response
 * - the time ran out → response-timeout
 */
export function headFailureCause(error: NodeJS.ErrnoException, wire: { bytesReceived: number; reset: boolean; timedOut: boolean }): Cause {
  if (wire.timedOut) return 'response-timeout';
  if (typeof error.code === 'string' && error.code.startsWith('HPE_')) return 'malformed-response';
  if (error.code === 'ERR_HTTP2_ERROR' || error.code === 'ERR_HTTP2_SESSION_ERROR' || error.code === 'ERR_HTTP2_STREAM_ERROR') {
    return 'malformed-response';
  }
  if (wire.bytesReceived === 0) return wire.reset ? 'connect-reset' : 'empty-response';
  // Some bytes, then the connection ended before a full head.
  return 'malformed-response';
}
