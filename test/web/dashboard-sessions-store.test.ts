// Dashboard sessions in both databases (web_sessions): made, found again after the database is
// reopened (a restart), touched, expired and deleted; only the id's hash is in the table.
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openPostgresStore } from '../../src/serve/store/postgres.js';
import { openSqliteStore } from '../../src/serve/store/sqlite.js';
import type { Store } from '../../src/serve/store/types.js';
import { SqlStore } from '../../src/serve/store/sql-store.js';
import { sessionRowsOf } from '../../src/serve/web/dashboard/session-store.js';
import { Sessions } from '../../src/serve/web/dashboard/sessions.js';
import { startPostgres, type Postgres } from '../support/postgres.js';
import { makeTempDir } from '../support/process.js';

async function exercise(open: () => Promise<Store>): Promise<void> {
  let clock = Date.parse('2026-12-01T00:00:00Z');
  const limits = { idleMs: 3_600_000, absoluteMs: 10 * 3_600_000 };
  let store = await open();
  const { id, session } = await new Sessions(sessionRowsOf(store), limits, () => clock).create('admin');
  const old = await new Sessions(sessionRowsOf(store), limits, () => clock).create('old');
  const rows = await (store as SqlStore).db.all<Record<string, unknown>>('SELECT * FROM web_sessions');
  assert.equal(rows.length, 2);
  assert.ok(!JSON.stringify(rows).includes(id), 'the id is not stored, only its hash');
  await store.close();

  store = await open();
  clock += 30 * 60_000;
  const sessions = new Sessions(sessionRowsOf(store), limits, () => clock);
  assert.deepEqual(await sessions.find(id), session, 'found after a reopen');
  clock += 45 * 60_000; // 75 min after sign-in, 45 min after the last use: still alive
  assert.ok(await sessions.find(id));
  assert.equal(await sessions.find(old.id), null, '"old" was idle for 75 minutes');
  assert.equal(await sessions.prune(), 0, 'already deleted when found expired');
  await sessions.end(session.key);
  assert.equal(await sessions.find(id), null);
  assert.equal((await (store as SqlStore).db.all('SELECT * FROM web_sessions')).length, 0);
  await store.close();
}

describe('dashboard sessions in the store', () => {
  let dir: string;
  let server: Postgres | undefined;
  before(async () => { dir = await makeTempDir('dashboard-sessions'); });
  after(async () => {
    await server?.destroy();
    await rm(dir, { recursive: true, force: true });
  });

  it('SQLite', async () => {
    await exercise(() => openSqliteStore(path.join(dir, 'sessions.db')));
  });

  it('PostgreSQL', async () => {
    server = await startPostgres();
    const url = await server.createDatabase();
    await exercise(() => openPostgresStore(url));
  });
});
