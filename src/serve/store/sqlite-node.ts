// The SQLite binding built into Node (`node:sqlite`, DatabaseSync). Taken as present from Node
// 22.13 and 23.4, where it loads without `--experimental-sqlite`; before them (and on Node 20,
// which has none) it counts as absent even with the flag, and better-sqlite3 is used instead.
// @types/node 20 knows no node:sqlite: the little used here is declared below.
import { driverMissing, type SqliteArgs, type SqliteConnection, type SqliteStatement, type SqliteValue } from './sqlite-driver.js';

interface NodeStatement {
  all(...args: unknown[]): unknown[];
  get(...args: unknown[]): unknown;
  run(...args: unknown[]): { changes: number | bigint };
  /** Node 22.16, 23.11 and later. */
  columns?: () => unknown[];
}

interface NodeDatabase {
  prepare(sql: string): NodeStatement;
  exec(sql: string): void;
  close(): void;
  /** Node 22.16, 23.11 and later. */
  readonly isTransaction?: boolean;
}

interface NodeSqliteModule {
  DatabaseSync: new (file: string, options?: { readOnly?: boolean }) => NodeDatabase;
}

/** SQLite's primary result codes by number, and the extended ones better-sqlite3 names most. */
const PRIMARY = ['OK', 'ERROR', 'INTERNAL', 'PERM', 'ABORT', 'BUSY', 'LOCKED', 'NOMEM', 'READONLY', 'INTERRUPT', 'IOERR',
  'CORRUPT', 'NOTFOUND', 'FULL', 'CANTOPEN', 'PROTOCOL', 'EMPTY', 'SCHEMA', 'TOOBIG', 'CONSTRAINT', 'MISMATCH', 'MISUSE',
  'NOLFS', 'AUTH', 'FORMAT', 'RANGE', 'NOTADB', 'NOTICE', 'WARNING'];
const EXTENDED: Record<number, string> = {
  261: 'BUSY_RECOVERY', 517: 'BUSY_SNAPSHOT', 773: 'BUSY_TIMEOUT', 262: 'LOCKED_SHAREDCACHE',
  275: 'CONSTRAINT_CHECK', 787: 'CONSTRAINT_FOREIGNKEY', 1299: 'CONSTRAINT_NOTNULL', 1555: 'CONSTRAINT_PRIMARYKEY',
  2067: 'CONSTRAINT_UNIQUE', 1032: 'READONLY_DBMOVED', 3338: 'IOERR_FSYNC', 4874: 'IOERR_SHMSIZE',
};

/**
 * node:sqlite's errors in better-sqlite3's shape, which the rest of whydown reads (the API tells
 * a database that is away from a bug by them): `code` 'SQLITE_BUSY', 'SQLITE_CONSTRAINT_UNIQUE',
 * … instead of 'ERR_SQLITE_ERROR' with a number, and use after close as better-sqlite3's
 * TypeError 'The database connection is not open' (node:sqlite: 'database is not open' or
 * 'statement has been finalized').
 */
function translate(error: unknown): unknown {
  const e = error as { code?: unknown; errcode?: unknown; message?: unknown } | null;
  if (e?.code === 'ERR_SQLITE_ERROR' && typeof e.errcode === 'number') {
    const name = EXTENDED[e.errcode] ?? PRIMARY[e.errcode & 0xff] ?? 'ERROR';
    return Object.assign(new Error(String(e.message), { cause: error }), { code: `SQLITE_${name}`, errcode: e.errcode });
  }
  if (e?.code === 'ERR_INVALID_STATE' && /database is not open|statement has been finalized/.test(String(e.message))) {
    return new TypeError('The database connection is not open', { cause: error });
  }
  return error;
}

function translated<R>(work: () => R): R {
  try {
    return work();
  } catch (error) {
    throw translate(error);
  }
}

