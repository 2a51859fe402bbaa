// The store's own errors, as classes with stable codes, so the API (and anyone else) maps classes
// rather than reading driver messages: a caller's mistake, a record that is not there, and a
// database that is away. Which driver error means "away" is the driver's knowledge
// (Database.isUnavailable); guardDatabase turns those into StoreUnavailable at the store's edge.
import { WhydownError } from '../../core/errors.js';
import type { Database, Queryable } from './database.js';

/** A caller's mistake the store noticed: a cursor it did not give, a monitor without a name. */
export class StoreInputError extends WhydownError {
  constructor(message: string) {
    super('E_STORE_INPUT', message);
    this.name = 'StoreInputError';
  }
}

/** The monitor or incident asked for does not exist. */
export class StoreNotFound extends WhydownError {
  constructor(message: string) {
    super('E_STORE_NOT_FOUND', message);
    this.name = 'StoreNotFound';
  }
}

/** The database is away, busy or closed: worth trying again later, not a bug. */
export class StoreUnavailable extends WhydownError {
  constructor(message: string, cause: unknown) {
    super('E_STORE_UNAVAILABLE', message, { cause });
    this.name = 'StoreUnavailable';
  }
}

/** The same database, whose errors that mean "away" come out as StoreUnavailable. */
export function guardDatabase(db: Database): Database {
  const guard = <R>(work: () => Promise<R>): Promise<R> => work().catch((error: unknown) => {
    if (error instanceof WhydownError || !db.isUnavailable(error)) throw error;
    throw new StoreUnavailable(describe(error), error);
  });
  return {
    dialect: db.dialect,
    all: (sql, params) => guard(() => db.all(sql, params)),
    one: (sql, params) => guard(() => db.one(sql, params)),
    run: (sql, params) => guard(() => db.run(sql, params)),
    exec: (sql) => guard(() => db.exec(sql)),
    transaction: <R>(work: (tx: Queryable) => Promise<R>) => guard(() => db.transaction(work)),
    insertResults: (batch) => guard(() => db.insertResults(batch)),
    // The write buffer asks about errors from insertResults above: look through the wrapper.
    isTransient: (error) => db.isTransient(error instanceof StoreUnavailable ? error.cause : error),
    isUnavailable: (error) => error instanceof StoreUnavailable || db.isUnavailable(error),
    close: () => db.close(),
  };
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return `the database is unavailable: ${String(error)}`;
  const code = (error as { code?: unknown }).code;
  return `the database is unavailable: ${typeof code === 'string' ? `${code}: ` : ''}${error.message}`;
}
