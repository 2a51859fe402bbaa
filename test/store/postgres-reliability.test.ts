// PostgreSQL going away under load: results keep being handed to the store while the server is
// stopped (fast shutdown, then SIGKILL) and started again; every one is stored, exactly once.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { openPostgresStore } from '../../src/serve/store/postgres.js';
import type { ResultInput } from '../../src/serve/store/types.js';
import { startPostgres, type Postgres } from '../support/postgres.js';
import { delay } from '../support/process.js';
import { result } from './fixtures.js';

describe('PostgreSQL store reliability', () => {
  let server: Postgres;
  before(async () => { server = await startPostgres(); });
  after(async () => { await server?.destroy(); });

  it('holds results while PostgreSQL restarts and writes each once after reconnect', async (t) => {
    const url = await server.createDatabase();
    const store = await openPostgresStore(url, { connectTimeoutMs: 1000, buffer: { minBackoffMs: 50, maxBackoffMs: 500 } });
    const monitors = Array.from({ length: 50 }, (_, i) => `m${i}`);
    for (const name of monitors) await store.upsertMonitor({ name, url: `https://${name}.test/`, source: 'api' });

    // The load: a batch of 25 results every 10 ms, never awaited by the loop (as a scheduler would).
    let handed = 0;
    let stored = 0;
    let maxHeld = 0;
    const failures: unknown[] = [];
    const writes: Promise<void>[] = [];
    let running = true;
    const load = (async () => {
      while (running) {
        const batch: ResultInput[] = Array.from({ length: 25 }, () => {
          handed += 1;
          return result(monitors[handed % monitors.length]!, Date.UTC(2026, 0, 1) + handed, handed % 9 === 0 ? 'down' : 'up');
        });
        writes.push(store.insertResults(batch).then(() => { stored += batch.length; }, (error) => { failures.push(error); }));
        maxHeld = Math.max(maxHeld, store.heldResults);
        await delay(10);
      }
    })();

    const phase = async (label: string, action: () => Promise<void>, ms: number): Promise<void> => {
      await action();
      const before = handed;
      await delay(ms);
      t.diagnostic(`${label}: ${handed - before} results handed in ${ms} ms, ${store.heldResults} held`);
    };
    await phase('running', async () => undefined, 1000);
    await phase('stopped (fast shutdown)', () => server.stop('fast'), 3000);
    const heldWhileDown = store.heldResults;
    await phase('started again', () => server.start(), 1500);
    await phase('killed (SIGKILL)', () => server.stop('kill'), 3000);
    await phase('started again (crash recovery)', () => server.start(), 1500);
    running = false;
    await load;
    await Promise.all(writes);

    assert.deepEqual(failures, []);
    assert.ok(heldWhileDown > 500, `results were held while the server was down (${heldWhileDown})`);
    assert.equal(stored, handed);
    await store.close();

    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query<{ n: string; distinct_keys: string; min: string; max: string }>(
        'SELECT COUNT(*) AS n, COUNT(DISTINCT (monitor_id, at)) AS distinct_keys, MIN(at) AS min, MAX(at) AS max FROM results');
      const row = rows[0]!;
      // The results' times are 1..handed ms after the epoch of the test: all there, none twice.
      assert.equal(Number(row.n), handed);
      assert.equal(Number(row.distinct_keys), handed);
      assert.equal(Number(row.min), Date.UTC(2026, 0, 1) + 1);
      assert.equal(Number(row.max), Date.UTC(2026, 0, 1) + handed);
      t.diagnostic(`${handed} results handed, ${row.n} stored, at most ${maxHeld} held at once`);
    } finally {
      await client.end();
    }
  });
});