function unflagged(version: string): boolean {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  return major >= 24 || (major === 23 && minor >= 4) || (major === 22 && minor >= 13);
}

let loaded: NodeSqliteModule | null | undefined;

/** node:sqlite, or undefined where this Node has none without a flag. */
export function nodeSqliteModule(): NodeSqliteModule | undefined {
  if (loaded === undefined) loaded = unflagged(process.versions.node) ? loadQuietly() : null;
  return loaded ?? undefined;
}

/**
 * Node 22 warns on stderr, once, that SQLite is experimental; whydown chose it knowingly, and the
 * line would land in every `whydown serve` log. Only that warning is held back.
 */
function loadQuietly(): NodeSqliteModule | null {
  const emitWarning = process.emitWarning;
  process.emitWarning = function (this: NodeJS.Process, warning: string | Error, ...rest: unknown[]): void {
    const text = typeof warning === 'string' ? warning : warning.message;
    if (/^SQLite is an experimental feature/.test(text)) return;
    (emitWarning as (...args: unknown[]) => void).call(this, warning, ...rest);
  } as typeof process.emitWarning;
  try {
    return (process.getBuiltinModule('node:sqlite') as NodeSqliteModule | undefined) ?? null;
  } finally {
    process.emitWarning = emitWarning;
  }
}

/** A statement returns rows. Where Node cannot say (before 22.16), the SQL's shape says it. */
const READER = /^\s*(SELECT|WITH|VALUES|PRAGMA|EXPLAIN)\b|\bRETURNING\b/i;

function call<R>(method: (...args: unknown[]) => R, args: SqliteArgs | undefined): R {
  return translated(() => {
    if (args === undefined) return method();
    if (Array.isArray(args)) return method(...(args as readonly SqliteValue[]));
    return method(args);
  });
}

class NodeSqliteStatement implements SqliteStatement {
  readonly reader: boolean;

  constructor(private readonly statement: NodeStatement, sql: string) {
    this.reader = statement.columns ? statement.columns().length > 0 : READER.test(sql);
  }

  all(args?: SqliteArgs): unknown[] { return call((...a) => this.statement.all(...a), args); }
  get(args?: SqliteArgs): unknown { return call((...a) => this.statement.get(...a), args); }
  run(args?: SqliteArgs): number { return Number(call((...a) => this.statement.run(...a), args).changes); }
}

class NodeSqliteConnection implements SqliteConnection {
  readonly driver = 'node:sqlite';
  private open = true;

  constructor(private readonly db: NodeDatabase) {}

  get isOpen(): boolean { return this.open; }
  prepare(sql: string): SqliteStatement { return translated(() => new NodeSqliteStatement(this.db.prepare(sql), sql)); }
  exec(sql: string): void { translated(() => this.db.exec(sql)); }
  pragma(sql: string): unknown { return translated(() => this.db.prepare(sql).get()); }

  rollback(): void {
    if (this.db.isTransaction !== undefined) {
      if (this.db.isTransaction) this.exec('ROLLBACK');
      return;
    }
    try {
      this.exec('ROLLBACK');
    } catch (error) {
      if (!/no transaction is active/.test(String(error))) throw error;
    }
  }

  isBusy(error: unknown): boolean {
    // Extended codes (SQLITE_BUSY_SNAPSHOT, …) are busy too.
    const code = (error as { code?: unknown } | null)?.code;
    return typeof code === 'string' && /^SQLITE_(BUSY|LOCKED)(_|$)/.test(code);
  }

  close(): void {
    if (!this.open) return;
    this.db.close();
    this.open = false;
  }
}

export function openNodeSqlite(file: string, readonly: boolean): SqliteConnection {
  const sqlite = nodeSqliteModule();
  if (sqlite === undefined) throw driverMissing('node:sqlite', 'this Node has no node:sqlite without a flag');
  return new NodeSqliteConnection(translated(() => new sqlite.DatabaseSync(file, { readOnly: readonly })));
}
