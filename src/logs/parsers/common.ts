// Small helpers the parsers share: errno → cause, and the event constructor.
import type { Cause } from '../../model.js';
import type { LogEvent, ServerId } from '../types.js';

/** Linux errno numbers the servers print. */
export const ERRNO = {
  ENOENT: 2, EACCES: 13, EAGAIN: 11, EPIPE: 32, ENETUNREACH: 101, ECONNRESET: 104,
  EADDRNOTAVAIL: 99, ETIMEDOUT: 110, ECONNREFUSED: 111, EHOSTUNREACH: 113,
} as const;

/**
 * The cause of a failed connect() to an upstream. No route / unreachable also counts as the
 * upstream refusing: the gateway could not connect to it, which is what the cause means.
 */
export function connectErrnoCause(errno: number): Cause {
  switch (errno) {
    case ERRNO.EAGAIN: return 'overloaded'; // a unix socket's accept queue is full (php-fpm busy)
    case ERRNO.EADDRNOTAVAIL: return 'overloaded'; // the gateway ran out of local ports
    case ERRNO.ETIMEDOUT: return 'upstream-timeout';
    default: return 'upstream-refused';
  }
}

/** The cause of a failed read or write on an established upstream connection. */
export function ioErrnoCause(errno: number): Cause {
  return errno === ERRNO.ETIMEDOUT || errno === ERRNO.EAGAIN ? 'upstream-timeout' : 'upstream-closed';
}

export function makeEvent(
  file: string, line: number, server: ServerId, cause: Cause, message: string,
  at: number | null, time: string | null,
  upstream: string | null = null, client: string | null = null, request: string | null = null,
): LogEvent {
  return { file, line, time, server, cause, upstream, client, request, message, at };
}

/** The text between `open` (after `from`) and the next `close`, or null. */
export function between(text: string, open: string, close: string, from = 0): string | null {
  const start = text.indexOf(open, from);
  if (start < 0) return null;
  const end = text.indexOf(close, start + open.length);
  return end < 0 ? null : text.slice(start + open.length, end);
}

/** The number right after `(` at `at`, as in `(111: Connection refused)` or `(111)Connection refused`. */
export function errnoAt(text: string, at: number): number {
  let n = 0;
  let i = at;
  for (; i < text.length; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) break;
    n = n * 10 + d;
  }
  return i === at ? -1 : n;
}
