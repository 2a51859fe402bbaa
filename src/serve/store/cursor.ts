// Opaque cursors for keyset pagination: the last key of the page, base64url-encoded so callers
// treat it as a token rather than build one. A cursor that does not decode is a caller's error.
import { StoreInputError } from './errors.js';

export function encodeCursor(key: string | number): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): string | number {
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (typeof key === 'string' || (typeof key === 'number' && Number.isSafeInteger(key))) return key;
  } catch {
    // falls through to the error below
  }
  throw new StoreInputError(`not a cursor this server gave: ${cursor.slice(0, 40)}`);
}

export function decodeNameCursor(cursor: string | null | undefined): string | null {
  if (!cursor) return null;
  const key = decodeCursor(cursor);
  if (typeof key !== 'string') throw new StoreInputError('not a monitor list cursor');
  return key;
}

export function decodeIdCursor(cursor: string | null | undefined): number | null {
  if (!cursor) return null;
  const key = decodeCursor(cursor);
  if (typeof key !== 'number') throw new StoreInputError('not an incident list cursor');
  return key;
}
