// What the store's logic (sql-store.ts) needs from a database driver: statements with `:name`
// parameters (sql.ts compiles them), transactions, and one fast path for writing results.
// SQLite and PostgreSQL each implement it in a few dozen lines.
import type { Dialect, Params } from './sql.js';
import type { ResultInput } from './types.js';

export interface Queryable {
  readonly dialect: Dialect;
  all<T>(sql: string, params?: Params): Promise<T[]>;
  one<T>(sql: string, params?: Params): Promise<T | undefined>;
  /** Runs a statement that returns no rows; resolves to the number of rows it changed. */
  run(sql: string, params?: Params): Promise<number>;
  /** Runs several statements without parameters (schema changes). */
  exec(sql: string): Promise<void>;
}

export interface Database extends Queryable {
  /** Runs `work` in one transaction: committed if it resolves, rolled back if it throws. */
  transaction<R>(work: (tx: Queryable) => Promise<R>): Promise<R>;
  /**
   * Writes results in one transaction, ignoring those already stored and those of monitors that
   * do not exist. Resolves only once committed, to the number of results stored (the others were
   * refused: already stored for their monitor, vantage and slot, or their monitor is gone).
   */
  insertResults(batch: readonly ResultInput[]): Promise<number>;
  /** Whether a failed write may succeed if tried again later (connection lost, database busy). */
  isTransient(error: unknown): boolean;
  /** Whether an error means the database is away, busy or closed (not a bug): the API's 503. */
  isUnavailable(error: unknown): boolean;
  close(): Promise<void>;
}
