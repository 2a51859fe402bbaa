// Who may join: a hub refuses to run beside a live hub of another whydown version (one line,
// exit 3, before it changes the schema); SQLite means one hub, so a second `whydown serve` on the
// same file is refused too — unless the first one died (a crash leaves its row behind). Kept
// alerts on PostgreSQL are claimed by one live hub at a time.
import assert from 'node:assert/strict';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { openPostgresStore } from '../../src/serve/store/postgres.js';
import { pendingAlertsOf } from '../../src/serve/store/pending-alerts.js';
import { runCli } from '../support/cli.js';
import { startPostgres, type Postgres } from '../support/postgres.js';
import { freePort, makeTempDir } from '../support/process.js';
import { startServeProcess } from '../support/serve.js';
import { waitFor } from '../support/wait.js';

describe('hubs: who may join', () => {
  let dir: string;
  let postgres: Postgres;
  let config: string;

  before(async () => {
    dir = await makeTempDir('hubs-refuse');
    postgres = await startPostgres();
    config = path.join(dir, 'whydown.yml');
    await writeFile(config, 'monitors: []\n');
  });
  after(async () => {
    await postgres?.destroy();
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses to run beside a live hub of another version, in one line with exit 3', async () => {
    const db = await postgres.createDatabase();
    (await openPostgresStore(db)).close();
    const client = new pg.Client({ connectionString: db });
    await client.connect();
    const beat = (ageMs: number): Promise<unknown> => client.query(`INSERT INTO hubs (name, host, pid, version, started, heartbeat)
      VALUES ('old-hub', 'elsewhere', 1, '0.0.1-old', 0, (extract(epoch from clock_timestamp()) * 1000)::bigint - $1)
      ON CONFLICT (name) DO UPDATE SET heartbeat = EXCLUDED.heartbeat`, [ageMs]);
    try {
      await beat(0);
      const refused = await runCli(['serve', '--config', config, '--db', db, '--listen', `127.0.0.1:${await freePort()}`], { timeoutMs: 30_000 });
      assert.equal(refused.code, 3, refused.stderr);
      assert.equal(refused.stderr.trim().split('\n').length, 1, refused.stderr);
      assert.match(refused.stderr, /hub old-hub runs whydown 0\.0\.1-old on this database, and this is \S+: several hubs must run the same version/);
      // A hub of another version that is gone (no heartbeat for a minute) does not count.
      await beat(60_000);
      const serve = await startServeProcess(['--config', config, '--db', db, '--hub-name', 'new-hub'], await freePort());
      try {
        await waitFor('the start line', () => (/whydown serve: /.test(serve.log()) ? true : undefined));
        const { body } = await serve.api<{ hubs: { name: string; monitors: number; lastSeen: string }[] }>('/api/v1/hubs');
        assert.deepEqual(body.hubs.map((h) => h.name), ['new-hub']);
        assert.ok(!Number.isNaN(Date.parse(body.hubs[0]!.lastSeen)));
      } finally {
        assert.equal(await serve.stop('SIGTERM'), 0);
      }
    } finally {
      await client.end();
    }
  });

  it('refuses a bad --hub-name', async () => {
    const run = await runCli(['serve', '--hub-name', 'has space', '--db', 'sqlite::memory:']);
    assert.equal(run.code, 3);
    assert.match(run.stderr, /--hub-name wants printable characters without spaces/);
  });

  it('SQLite: a second serve on the same file is refused; after a crash of the first, a new one starts', async () => {
    const db = `sqlite:${path.join(dir, 'one.db')}`;
    const first = await startServeProcess(['--config', config, '--db', db], await freePort());
    try {
      const second = await runCli(['serve', '--config', config, '--db', db, '--listen', `127.0.0.1:${await freePort()}`], { timeoutMs: 30_000 });
      assert.equal(second.code, 3, second.stderr);
      assert.match(second.stderr, /this SQLite database is in use by another whydown serve \(\S+\); SQLite means one hub/);
      const { body } = await first.api<{ hubs: { name: string }[] }>('/api/v1/hubs');
      assert.equal(body.hubs.length, 1);
    } finally {
      await first.stop('SIGKILL');
    }
    const again = await startServeProcess(['--config', config, '--db', db], await freePort());
    await waitFor('the start line', () => (/whydown serve: /.test(again.log()) ? true : undefined));
    assert.equal(await again.stop('SIGTERM'), 0, again.log());
  });

  it('PostgreSQL: an alert kept by a stopped hub is claimed by one live hub, never two', async () => {
    const db = await postgres.createDatabase();
    const store = await openPostgresStore(db);
    try {
      await pendingAlertsOf(store)!.save([{ target: 'hook', id: 'a1', message: '{}' }, { target: 'hook', id: 'a2', message: '{}' }]);
      const client = new pg.Client({ connectionString: db });
      await client.connect();
      try {
        for (const name of ['hub-1', 'hub-2']) {
          await client.query(`INSERT INTO hubs (name, host, pid, version, started, heartbeat)
            VALUES ($1, 'h', 1, 'v', 0, (extract(epoch from clock_timestamp()) * 1000)::bigint)`, [name]);
        }
      } finally {
        await client.end();
      }
      const one = pendingAlertsOf(store, { name: 'hub-1', deadAfterMs: 10_000 })!;
      const two = pendingAlertsOf(store, { name: 'hub-2', deadAfterMs: 10_000 })!;
      const [got1, got2] = await Promise.all([one.list(), two.list()]);
      assert.equal(got1.length + got2.length, 2, 'each kept alert claimed once');
      assert.deepEqual([...got1, ...got2].map((r) => r.id).sort(), ['a1', 'a2']);
      assert.deepEqual(await one.list(), [], 'claimed alerts of a live hub stay its own');
      assert.deepEqual(await two.list(), []);
    } finally {
      await store.close();
    }
  });
});
