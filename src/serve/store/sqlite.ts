// The embedded store: SQLite, in WAL mode, through node:sqlite or better-sqlite3 (sqlite-driver.ts).
//
// Durability: a transaction is committed when its frames are written to the WAL file. With
// synchronous=NORMAL that write is not followed by fsync, but it is a write(2) into the operating
// system's page cache, which belongs to the kernel, not to the process: `kill -9` (or a crash of
// Node) right after a commit loses nothing committed, and the next open replays the WAL. Only a
// power loss or a kernel crash can undo the last commits, and then the database is still
// consistent. `?synchronous=full` in the URL adds an fsync per commit for that case, at a cost
// of a few hundred commits a second on ordinary disks. test/store/sqlite-reliability.test.ts checks the
// first claim with SIGKILL at random moments.
//
// The binding (node:sqlite or better-sqlite3, sqlite-connect.ts) is synchronous; statements are
// serialized through one queue so a transaction that awaits between statements never has another
// caller's statement run inside it.
import type { Database, Queryable } from './database.js';
import { migrate } from './migrate.js';
import { RESULT_COLUMNS, resultValues } from './records.js';
import { SQLITE, compile, type Params } from './sql.js';
import { SqlStore, type SqlStoreOptions } from './sql-store.js';
import { openSqliteConnection } from './sqlite-connect.js';
import type { SqliteConnection, SqliteDriverName, SqliteStatement, SqliteValue } from './sqlite-driver.js';
import { SQLITE_MIGRATIONS } from './sqlite-schema.js';
import { WalGuard } from './sqlite-wal.js';
import type { ResultInput } from './types.js';

export interface SqliteOptions extends SqlStoreOptions {
  synchronous?: 'normal' | 'full';
  /** How long a write waits for another process's lock before failing as busy. */
  busyTimeoutMs?: number;
  /** The binding; by default node:sqlite where this Node has it, else better-sqlite3. */
  driver?: SqliteDriverName;
}

/**
 * What the WAL file is cut back to once SQLite starts it over. It grows past this only while
 * something keeps the checkpoint from finishing — a transaction bigger than that, or a reader in
 * another process holding an old snapshot (a backup, an `sqlite3` shell in a transaction) — and
 * is cut back by the commit that starts the WAL over after a complete checkpoint (sqlite-wal.ts
 * forces one when other processes' reads keep holding it off). Day to day the WAL stays near
 * SQLite's automatic checkpoint size, 1,000 pages (4 MiB).
 */
export const WAL_LIMIT_BYTES = 16 * 1024 * 1024;

const INSERT_RESULT = `INSERT INTO results (monitor_id, ${RESULT_COLUMNS.join(', ')})
  SELECT id, ${RESULT_COLUMNS.map(() => '?').join(', ')} FROM monitors WHERE name = ?
  ON CONFLICT DO NOTHING`;

/**
 * A prepared statement with its `:name` parameters. Exactly those are bound, and a missing one is
 * an error: node:sqlite would refuse names the SQL does not use and bind NULL for those it lacks,
 * better-sqlite3 the other way round; the store passes objects that carry more than one statement
 * needs (the rollup's slices), and a forgotten parameter must not quietly become NULL.
 */
class Prepared {
  private readonly names: string[];
  /** It changes the database (INSERT … RETURNING read through `one`). */
  readonly writes: boolean;

  constructor(readonly statement: SqliteStatement, compiledText: string) {
    this.names = [...new Set(Array.from(compiledText.matchAll(/@([a-zA-Z][a-zA-Z0-9_]*)/g), (m) => m[1]!))];
    this.writes = /^\s*(INSERT|UPDATE|DELETE|REPLACE)\b/i.test(compiledText);
  }

  args(params: Params | undefined): Record<string, SqliteValue> | undefined {
    if (this.names.length === 0) return undefined;
    const bound: Record<string, SqliteValue> = {};
    for (const name of this.names) {
      const value = params?.[name];
      if (value === undefined) throw new Error(`SQL parameter :${name} not given`);
      bound[name] = value;
    }
    return bound;
  }
}

/**
 * Away rather than broken: busy or locked, an I/O or full disk, a file that cannot be opened or
 * written, or a closed connection (both bindings raise errors in better-sqlite3's shape).
 */
export function isUnavailableSqliteError(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && /^SQLITE_(BUSY|LOCKED|IOERR|FULL|CANTOPEN|READONLY|PROTOCOL)/.test(code)) return true;
  return typeof message === 'string' && /database connection is not open/i.test(message);
}

class SqliteDatabase implements Database {
  readonly dialect = SQLITE;
  private readonly statements = new Map<string, Prepared>();
  private queue: Promise<unknown> = Promise.resolve();
  private readonly direct: Queryable;
  private insertResult: SqliteStatement | null = null;

