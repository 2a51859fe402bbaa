// Small helpers the parsers share: errno → cause, and the event constructor.
import type { Cause } from '../../core/model.js';
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

/**
 * Gives the same string object for the same text: upstream names repeat on most lines, and
 * counting them by one string object is much cheaper than by a fresh slice each time (V8 caches
 * the hash in the string and compares identical strings by pointer). The lookup itself uses V8's
 * native string hashing: a JavaScript hash loop over the characters was slower than that.
 */
export class Interner {
  private readonly table = new Map<string, string>();

  /** `text` for a whole string (null stays null). */
  of(name: string | null): string | null {
    return name === null ? null : this.text(name, 0, name.length);
  }

  text(line: string, start: number, end: number): string {
    const slice = start === 0 && end === line.length ? line : line.slice(start, end);
    const known = this.table.get(slice);
    if (known !== undefined) return known;
    const fresh = Buffer.from(slice, 'utf8').toString('utf8'); // its own memory, not a view of the whole block
    if (this.table.size < 10_000) this.table.set(fresh, fresh); // endless distinct names: stop remembering
    return fresh;
  }
}
