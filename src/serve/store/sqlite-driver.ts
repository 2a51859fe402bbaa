// The few things the SQLite store (sqlite.ts) needs from a SQLite binding, so that one store runs
// on either of two: Node's own `node:sqlite` (built in from Node 22.13 and 23.4 without a flag;
// nothing to compile) and better-sqlite3 (a native addon, compiled for one Node ABI; kept for
// Node 20, which has no node:sqlite). sqlite-connect.ts chooses and opens one.
import { WhydownError } from '../../core/errors.js';

export type SqliteDriverName = 'node:sqlite' | 'better-sqlite3';

export type SqliteValue = string | number | null;

/** Named values (keys without the `@`) or positional ones (`?`). */
export type SqliteArgs = Readonly<Record<string, SqliteValue>> | readonly SqliteValue[];

export interface SqliteStatement {
  /** It returns rows: a query, or a write with RETURNING. */
  readonly reader: boolean;
  all(args?: SqliteArgs): unknown[];
  /** The first row; the statement is reset afterwards (no read left open). */
  get(args?: SqliteArgs): unknown;
  /** Runs a statement that returns no rows; the number of rows it changed. */
  run(args?: SqliteArgs): number;
}

/**
 * Errors look alike through both bindings (better-sqlite3's shape): a SQLite error has `code`
 * 'SQLITE_<NAME>' ('SQLITE_BUSY', 'SQLITE_CONSTRAINT_UNIQUE', …), and any use after close throws
 * a TypeError 'The database connection is not open'.
 */
export interface SqliteConnection {
  readonly driver: SqliteDriverName;
  prepare(sql: string): SqliteStatement;
  /** Runs one or more statements without parameters. */
  exec(sql: string): void;
  /** One row of a PRAGMA or other statement without parameters, uncached. */
  pragma(sql: string): unknown;
  /** Rolls back the open transaction, if SQLite has not ended it already (some errors do). */
  rollback(): void;
  /** SQLITE_BUSY or SQLITE_LOCKED (another connection holds the lock), of this binding's errors. */
  isBusy(error: unknown): boolean;
  readonly isOpen: boolean;
  close(): void;
}

export interface SqliteOpenOptions {
  readonly?: boolean;
  /** How long a statement waits for another connection's lock before failing as busy. */
  busyTimeoutMs?: number;
  /** Which binding; by default node:sqlite where it exists, else better-sqlite3. */
  driver?: SqliteDriverName;
}

/** The error for a binding this Node cannot load, with what to do about it. */
export function driverMissing(driver: SqliteDriverName, why: string, cause?: unknown): WhydownError {
  const fix = driver === 'node:sqlite'
    ? 'it is built into Node 22.13 and later'
    : 'install it with `npm install better-sqlite3` for this Node, or use Node 22.13 or later (node:sqlite)';
  return new WhydownError('E_STORE', `SQLite through ${driver} is not available on Node ${process.versions.node}: ${why} (${fix})`, { cause });
}
