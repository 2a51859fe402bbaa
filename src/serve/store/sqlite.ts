// The embedded store: SQLite through better-sqlite3, in WAL mode.
//
// Durability: a transaction is committed when its frames are written to the WAL file. With
// synchronous=NORMAL that write is not followed by fsync, but it is a write(2) into the operating
// system's page cache, which belongs to the kernel, not to the process: `kill -9` (or a crash of
// Node) right after a commit loses nothing committed, and the next open replays the WAL. Only a
// power loss or a kernel crash can undo the last commits, and then the database is still
// consistent. `?synchronous=full` in the URL adds an fsync per commit for that case, at a cost
// of a few hundred commits a second on ordinary disks. test/store/sqlite-kill.test.ts checks the
// first claim with SIGKILL at random moments.
//
// better-sqlite3 is synchronous; statements are serialized through one queue so a transaction
// that awaits between statements never has another caller's statement run inside it.
import BetterSqlite3 from 'better-sqlite3';
import type { Database, Queryable } from './database.js';
import { migrate } from './migrate.js';
import { RESULT_COLUMNS, resultValues } from './records.js';
import { SQLITE, compile, type Params } from './sql.js';
import { SqlStore, type SqlStoreOptions } from './sql-store.js';
import { SQLITE_MIGRATIONS } from './sqlite-schema.js';
import type { ResultInput } from './types.js';

export interface SqliteOptions extends SqlStoreOptions {
  synchronous?: 'normal' | 'full';
  /** How long a write waits for another process's lock before failing as busy. */
  busyTimeoutMs?: number;
}

type Statement = BetterSqlite3.Statement<unknown[], unknown>;

const INSERT_RESULT = `INSERT INTO results (monitor_id, ${RESULT_COLUMNS.join(', ')})
  SELECT id, ${RESULT_COLUMNS.map(() => '?').join(', ')} FROM monitors WHERE name = ?
  ON CONFLICT (monitor_id, at) DO NOTHING`;

class SqliteDatabase implements Database {
  readonly dialect = SQLITE;
  private readonly statements = new Map<string, Statement>();
  private queue: Promise<unknown> = Promise.resolve();
  private readonly direct: Queryable;
  private writeResults: ((batch: readonly ResultInput[]) => void) | null = null;

  constructor(private readonly db: BetterSqlite3.Database) {
    this.direct = {
      dialect: SQLITE,
      all: async <T>(sql: string, params?: Params) => this.prepare(sql).all(...args(params)) as T[],
      one: async <T>(sql: string, params?: Params) => this.prepare(sql).get(...args(params)) as T | undefined,
      run: async (sql: string, params?: Params) => {
        const statement = this.prepare(sql);
        if (statement.reader) return statement.all(...args(params)).length;
        return statement.run(...args(params)).changes;
      },
      exec: async (sql: string) => { db.exec(sql); },
    };
  }

  all<T>(sql: string, params?: Params): Promise<T[]> { return this.serial(() => this.direct.all<T>(sql, params)); }
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
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
        throw error;
      }
    });
  }

  insertResults(batch: readonly ResultInput[]): Promise<void> {
    return this.serial(async () => {
      if (this.writeResults === null) { // prepared on first use: the table exists after migrate()
        const insert = this.db.prepare(INSERT_RESULT);
        this.writeResults = this.db.transaction((rows: readonly ResultInput[]) => {
          for (const result of rows) insert.run(...resultValues(result), result.monitor);
        });
      }
      this.writeResults(batch);
    });
  }

  isTransient(error: unknown): boolean {
    const code = (error as { code?: unknown } | null)?.code;
    return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED';
  }

  async close(): Promise<void> {
    await this.serial(async () => {
      if (this.db.open) this.db.close();
    });
  }

  private serial<R>(work: () => Promise<R>): Promise<R> {
    const result = this.queue.then(work);
    this.queue = result.catch(() => undefined);
    return result;
  }

  private prepare(sql: string): Statement {
    let statement = this.statements.get(sql);
    if (statement === undefined) {
      statement = this.db.prepare(compile(sql, SQLITE).text);
      this.statements.set(sql, statement);
    }
    return statement;
  }
}

const args = (params: Params | undefined): [Params] | [] => (params && Object.keys(params).length > 0 ? [params] : []);

/** Opens (creating if needed) the database file and brings its schema up to date. */
export async function openSqliteStore(file: string, options: SqliteOptions = {}): Promise<SqlStore> {
  const db = new BetterSqlite3(file, { timeout: options.busyTimeoutMs ?? 5000 });
  try {
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${options.synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
    db.pragma('foreign_keys = ON');
    const database = new SqliteDatabase(db);
    await migrate(database, SQLITE_MIGRATIONS);
    return new SqlStore(database, options);
  } catch (error) {
    db.close();
    throw error;
  }
}
