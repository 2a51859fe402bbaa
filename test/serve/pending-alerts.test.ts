// The kept-alerts table on both databases: order kept across saves, a second save of the same
// alert ignored (a restored alert still pending at the next stop), removal by target and id,
// and the rows surviving a reopen of the database.
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openPostgresStore } from '../../src/serve/store/postgres.js';
import { openSqliteStore } from '../../src/serve/store/sqlite.js';
import { pendingAlertsOf } from '../../src/serve/store/pending-alerts.js';
import type { Store } from '../../src/serve/store/types.js';
import { startPostgres, type Postgres } from '../support/postgres.js';
import { makeTempDir } from '../support/process.js';

const row = (target: string, id: string) => ({ target, id, message: JSON.stringify({ id, target }) });

async function exercise(open: () => Promise<Store>): Promise<void> {
  let store = await open();
  let pending = pendingAlertsOf(store)!;
  assert.ok(pending, 'SQL stores keep alerts');
  await pending.save([row('hook', 'a'), row('pager', 'b')]);
  await pending.save([row('hook', 'a'), row('hook', 'c')]); // a: kept already, stays first
  assert.deepEqual((await pending.list()).map((r) => `${r.target}/${r.id}`), ['hook/a', 'pager/b', 'hook/c']);
  await store.close();

  store = await open();
  pending = pendingAlertsOf(store)!;
  await pending.remove('hook', 'a');
  await pending.remove('pager', 'a'); // another target's id: nothing
  const left = await pending.list();
  assert.deepEqual(left.map((r) => `${r.target}/${r.id}`), ['pager/b', 'hook/c']);
  assert.deepEqual(JSON.parse(left[1]!.message), { id: 'c', target: 'hook' });
  await store.close();
}

describe('kept alerts in the store', () => {
  let dir: string;
  let server: Postgres | undefined;
  before(async () => { dir = await makeTempDir('pending-alerts'); });
  after(async () => {
    await server?.destroy();
    await rm(dir, { recursive: true, force: true });
  });

  it('SQLite', async () => {
    const file = path.join(dir, 'kept.db');
    await exercise(() => openSqliteStore(file));
  });

  it('PostgreSQL', async () => {
    server = await startPostgres();
    const url = await server.createDatabase();
    await exercise(() => openPostgresStore(url));
  });
});
