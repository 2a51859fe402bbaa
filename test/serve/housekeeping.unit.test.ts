// serve's housekeeping rolls results up on its schedule, says what it did, never runs twice at
// once, and is quiet about the run a stop cuts short.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { startHousekeeping } from '../../src/serve/housekeeping.js';
import { openStore } from '../../src/serve/store/open-store.js';
import type { Store } from '../../src/serve/store/types.js';
import { makeTempDir } from '../support/cleanup.js';
import { delay } from '../support/delay.js';
import { waitFor } from '../support/wait.js';

async function storeWithHistory(): Promise<Store> {
  const store = await openStore(`sqlite:${path.join(await makeTempDir('housekeeping'), 'whydown.db')}`);
  await store.upsertMonitor({ name: 'shop', url: 'https://shop.test/', source: 'api' });
  const hourAgo = Date.now() - 3 * 3_600_000;
  await store.insertResults(Array.from({ length: 120 }, (_, i) => ({
    monitor: 'shop', at: new Date(hourAgo + i * 60_000), status: i % 10 === 0 ? 'down' as const : 'up' as const,
    cause: i % 10 === 0 ? 'connect-refused' as const : 'ok' as const, timings: { total: 12 }, httpStatus: i % 10 === 0 ? null : 200,
    errorCode: null, durationMs: 12,
  })));
  return store;
}

describe('serve housekeeping', () => {
  it('rolls up on its schedule and logs what it wrote', async () => {
    const store = await storeWithHistory();
    const lines: string[] = [];
    const housekeeping = startHousekeeping(store, (line) => lines.push(line), 100);
    try {
      const line = await waitFor('a housekeeping line', () => lines.find((l) => l.startsWith('housekeeping:')), 10_000, 20);
      assert.match(line, /^housekeeping: rollup wrote [1-9]\d* hourly and \d+ daily rows; pruned \d+ results?, \d+ hourly and \d+ daily rows; \d+\.\d s$/);
      assert.ok((await store.listRollups('shop', 'hour')).length >= 2, 'two complete hours rolled up');
    } finally {
      housekeeping.stop();
      await store.close();
    }
  });

  it('one run at a time, and a run cut short by the stop is not reported as a failure', async () => {
    const store = await storeWithHistory();
    let inFlight = 0;
    let most = 0;
    let runs = 0;
    const slow: Store = Object.create(store, {
      rollup: {
        value: async (now: Date) => {
          inFlight++;
          runs++;
          most = Math.max(most, inFlight);
          await delay(250);
          inFlight--;
          if (runs >= 2) throw new Error('The database connection is not open');
          return store.rollup(now);
        },
      },
    }) as Store;
    const lines: string[] = [];
    const housekeeping = startHousekeeping(slow, (line) => lines.push(line), 20);
    await waitFor('a second run', () => (runs >= 2 ? true : undefined), 10_000, 10);
    housekeeping.stop();
    await delay(300);
    await store.close();
    assert.equal(most, 1, 'never two runs at once, though each outlasts the interval');
    assert.equal(lines.filter((l) => l.startsWith('housekeeping:')).length, 1, lines.join('\n'));
    assert.deepEqual(lines.filter((l) => /failed/.test(l)), [], 'the run the stop cut short says nothing');
  });
});
