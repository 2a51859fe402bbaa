// The PostgreSQL store, through a pg Pool. Results go through the store's write buffer
// (write-buffer.ts): while the server is away (restarting, failing over, unreachable) they are
// held and retried with back-off, and written once it answers again; the (monitor_id, at) key
// with ON CONFLICT DO NOTHING makes a retried batch that had in fact been committed harmless.
// Other calls fail while the server is away, and their callers decide.
import pg from 'pg';
import type { Database, Queryable } from './database.js';
import { migrate } from './migrate.js';
import { RESULT_COLUMNS, resultValues } from './records.js';
import { POSTGRES, bind, compile, type Params } from './sql.js';
import { SqlStore, type SqlStoreOptions } from './sql-store.js';
import { POSTGRES_MIGRATIONS } from './postgres-schema.js';
import type { ResultInput } from './types.js';

export interface PostgresOptions extends SqlStoreOptions {
  /** Connections in the pool. */
  maxConnections?: number;
  /** How long to wait for a connection before a call fails (and a result write is retried). */
  connectTimeoutMs?: number;
}

const ARRAY_TYPES = ['bigint', 'text', 'text', 'smallint', 'text', 'integer', 'integer',
  'integer', 'integer', 'integer', 'integer', 'integer', 'text', 'bigint'];

// One statement per batch: the batch travels as one array per column.
const INSERT_RESULTS = `INSERT INTO results (monitor_id, ${RESULT_COLUMNS.join(', ')})
  SELECT m.id, ${RESULT_COLUMNS.map((c) => `r.${c}`).join(', ')}
  FROM unnest($1::text[], ${ARRAY_TYPES.map((type, i) => `$${i + 2}::${type}[]`).join(', ')})
    AS r(monitor, ${RESULT_COLUMNS.join(', ')})
  JOIN monitors m ON m.name = r.monitor
  ON CONFLICT DO NOTHING`;

/** SQLSTATEs after which the same statement may well succeed: the server is (re)starting or busy. */
const TRANSIENT_STATES = new Set(['57P01', '57P02', '57P03', '53300', '40001', '40P01']);
const TRANSIENT_MESSAGE = /connection terminated|connection error|not queryable|timeout exceeded|connection ended|ECONNREFUSED/i;

export function isTransientPostgresError(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (typeof code === 'string') {
    if (/^[0-9A-Z]{5}$/.test(code)) return code.startsWith('08') || TRANSIENT_STATES.has(code);
    if (code.startsWith('E')) return true; // a socket error: ECONNREFUSED, ECONNRESET, EPIPE, ...
  }
  return typeof message === 'string' && TRANSIENT_MESSAGE.test(message);
}

/** Away rather than broken: a connection or resource SQLSTATE (classes 08, 53, 57), a socket error, an ended pool. */
export function isUnavailablePostgresError(error: unknown): boolean {
  if (isTransientPostgresError(error)) return true;
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && /^(08|53|57)[0-9A-Z]{3}$/.test(code)) return true;
  return typeof message === 'string' && /pool .*(ended|closed)|Cannot use a pool after calling end/i.test(message);
}

function queryable(client: pg.Pool | pg.PoolClient, names: Map<string, string>): Queryable {
  const query = async <T>(sql: string, params: Params = {}): Promise<pg.QueryResult & { rows: T[] }> => {
    const compiled = compile(sql, POSTGRES);
    let name = names.get(sql);
    if (name === undefined) names.set(sql, (name = `whydown_${names.size + 1}`));
    // Named: each connection parses and plans the statement once.
    return client.query({ name, text: compiled.text, values: bind(compiled, params) });
  };
  return {
    dialect: POSTGRES,
    all: async <T>(sql: string, params?: Params) => (await query<T>(sql, params)).rows,
    one: async <T>(sql: string, params?: Params) => (await query<T>(sql, params)).rows[0],
    run: async (sql: string, params?: Params) => (await query(sql, params)).rowCount ?? 0,
    exec: async (sql: string) => { await client.query(sql); },
  };
}

class PostgresDatabase implements Database {
  readonly dialect = POSTGRES;
  private readonly names = new Map<string, string>();
  private readonly direct: Queryable;

  constructor(private readonly pool: pg.Pool) {
    this.direct = queryable(pool, this.names);
  }

  all<T>(sql: string, params?: Params): Promise<T[]> { return this.direct.all<T>(sql, params); }
  one<T>(sql: string, params?: Params): Promise<T | undefined> { return this.direct.one<T>(sql, params); }
  run(sql: string, params?: Params): Promise<number> { return this.direct.run(sql, params); }
  exec(sql: string): Promise<void> { return this.direct.exec(sql); }

  async transaction<R>(work: (tx: Queryable) => Promise<R>): Promise<R> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      const result = await work(queryable(client, this.names));
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch((rollbackError: Error) => { broken = rollbackError; });
      throw error;
    } finally {
      client.release(broken); // a connection that failed to roll back is not reused
    }
  }

  async insertResults(batch: readonly ResultInput[]): Promise<number> {
    const columns: unknown[][] = Array.from({ length: RESULT_COLUMNS.length + 1 }, () => []);
    for (const result of batch) {
      columns[0]!.push(result.monitor);
      resultValues(result).forEach((value, i) => columns[i + 1]!.push(value));
    }
    const outcome = await this.pool.query({ name: 'whydown_insert_results', text: INSERT_RESULTS, values: columns });
    return outcome.rowCount ?? batch.length;
  }

  isTransient(error: unknown): boolean {
    return isTransientPostgresError(error);
  }

  isUnavailable(error: unknown): boolean {
    return isUnavailablePostgresError(error);
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}

/** Connects, brings the schema up to date, and returns the store. */
export async function openPostgresStore(url: string, options: PostgresOptions = {}): Promise<SqlStore> {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.maxConnections ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
    idleTimeoutMillis: 30_000,
  });
  // An idle connection that dies (server restart) is reported here; without a listener the
  // process would crash. The pool drops it and the next query opens a new one.
  pool.on('error', () => undefined);
  const database = new PostgresDatabase(pool);
  try {
    await migrate(database, POSTGRES_MIGRATIONS);
  } catch (error) {
    await pool.end();
    throw error;
  }
  return new SqlStore(database, options);
}
