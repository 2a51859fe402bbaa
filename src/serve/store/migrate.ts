// Schema migrations: a list of steps per database, applied in order, each recorded in
// schema_version, all in one transaction so two processes starting at once apply each step once.
import { WhydownError } from '../../core/errors.js';
import type { Database } from './database.js';

export async function migrate(db: Database, steps: readonly string[]): Promise<number> {
  await db.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)');
  return db.transaction(async (tx) => {
    // SQLite's write transaction is exclusive already; PostgreSQL needs the table locked.
    if (tx.dialect.name === 'postgres') await tx.exec('LOCK TABLE schema_version IN EXCLUSIVE MODE');
    const row = await tx.one<{ version: number | string | null }>('SELECT MAX(version) AS version FROM schema_version');
    const current = Number(row?.version ?? 0);
    if (current > steps.length) {
      throw new WhydownError('E_BAD_OPTION', `the database has schema version ${current}, newer than this whydown knows (${steps.length})`);
    }
    for (let version = current + 1; version <= steps.length; version++) {
      await tx.exec(steps[version - 1]!);
      await tx.run('INSERT INTO schema_version (version) VALUES (:version)', { version });
    }
    return steps.length;
  });
}
