// Query parameters, checked: a value that does not parse is the caller's 400 (invalid_parameter,
// naming the parameter), never a store error or a 500.
import { decodeIdCursor, decodeNameCursor } from '../store/cursor.js';
import { invalidParameter } from './errors.js';

/** A positive integer; over `max` is taken as `max` (as the store would), so a client asking for much gets the most. */
export function limitParam(query: URLSearchParams, fallback: number, max: number): number {
  const text = query.get('limit');
  if (text === null || text === '') return fallback;
  if (!/^\d+$/.test(text) || Number(text) < 1) throw invalidParameter('limit', `${JSON.stringify(text.slice(0, 40))} is not a whole number of at least 1`);
  return Math.min(max, Number(text));
}

// ISO 8601 / RFC 3339: a date alone (UTC midnight, as JavaScript reads it) or a date and time
// with Z or an offset. A time without a zone would be read in the server's zone: refused.
const ISO = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2}))?$/i;

/** An ISO time as epoch milliseconds, or undefined when absent. */
export function instantParam(query: URLSearchParams, name: string): Date | undefined {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  // An unencoded `+02:00` arrives as ` 02:00` (a `+` in a query string is a space).
  const text = raw.replace(/(\d) (\d{2}:?\d{2})$/, '$1+$2');
  const ms = ISO.test(text) && realDate(text) ? Date.parse(text.replace(' ', 'T')) : NaN;
  if (!Number.isFinite(ms)) throw invalidParameter(name, `${JSON.stringify(raw.slice(0, 40))} is not an ISO time (like 2026-01-31T12:00:00Z)`);
  return new Date(ms);
}

/** Date.parse takes 2026-02-30 as March 2; a caller who wrote it made a mistake. */
function realDate(text: string): boolean {
  const [y, m, d] = [Number(text.slice(0, 4)), Number(text.slice(5, 7)), Number(text.slice(8, 10))];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

export function booleanParam(query: URLSearchParams, name: string): boolean | undefined {
  const text = query.get(name);
  if (text === null || text === '') return undefined;
  if (text === 'true' || text === '1') return true;
  if (text === 'false' || text === '0') return false;
  throw invalidParameter(name, `${JSON.stringify(text.slice(0, 40))} is not true or false`);
}

export function choiceParam<T extends string>(query: URLSearchParams, name: string, choices: readonly T[], fallback: T): T {
  const text = query.get(name);
  if (text === null || text === '') return fallback;
  const found = choices.find((choice) => choice === text);
  if (found === undefined) throw invalidParameter(name, `${JSON.stringify(text.slice(0, 40))} is not one of ${choices.join(', ')}`);
  return found;
}

/** A cursor the same list gave; checked here so a bad one is named as a parameter. */
export function cursorParam(query: URLSearchParams, kind: 'name' | 'id'): string | null {
  const text = query.get('cursor');
  if (text === null || text === '') return null;
  try {
    if (kind === 'name') decodeNameCursor(text);
    else decodeIdCursor(text);
  } catch {
    throw invalidParameter('cursor', 'not a cursor this list gave (pass back its "next")');
  }
  return text;
}

/** An incident id from the path: a whole number the store could have given (ids start at 1). */
export function idParam(text: string): number {
  const id = /^\d{1,16}$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(id)) throw invalidParameter('id', `${JSON.stringify(text.slice(0, 40))} is not an incident id (a whole number)`);
  return id;
}
