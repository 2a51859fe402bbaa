// Opens a SQLite connection through the binding this Node has (sqlite-driver.ts): node:sqlite
// where it exists, else better-sqlite3.
import { openBetterSqlite3 } from './sqlite-better.js';
import type { SqliteConnection, SqliteDriverName, SqliteOpenOptions } from './sqlite-driver.js';
import { nodeSqliteModule, openNodeSqlite } from './sqlite-node.js';

/** The binding used when none is named: node:sqlite where this Node has it without a flag. */
export function defaultSqliteDriver(): SqliteDriverName {
  return nodeSqliteModule() === undefined ? 'better-sqlite3' : 'node:sqlite';
}

export async function openSqliteConnection(file: string, options: SqliteOpenOptions = {}): Promise<SqliteConnection> {
  const driver = options.driver ?? defaultSqliteDriver();
  const readonly = options.readonly ?? false;
  const connection = driver === 'node:sqlite' ? openNodeSqlite(file, readonly) : await openBetterSqlite3(file, readonly);
  try {
    // The same for both bindings (better-sqlite3's `timeout` option sets exactly this).
    connection.exec(`PRAGMA busy_timeout = ${Math.max(0, Math.round(options.busyTimeoutMs ?? 5000))}`);
  } catch (error) {
    connection.close();
    throw error;
  }
  return connection;
}

/** The bindings that open a database on this Node (for the tests and benchmarks, which run each). */
export async function availableSqliteDrivers(): Promise<SqliteDriverName[]> {
  const drivers: SqliteDriverName[] = [];
  for (const driver of ['node:sqlite', 'better-sqlite3'] as const) {
    try {
      (await openSqliteConnection(':memory:', { driver })).close();
      drivers.push(driver);
    } catch {
      // not on this Node
    }
  }
  return drivers;
}
