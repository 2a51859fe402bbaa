// SQLite through better-sqlite3, for a Node without node:sqlite (Node 20, 22.0–22.12). It is a
// native addon built for one Node ABI and an optional dependency: imported only when this binding
// is chosen, so a Node that has node:sqlite never loads it (nor fails on a build for another Node).
import type BetterSqlite3 from 'better-sqlite3';
import { driverMissing, type SqliteArgs, type SqliteConnection, type SqliteStatement, type SqliteValue } from './sqlite-driver.js';

type Constructor = typeof BetterSqlite3;
type Statement = BetterSqlite3.Statement<unknown[], unknown>;

let loading: Promise<Constructor> | undefined;

function load(): Promise<Constructor> {
  loading ??= import('better-sqlite3').then(
    (module) => module.default,
    (error: unknown) => {
      loading = undefined; // installed meanwhile: the next open tries again
      throw driverMissing('better-sqlite3', error instanceof Error ? error.message.split('\n')[0]! : String(error), error);
    },
  );
  return loading;
}

function call<R>(method: (...args: unknown[]) => R, args: SqliteArgs | undefined): R {
  if (args === undefined) return method();
  if (Array.isArray(args)) return method(...(args as readonly SqliteValue[]));
  return method(args);
}

class BetterStatement implements SqliteStatement {
  readonly reader: boolean;

  constructor(private readonly statement: Statement) {
    this.reader = statement.reader;
  }

  all(args?: SqliteArgs): unknown[] { return call((...a) => this.statement.all(...a), args); }
  get(args?: SqliteArgs): unknown { return call((...a) => this.statement.get(...a), args); }
  run(args?: SqliteArgs): number { return call((...a) => this.statement.run(...a), args).changes; }
}

class BetterConnection implements SqliteConnection {
  readonly driver = 'better-sqlite3';

  constructor(private readonly db: BetterSqlite3.Database) {}

  get isOpen(): boolean { return this.db.open; }
  prepare(sql: string): SqliteStatement { return new BetterStatement(this.db.prepare(sql)); }
  exec(sql: string): void { this.db.exec(sql); }
  pragma(sql: string): unknown { return this.db.prepare(sql).get(); }
  rollback(): void { if (this.db.inTransaction) this.db.exec('ROLLBACK'); }

  isBusy(error: unknown): boolean {
    // Extended codes (SQLITE_BUSY_SNAPSHOT, SQLITE_LOCKED_SHAREDCACHE, …) are busy too.
    const code = (error as { code?: unknown } | null)?.code;
    return typeof code === 'string' && /^SQLITE_(BUSY|LOCKED)(_|$)/.test(code);
  }

  close(): void { if (this.db.open) this.db.close(); }
}

export async function openBetterSqlite3(file: string, readonly: boolean): Promise<SqliteConnection> {
  const Database = await load();
  let db: BetterSqlite3.Database;
  try {
    db = new Database(file, { readonly });
  } catch (error) {
    // The addon loads lazily on the first open: a build for another Node fails here.
    if (/NODE_MODULE_VERSION|was compiled against|invalid ELF|cannot open shared object/i.test(String(error))) {
      throw driverMissing('better-sqlite3', String(error).split('\n')[0]!, error);
    }
    throw error;
  }
  return new BetterConnection(db);
}
