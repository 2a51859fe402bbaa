// `whydown serve` on PostgreSQL, which restarts under load: checks go on while the database is
// away, their results are held and written after reconnect — none lost, none twice.
import assert from 'node:assert/strict';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openPostgresStore } from '../../src/serve/store/postgres.js';
import { startNginx, type Nginx } from '../support/nginx.js';
import { startPostgres, type Postgres } from '../support/postgres.js';
import { delay, freePort, makeTempDir } from '../support/process.js';
import { startServeProcess } from '../support/serve.js';

describe('whydown serve on PostgreSQL', () => {
  let nginx: Nginx;
  let postgres: Postgres;
  let dir: string;

  before(async () => {
    dir = await makeTempDir('serve-pg');
    nginx = await startNginx('location /ok { return 200 "fine\\n"; }');
    postgres = await startPostgres();
  });
  after(async () => {
    await nginx?.stop();
    await postgres?.destroy();
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps checking through a PostgreSQL restart and stores every result once', async (t) => {
    const db = await postgres.createDatabase();
    const names = Array.from({ length: 10 }, (_, i) => `pg-site-${i}`);
    const file = path.join(dir, 'whydown.yml');
    await writeFile(file, `defaults: { interval: 1s, timeout: 900ms }\nmonitors:\n${names.map((n) => `  - { name: ${n}, url: "http://127.0.0.1:${nginx.port}/ok" }\n`).join('')}`);
    const serve = await startServeProcess(['--config', file, '--db', db], await freePort());
    let stoppedAt = 0;
    let startedAgainAt = 0;
    try {
      await delay(2500);
      stoppedAt = Date.now();
      await postgres.stop('fast');
      await delay(4000);
      await postgres.start();
      startedAgainAt = Date.now();
      await delay(3000);
      assert.equal(await serve.stop('SIGTERM'), 0, serve.log());
    } finally {
      await serve.stop('SIGKILL');
    }
    t.diagnostic(`PostgreSQL away for ${startedAgainAt - stoppedAt} ms`);

    const store = await openPostgresStore(db);
    try {
      for (const name of names) {
        const results = (await store.listResults(name, { limit: 1000 })).reverse();
        const ats = results.map((r) => Date.parse(r.at));
        assert.equal(new Set(ats).size, ats.length, `${name}: a result stored twice`);
        assert.ok(results.every((r) => r.status === 'up'));
        // One check a second throughout, the outage included: no gap longer than a slot and a half.
        const during = ats.filter((at) => at > stoppedAt && at < startedAgainAt);
        assert.ok(during.length >= 3, `${name}: ${during.length} results from the ${startedAgainAt - stoppedAt} ms outage`);
        for (let i = 1; i < ats.length; i++) {
          assert.ok(ats[i]! - ats[i - 1]! < 1500, `${name}: a gap of ${ats[i]! - ats[i - 1]!} ms at ${results[i]!.at}`);
        }
      }
    } finally {
      await store.close();
    }
  });
});
