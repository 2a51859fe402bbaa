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

const SQLITE_BUSY = 5;
const SQLITE_LOCKED = 6;

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
  if (args === undefined) return method();
  if (Array.isArray(args)) return method(...(args as readonly SqliteValue[]));
  return method(args);
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
  prepare(sql: string): SqliteStatement { return new NodeSqliteStatement(this.db.prepare(sql), sql); }
  exec(sql: string): void { this.db.exec(sql); }
  pragma(sql: string): unknown { return this.db.prepare(sql).get(); }

  rollback(): void {
    if (this.db.isTransaction !== undefined) {
      if (this.db.isTransaction) this.db.exec('ROLLBACK');
      return;
    }
    try {
      this.db.exec('ROLLBACK');
    } catch (error) {
      if (!/no transaction is active/.test(String(error))) throw error;
    }
  }

  isBusy(error: unknown): boolean {
    const e = error as { code?: unknown; errcode?: unknown } | null;
    if (e?.code !== 'ERR_SQLITE_ERROR' || typeof e.errcode !== 'number') return false;
    const primary = e.errcode & 0xff; // SQLITE_BUSY_SNAPSHOT and the like are SQLITE_BUSY too
    return primary === SQLITE_BUSY || primary === SQLITE_LOCKED;
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
  return new NodeSqliteConnection(new sqlite.DatabaseSync(file, { readOnly: readonly }));
}
