// The rollup part of the store contract (contract.ts runs it): hour and day buckets, late
// results, pruning by retention, imported buckets. The clock is the `now` each call is given.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { ResultInput, RollupBucket, Store } from '../../src/serve/store/types.js';
import { at, fresh, result, type StoreFactory } from './fixtures.js';

export function rollupContract(factory: StoreFactory): void {
  it('rolls results up into hours and days: counts, latency, downtime split at the hour', async (t) => {
    const store = await fresh(t, factory);
    await store.upsertMonitor({ name: 'a', url: 'https://a.test/', source: 'api' });
    await store.upsertMonitor({ name: 'quiet', url: 'https://q.test/', source: 'api' });
    // 10:00:30 to 11:59:30 every minute; down from 10:30:30 to 11:09:30 (40 minutes), slow when down.
    const batch: ResultInput[] = [];
    for (let m = 600; m < 720; m++) {
      const down = m >= 630 && m < 670;
      batch.push(result('a', at(m, 30), down ? 'down' : 'up', down ? 5000 : 30));
    }
    await store.insertResults(batch);
    const outcome = await store.rollup('2026-01-02T00:30:00Z');
    assert.deepEqual(outcome, { hours: 2, days: 1 });

    const hours = await store.listRollups('a', 'hour');
    assert.deepEqual(hours.map((h) => [h.start, h.count, h.up, h.down, h.downtimeSeconds]), [
      ['2026-01-01T11:00:00.000Z', 60, 50, 10, 630],
      ['2026-01-01T10:00:00.000Z', 60, 30, 30, 1770],
    ]);
    const ten = hours[1]!;
    assert.equal(ten.minMs, 30);
    assert.equal(ten.maxMs, 5000);
    assert.equal(ten.avgMs, 2515);
    assert.equal(ten.p95Ms, 5000);
    assert.equal(ten.histogram[1], 30);
    assert.equal(ten.histogram[8], 30);
    const [day] = await store.listRollups('a', 'day');
    assert.deepEqual([day!.start, day!.count, day!.up, day!.degraded, day!.down, day!.downtimeSeconds, day!.minMs, day!.maxMs],
      ['2026-01-01T00:00:00.000Z', 120, 80, 0, 40, 2400, 30, 5000]);
    assert.equal(day!.histogram.reduce((a, b) => a + b, 0), 120);
    assert.deepEqual(await store.listRollups('quiet', 'hour'), []);

    // Running again changes nothing; a result that arrives late (within two hours) is counted.
    await store.rollup('2026-01-02T00:30:00Z');
    assert.deepEqual(await store.listRollups('a', 'hour'), hours);
    await store.insertResults([result('a', '2026-01-01T23:30:00Z', 'down', 100)]);
    await store.rollup('2026-01-02T01:10:00Z');
    const late = (await store.listRollups('a', 'hour', { since: '2026-01-01T23:00:00Z' }))[0]!;
    assert.deepEqual([late.count, late.down, late.downtimeSeconds], [1, 1, 1800]);
    const [dayAgain] = await store.listRollups('a', 'day');
    assert.deepEqual([dayAgain!.count, dayAgain!.down, dayAgain!.downtimeSeconds], [121, 41, 4200]);
  });

  it('redoes only what was written since the last run: nothing for nothing, and a result hours late is counted', async (t) => {
    const store = await fresh(t, factory);
    await store.upsertMonitor({ name: 'a', url: 'https://a.test/', source: 'api' });
    // 10:00:30 to 11:59:30 every minute but 10:59:30; 10:58:30 is down, so until the next result
    // (11:00:30) it is down: 90 s in the 10:00 hour, 30 s in the 11:00 hour.
    await store.insertResults(Array.from({ length: 120 }, (_, i) => result('a', at(600 + i, 30), i === 58 ? 'down' : 'up'))
      .filter((_, i) => i !== 59));
    await store.rollup('2026-01-01T12:30:00Z');
    const before = await store.listRollups('a', 'hour');
    assert.deepEqual(before.map((h) => [h.start, h.count, h.downtimeSeconds]), [
      ['2026-01-01T11:00:00.000Z', 60, 30],
      ['2026-01-01T10:00:00.000Z', 59, 90],
    ]);
    // Two quiet hours later nothing was written: nothing is redone.
    assert.deepEqual(await store.rollup('2026-01-01T14:40:00Z'), { hours: 0, days: 0 });
    // The missing result arrives four hours late: its hour gets it, and the down span now ends
    // at it, which also takes the 30 s out of the next hour.
    await store.insertResults([result('a', at(659, 30))]);
    await store.rollup('2026-01-01T14:50:00Z');
    assert.deepEqual((await store.listRollups('a', 'hour')).map((h) => [h.start, h.count, h.downtimeSeconds]), [
      ['2026-01-01T11:00:00.000Z', 60, 0],
      ['2026-01-01T10:00:00.000Z', 60, 60],
    ]);
  });

  it('prunes by retention, never raw results before they are rolled up', async (t) => {
    const store = await fresh(t, factory, { retention: { rawDays: 1, hourlyDays: 2, dailyDays: 5 } });
    await store.upsertMonitor({ name: 'a', url: 'https://a.test/', source: 'api' });
    await store.insertResults(Array.from({ length: 120 }, (_, i) => result('a', at(600 + i))));

    assert.deepEqual(await store.prune('2026-01-10T00:00:00Z'), { raw: 0, hourly: 0, daily: 0 }, 'nothing rolled up yet');
    assert.equal((await store.listResults('a', { limit: 1000 })).length, 120);

    await store.rollup('2026-01-02T00:30:00Z');
    assert.equal((await store.prune('2026-01-02T00:30:00Z')).raw, 0, 'raw results are kept a day');
    assert.equal((await store.prune('2026-01-03T12:00:00Z')).raw, 120);
    assert.deepEqual(await store.listResults('a'), []);
    assert.equal((await store.listRollups('a', 'hour')).length, 2);

    await store.rollup('2026-01-05T00:30:00Z');
    const pruned = await store.prune('2026-01-05T00:30:00Z');
    assert.deepEqual(pruned, { raw: 0, hourly: 2, daily: 0 });
    const [day] = await store.listRollups('a', 'day');
    assert.equal(day!.count, 120, 'the day, rolled up again after its hours, still counts them all');
    assert.equal((await store.prune('2026-01-07T00:00:00Z')).daily, 1);
    assert.deepEqual(await store.listRollups('a', 'day'), []);
  });

  it('imports whole buckets, replacing one already there', async (t) => {
    const store = await fresh(t, factory) as Store & { importRollups?(buckets: RollupBucket[]): Promise<void> };
    assert.equal(typeof store.importRollups, 'function');
    await store.upsertMonitor({ name: 'a', url: 'https://a.test/', source: 'api' });
    const bucket: RollupBucket = {
      monitor: 'a', period: 'day', start: '2025-06-01T00:00:00.000Z', count: 1440, up: 1400, degraded: 10, down: 30,
      minMs: 20, avgMs: 120.5, maxMs: 10_000, p95Ms: 200, histogram: [0, 10, 1000, 390, 0, 10, 0, 0, 0, 30, 0], downtimeSeconds: 1800,
    };
    await store.importRollups!([bucket, { ...bucket, period: 'hour', count: 60, up: 60, degraded: 0, down: 0, histogram: [0, 0, 60, 0, 0, 0, 0, 0, 0, 0, 0], maxMs: 150, p95Ms: 100, downtimeSeconds: 0 }]);
    await store.importRollups!([bucket]);
    assert.deepEqual(await store.listRollups('a', 'day'), [bucket]);
    assert.equal((await store.listRollups('a', 'hour'))[0]!.p95Ms, 100);
  });
}
