// Pauses in the store (paused_monitors): kept per monitor, a second pause keeps the first time,
// resume removes it, a deleted monitor takes its pause with it. Run by every store's contract.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { fresh, type StoreFactory } from './fixtures.js';

export function pausedContract(factory: StoreFactory): void {
  it('keeps pauses per monitor until resumed or the monitor is deleted', async (t) => {
    const store = await fresh(t, factory);
    assert.ok(store.setPaused && store.listPaused, 'the store keeps pauses');
    await store.upsertMonitor({ name: 'shop', url: 'https://shop.test/', source: 'config' });
    await store.upsertMonitor({ name: 'api', url: 'https://api.test/', source: 'api' });
    assert.deepEqual(await store.listPaused(), new Map());
    assert.equal(await store.setPaused('shop', '2026-01-01T00:00:00Z'), true);
    assert.equal(await store.setPaused('shop', '2026-01-02T00:00:00Z'), true, 'twice is fine');
    assert.equal(await store.setPaused('api', '2026-01-03T00:00:00Z'), true);
    assert.equal(await store.setPaused('nope', '2026-01-03T00:00:00Z'), false);
    assert.deepEqual(await store.listPaused(), new Map([['shop', '2026-01-01T00:00:00.000Z'], ['api', '2026-01-03T00:00:00.000Z']]));
    // A config reload stores the monitor again: the pause stays.
    await store.upsertMonitor({ name: 'shop', url: 'https://shop.test/v2', source: 'config' });
    assert.equal(await store.setPaused('api', null), true);
    assert.equal(await store.setPaused('nope', null), false);
    assert.deepEqual([...(await store.listPaused()).keys()], ['shop']);
    await store.deleteMonitor('shop');
    await store.upsertMonitor({ name: 'shop', url: 'https://shop.test/', source: 'api' });
    assert.deepEqual(await store.listPaused(), new Map(), 'a new monitor of the same name is not paused');
  });
}
