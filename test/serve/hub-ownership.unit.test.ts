// The engine's side of several hubs, with stand-in checks on a SQLite store: a monitor is checked
// only while the hub may check it, a result finished after the lease ran out is not kept, a
// make-up check runs only before the monitor's next slot, and an adopted incident is closed by
// the next good check without a new one being opened.
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parseConfig } from '../../src/serve/config/load.js';
import { MonitorEngine } from '../../src/serve/engine/engine.js';
import { openSqliteStore } from '../../src/serve/store/sqlite.js';
import type { ResultInput } from '../../src/serve/store/types.js';
import { makeTempDir } from '../support/cleanup.js';
import { delay } from '../support/delay.js';

const CONFIG = `
monitors:
  - { name: mine, url: "https://mine.example/", interval: 1s, timeout: 500ms }
  - { name: theirs, url: "https://theirs.example/", interval: 1s, timeout: 500ms }
`;

describe('engine: ownership (several hubs)', () => {
  it('checks only what it may, keeps no result finished after losing it, makes up only before the next slot', async (t) => {
    const dir = await makeTempDir('hub-ownership');
    const store = await openSqliteStore(path.join(dir, 'whydown.db'));
    const allowed = new Set(['mine']);
    const checked: string[] = [];
    let slow: (() => void) | null = null;
    let status: ResultInput['status'] = 'up';
    const engine = new MonitorEngine({
      store, config: parseConfig(CONFIG), log: () => undefined,
      ownership: { mayCheck: (name) => allowed.has(name) },
      check: async (monitor, at) => {
        checked.push(monitor.name);
        if (monitor.name === 'theirs') await new Promise<void>((resolve) => { slow = resolve; });
        return { monitor: monitor.name, at, status, cause: status === 'up' ? 'ok' : 'unexpected-response', timings: { total: 5 }, httpStatus: status === 'up' ? 200 : 503, errorCode: null, durationMs: 5 };
      },
      diagnose: async () => { throw new Error('no diagnosis here'); },
    });
    t.after(async () => {
      slow?.();
      await engine.stop();
      await store.close();
      await rm(dir, { recursive: true, force: true });
    });
    await engine.start();
    await delay(2300);
    assert.ok(checked.includes('mine'));
    assert.ok(!checked.includes('theirs'), 'a monitor this hub does not hold is never checked');

    // Now held: a check starts; the lease runs out before it ends: its result is not kept.
    allowed.add('theirs');
    await waitUntil(() => slow !== null);
    allowed.delete('theirs');
    slow!();
    slow = null;
    await delay(50);
    assert.deepEqual(await store.listResults('theirs'), [], 'the result of a check that outlived its lease is dropped');

    // A make-up check: only for a slot whose next one has not come, and only while held.
    const now = Date.now();
    assert.equal(await engine.makeUp('theirs', now - 100), false, 'not held: no make-up');
    assert.equal(await engine.makeUp('mine', now - 5000), false, 'its next slot came already: the scheduler\'s');
    const before = checked.length;
    assert.equal(await engine.makeUp('mine', now - 100), true);
    assert.equal(checked.length, before + 1);
  });

  it('an adopted open incident is closed by the next good check, and none is opened twice', async (t) => {
    const dir = await makeTempDir('hub-adopt');
    const store = await openSqliteStore(path.join(dir, 'whydown.db'));
    const events: string[] = [] as string[];
    let status: ResultInput['status'] = 'down';
    const engine = new MonitorEngine({
      store, config: parseConfig('monitors:\n  - { name: mine, url: "https://mine.example/", interval: 1s, timeout: 500ms }\n'), log: () => undefined,
      ownership: { mayCheck: () => true },
      check: async (monitor, at) => ({ monitor: monitor.name, at, status, cause: status === 'up' ? 'ok' : 'unexpected-response', timings: { total: 5 }, httpStatus: status === 'up' ? 200 : 503, errorCode: null, durationMs: 5 }),
      diagnose: async () => { throw new Error('no diagnosis here'); },
    });
    t.after(async () => {
      await engine.stop();
      await store.close();
      await rm(dir, { recursive: true, force: true });
    });
    engine.events.on('incident.opened', () => events.push('opened'));
    engine.events.on('incident.closed', () => events.push('closed'));
    await store.upsertMonitor({ name: 'mine', url: 'https://mine.example/', source: 'config', settings: {} });
    const open = await store.openIncident('mine', { status: 'down', hop: 'origin', cause: 'unexpected-response', generatedBy: null, transient: false, scope: 'this-vantage', confidence: 'low', summary: 'down', fixes: [] }, new Date(Date.now() - 60_000));
    // Another hub opened it; this one takes the monitor over (incidents restored at start are forgotten first, as pg-link does).
    engine.incidents.forget('mine');
    await engine.start();
    engine.incidents.forget('mine');
    engine.incidents.adopt('mine', open, []);
    await delay(2300);
    assert.equal(events.join(), '', 'still down: the adopted incident stays, none opened');
    status = 'up';
    await waitUntil(() => events.includes('closed'));
    assert.deepEqual(events, ['closed']);
    assert.notEqual((await store.getIncident(open.id))?.closedAt, null);
  });
});

async function waitUntil(probe: () => boolean, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > end) throw new Error('timed out');
    await delay(20);
  }
}
