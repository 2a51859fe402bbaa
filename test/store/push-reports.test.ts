// The push monitors' last reports in both databases: replaced per monitor, read back whole, and
// gone with their monitor (the migration step appended to each schema).
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openPostgresStore } from '../../src/serve/store/postgres.js';
import { pushReportsOf, SqlPushReports } from '../../src/serve/store/push-reports.js';
import { openSqliteStore } from '../../src/serve/store/sqlite.js';
import type { Store } from '../../src/serve/store/types.js';
import { makeTempDir } from '../support/process.js';
import { startPostgres, type Postgres } from '../support/postgres.js';

async function roundTrip(store: Store): Promise<void> {
  const reports = pushReportsOf(store);
  assert.ok(reports instanceof SqlPushReports);
  await store.upsertMonitor({ name: 'nightly', url: 'push://nightly', source: 'config' });
  await store.upsertMonitor({ name: 'weekly', url: 'push://weekly', source: 'config' });
  await reports.save({ monitor: 'nightly', at: 1_700_000_000_000, status: 'up', message: null, pingMs: 1234 });
  await reports.save({ monitor: 'nightly', at: 1_700_000_060_000, status: 'down', message: 'disk "full" <b>', pingMs: null });
  await reports.save({ monitor: 'weekly', at: 1_700_000_000_500, status: 'up', message: 'ok', pingMs: 0 });
  const byName = (list: Awaited<ReturnType<typeof reports.list>>) => list.sort((a, b) => a.monitor.localeCompare(b.monitor));
  assert.deepEqual(byName(await reports.list()), [
    { monitor: 'nightly', at: 1_700_000_060_000, status: 'down', message: 'disk "full" <b>', pingMs: null },
    { monitor: 'weekly', at: 1_700_000_000_500, status: 'up', message: 'ok', pingMs: 0 },
  ]);
  // Two hubs taking reports at once: an older one arriving late does not replace the newer.
  await reports.save({ monitor: 'nightly', at: 1_700_000_030_000, status: 'up', message: 'late', pingMs: null });
  assert.deepEqual(await reports.get('nightly'), { monitor: 'nightly', at: 1_700_000_060_000, status: 'down', message: 'disk "full" <b>', pingMs: null });
  assert.equal(await reports.get('nobody'), undefined);
  await store.deleteMonitor('nightly');
  assert.deepEqual((await reports.list()).map((r) => r.monitor), ['weekly'], 'deleted with its monitor');
}

describe('push reports in the store', () => {
  let dir: string;
  let pg: Postgres;
  before(async () => {
    dir = await makeTempDir('push-store');
    pg = await startPostgres();
  });
  after(async () => {
    await pg?.destroy();
    await rm(dir, { recursive: true, force: true });
  });

  it('SQLite', async () => {
    const store = await openSqliteStore(path.join(dir, 'push.db'));
    try { await roundTrip(store); } finally { await store.close(); }
  });

  it('PostgreSQL', async () => {
    const store = await openPostgresStore(await pg.createDatabase());
    try { await roundTrip(store); } finally { await store.close(); }
  });
});