  constructor(private readonly db: SqliteConnection, readonly wal: WalGuard) {
    this.direct = {
      dialect: SQLITE,
      all: async <T>(sql: string, params?: Params) => {
        const p = this.prepare(sql);
        return p.statement.all(p.args(params)) as T[];
      },
      one: async <T>(sql: string, params?: Params) => {
        const p = this.prepare(sql);
        // A write read for its first row is stepped to its end, not reset after that row: SQLite
        // runs its WAL hook (the automatic checkpoint) only when a statement steps to its end, so
        // a commit made by the reset skips it. While serve stored 100,000 config monitors
        // (INSERT … RETURNING) and nothing else ran, no checkpoint ran: a 1.4 GB WAL, 13 KB each.
        if (p.writes) return p.statement.all(p.args(params))[0] as T | undefined;
        return p.statement.get(p.args(params)) as T | undefined;
      },
      run: async (sql: string, params?: Params) => {
        const p = this.prepare(sql);
        if (p.statement.reader) return p.statement.all(p.args(params)).length;
        return p.statement.run(p.args(params));
      },
      exec: async (sql: string) => { db.exec(sql); },
    };
  }

  all<T>(sql: string, params?: Params): Promise<T[]> { return this.serial(() => this.direct.all<T>(sql, params), false); }
  one<T>(sql: string, params?: Params): Promise<T | undefined> { return this.serial(() => this.direct.one<T>(sql, params)); }
  run(sql: string, params?: Params): Promise<number> { return this.serial(() => this.direct.run(sql, params)); }
  exec(sql: string): Promise<void> { return this.serial(() => this.direct.exec(sql)); }

  transaction<R>(work: (tx: Queryable) => Promise<R>): Promise<R> {
    return this.serial(async () => {
      this.db.exec('BEGIN IMMEDIATE'); // take the write lock now, not at the first write
      try {
        const result = await work(this.direct);
        this.db.exec('COMMIT');
        return result;
      } catch (error) {
        this.db.rollback();
        throw error;
      }
    });
  }

  insertResults(batch: readonly ResultInput[]): Promise<number> {
    return this.serial(async () => {
      // Prepared on first use: the table exists after migrate().
      const insert = this.insertResult ??= this.db.prepare(INSERT_RESULT);
      this.db.exec('BEGIN IMMEDIATE');
      try {
        let stored = 0;
        for (const result of batch) stored += insert.run([...resultValues(result), result.monitor]);
        this.db.exec('COMMIT');
        return stored;
      } catch (error) {
        this.db.rollback();
        throw error;
      }
    });
  }

  isTransient(error: unknown): boolean {
    return this.db.isBusy(error);
  }

  isUnavailable(error: unknown): boolean {
    return isUnavailableSqliteError(error);
  }

  async close(): Promise<void> {
    await this.serial(async () => this.db.close(), false);
  }

  /** Runs `work` after every earlier call; if it may write, the WAL guard looks first. */
  private serial<R>(work: () => Promise<R>, writes = true): Promise<R> {
    const result = this.queue.then(() => {
      if (writes) this.wal.beforeWrite();
      return work();
    });
    this.queue = result.catch(() => undefined);
    return result;
  }

  private prepare(sql: string): Prepared {
    let prepared = this.statements.get(sql);
    if (prepared === undefined) {
      const text = compile(sql, SQLITE).text;
      prepared = new Prepared(this.db.prepare(text), text);
      this.statements.set(sql, prepared);
    }
    return prepared;
  }
}

/** Opens (creating if needed) the database file and brings its schema up to date. */
export async function openSqliteStore(file: string, options: SqliteOptions = {}): Promise<SqlStore> {
  const busyTimeoutMs = options.busyTimeoutMs ?? 5000;
  const db = await openSqliteConnection(file, {
    busyTimeoutMs,
    ...(options.driver === undefined ? {} : { driver: options.driver }),
  });
  try {
    db.exec('PRAGMA journal_mode = WAL');
    db.exec(`PRAGMA synchronous = ${options.synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
    db.exec('PRAGMA foreign_keys = ON');
    // 16 MB of page cache, better-sqlite3's default; node:sqlite's SQLite is built with SQLite's
    // own 2 MB. Set on both, so the two bindings hold the same pages in memory.
    db.exec('PRAGMA cache_size = -16000');
    db.exec(`PRAGMA journal_size_limit = ${WAL_LIMIT_BYTES}`);
    const wal = new WalGuard(db, file === ':memory:' || file === '' ? null : `${file}-wal`, WAL_LIMIT_BYTES, busyTimeoutMs);
    const database = new SqliteDatabase(db, wal);
    await migrate(database, SQLITE_MIGRATIONS);
    return new SqlStore(database, options);
  } catch (error) {
    db.close();
    throw error;
  }
}
