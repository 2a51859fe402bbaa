// The one contract every Store implementation passes (sqlite.test.ts, postgres.test.ts run it).
// Each test opens a fresh, empty store from the factory and closes it at the end.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { StoreInputError, StoreNotFound } from '../../src/serve/store/errors.js';
import type { Status } from '../../src/core/model.js';
import { diagnosesContract } from './contract-diagnoses.js';
import { pausedContract } from './contract-paused.js';
import { rollupContract } from './contract-rollups.js';
import { at, fresh, result, verdict, type StoreFactory } from './fixtures.js';

export type { StoreFactory } from './fixtures.js';



export function storeContract(factory: StoreFactory): void {
  rollupContract(factory);
  diagnosesContract(factory);
  pausedContract(factory);
  it('upsert creates, then changes url, settings and source, keeping createdAt', async (t) => {
    const store = await fresh(t, factory);
    const first = await store.upsertMonitor({ name: 'shop', url: 'https://shop.test/', source: 'config', settings: { interval: '60s' } }, '2026-01-01T00:00:00Z');
    assert.equal(first.created, true);
    assert.equal(first.monitor.createdAt, '2026-01-01T00:00:00.000Z');
    assert.deepEqual(first.monitor.settings, { interval: '60s' });
    assert.equal(first.monitor.last, null);
    const second = await store.upsertMonitor({ name: 'shop', url: 'https://shop.test/v2', source: 'api' }, '2026-01-02T00:00:00Z');
    assert.equal(second.created, false);
    assert.equal(second.monitor.url, 'https://shop.test/v2');
    assert.equal(second.monitor.source, 'api');
    assert.deepEqual(second.monitor.settings, {});
    assert.equal(second.monitor.createdAt, '2026-01-01T00:00:00.000Z');
    assert.equal(second.monitor.updatedAt, '2026-01-02T00:00:00.000Z');
    assert.deepEqual(await store.getMonitor('shop'), second.monitor);
    assert.equal(await store.getMonitor('nope'), null);
  });

  it('keeps config and api monitors apart when asked', async (t) => {
    const store = await fresh(t, factory);
    for (const name of ['c1', 'c2', 'c3']) await store.upsertMonitor({ name, url: `https://${name}.test/`, source: 'config' });
    for (const name of ['a1', 'b1', 'c15', 'd1']) await store.upsertMonitor({ name, url: `https://${name}.test/`, source: 'api' });
    const config = await store.listMonitors({ source: 'config', limit: 2 });
    assert.deepEqual(config.monitors.map((m) => m.name), ['c1', 'c2']);
    const rest = await store.listMonitors({ source: 'config', limit: 2, cursor: config.next });
    assert.deepEqual(rest.monitors.map((m) => m.name), ['c3']);
    assert.equal(rest.next, null);
    const api = await store.listMonitors({ source: 'api' });
    assert.deepEqual(api.monitors.map((m) => [m.name, m.source]), [['a1', 'api'], ['b1', 'api'], ['c15', 'api'], ['d1', 'api']]);
    assert.equal((await store.listMonitors()).monitors.length, 7);
  });

  it('paginates by name in byte order: stable while monitors come and go, no repeats, no skips', async (t) => {
    const store = await fresh(t, factory);
    const names = Array.from({ length: 200 }, (_, i) => `m${String(i).padStart(3, '0')}`)
      .concat(['Zeta', '_under', 'alpha', 'émile', 'x y', 'ünïcode']);
    const shuffled = [...names].sort(() => Math.random() - 0.5);
    for (const name of shuffled) await store.upsertMonitor({ name, url: 'https://x.test/', source: 'api' });

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await store.listMonitors({ limit: 30, cursor });
      assert.ok(page.monitors.length <= 30);
      seen.push(...page.monitors.map((m) => m.name));
      cursor = page.next;
      pages += 1;
      if (pages === 2) {
        // Between pages: one ahead is deleted, one ahead and one behind are added.
        await store.deleteMonitor('m150');
        await store.upsertMonitor({ name: 'm150b', url: 'https://x.test/', source: 'api' });
        await store.upsertMonitor({ name: 'Aaa', url: 'https://x.test/', source: 'api' });
      }
    } while (cursor !== null);

    const expected = names.filter((n) => n !== 'm150').concat('m150b').sort(byteOrder);
    assert.deepEqual(seen, expected);
    assert.equal(new Set(seen).size, seen.length);
    await assert.rejects(store.listMonitors({ cursor: 'not-a-cursor!' }), StoreInputError);
  });

  it('shows each listed monitor with its newest result', async (t) => {
    const store = await fresh(t, factory);
    await store.upsertMonitor({ name: 'a', url: 'https://a.test/', source: 'api' });
    await store.upsertMonitor({ name: 'b', url: 'https://b.test/', source: 'api' });
    await store.insertResults([result('a', at(1)), result('a', at(3), 'down'), result('a', at(2))]);
    const { monitors } = await store.listMonitors();
    assert.deepEqual(monitors[0]!.last, { at: new Date(at(3)).toISOString(), status: 'down', cause: 'connect-refused' });
    assert.equal(monitors[1]!.last, null);
  });

  it('returns results newest first, within since/before, up to limit, every field kept', async (t) => {
    const store = await fresh(t, factory);
    await store.upsertMonitor({ name: 'a', url: 'https://a.test/', source: 'api' });
    await store.upsertMonitor({ name: 'b', url: 'https://b.test/', source: 'api' });
    const minutes = [5, 1, 4, 2, 3, 0];
    await store.insertResults(minutes.map((m) => result('a', at(m), m === 4 ? 'down' : 'up', 10 + m / 3)));
    await store.insertResults([result('b', at(2))]);
    const all = await store.listResults('a');
    assert.deepEqual(all.map((r) => r.at), [5, 4, 3, 2, 1, 0].map((m) => new Date(at(m)).toISOString()));
    assert.deepEqual(all[5], {
      monitor: 'a', at: new Date(at(0)).toISOString(), status: 'up', cause: 'ok',
      timings: { dns: 1.25, tcp: 0.5, tls: 3, firstByte: 5, download: 0.25, total: 10 },
      httpStatus: 200, errorCode: null, durationMs: 11, vantage: 'local',
    });
    assert.deepEqual(all[1], {
      monitor: 'a', at: new Date(at(4)).toISOString(), status: 'down', cause: 'connect-refused',
      timings: { total: 11.333 }, httpStatus: null, errorCode: 'ECONNREFUSED', durationMs: 12, vantage: 'local',
    });
    const window = await store.listResults('a', { since: new Date(at(1)), before: new Date(at(4)), limit: 2 });
    assert.deepEqual(window.map((r) => r.at), [3, 2].map((m) => new Date(at(m)).toISOString()));
    const next = await store.listResults('a', { since: new Date(at(1)), before: window.at(-1)!.at, limit: 2 });
    assert.deepEqual(next.map((r) => r.at), [1].map((m) => new Date(at(m)).toISOString()));
    assert.deepEqual(await store.listResults('nobody'), []);
  });

  it('keeps one result per (monitor, vantage, slot): a second one is refused and counted, the batch kept', async (t) => {
    const store = await fresh(t, factory);
    await store.upsertMonitor({ name: 'a', url: 'https://a.test/', source: 'api' });
    const slot = new Date(at(1));
    const from = (vantage: string, delayMs: number, status: Status = 'up') => ({ ...result('a', at(1) + delayMs, status), vantage, slot });
    await store.insertResults([from('fra-1', 40), from('nyc-1', 90), from('local', 5)]);
    // The same slot again from fra-1 (an agent re-sending after a lost ack, its clock re-measured):
    // refused, while the new result in the same batch is kept.
    await store.insertResults([from('fra-1', 55, 'down'), { ...result('a', at(2)), vantage: 'fra-1', slot: new Date(at(2)) }]);
    const stored = await store.listResults('a');
    assert.deepEqual(stored.map((r) => `${r.vantage}@${r.at}`).sort(), [
      `fra-1@${new Date(at(1) + 40).toISOString()}`, `fra-1@${new Date(at(2)).toISOString()}`,
      `local@${new Date(at(1) + 5).toISOString()}`, `nyc-1@${new Date(at(1) + 90).toISOString()}`,
    ]);
    assert.equal(stored.find((r) => r.vantage === 'fra-1' && r.at === new Date(at(1) + 40).toISOString())!.status, 'up');
    assert.equal((store as unknown as { refusedResults: number }).refusedResults, 1);
  });

  it('stores a result once however often it is handed in, and drops results of unknown monitors', async (t) => {
    const store = await fresh(t, factory);
    await store.upsertMonitor({ name: 'a', url: 'https://a.test/', source: 'api' });
    const batch = [result('a', at(1)), result('a', at(2)), result('a', at(1))];
    await Promise.all([store.insertResults(batch), store.insertResults(batch), store.insertResults([result('ghost', at(1))])]);
    await store.insertResults(batch);
    assert.equal((await store.listResults('a')).length, 2);
    await assert.rejects(store.insertResults([{ ...result('a', at(9)), status: 'sideways' as Status }]), TypeError);
  });

  it('deleting a monitor removes its results, rollups and incidents', async (t) => {
    const store = await fresh(t, factory);
    await store.upsertMonitor({ name: 'a', url: 'https://a.test/', source: 'api' });
    await store.insertResults([result('a', at(1), 'down')]);
    await store.openIncident('a', verdict('connect-refused'), new Date(at(1)));
    await store.rollup(new Date(at(180)));
    assert.equal(await store.deleteMonitor('a'), true);
    assert.equal(await store.deleteMonitor('a'), false);
    await store.upsertMonitor({ name: 'a', url: 'https://a.test/', source: 'api' });
    assert.deepEqual(await store.listResults('a'), []);
    assert.deepEqual(await store.listRollups('a', 'hour'), []);
    assert.equal(await store.openIncidentFor('a'), null);
    assert.deepEqual((await store.listIncidents()).incidents, []);
  });

  it('incidents: open once, change cause, close, with the verdict and a timeline kept whole', async (t) => {
    const store = await fresh(t, factory);
    await store.upsertMonitor({ name: 'shop', url: 'https://shop.test/', source: 'config' });
    assert.equal(await store.openIncidentFor('shop'), null);
    const opened = await store.openIncident('shop', verdict('upstream-refused'), '2026-01-01T10:00:00Z');
    assert.equal(opened.closedAt, null);
    assert.deepEqual(opened.verdict, verdict('upstream-refused'));
    const again = await store.openIncident('shop', verdict('app-error'), '2026-01-01T10:01:00Z');
    assert.deepEqual(again, opened, 'a second open returns the open incident unchanged');

    const changed = await store.updateIncidentVerdict(opened.id, verdict('upstream-timeout'), '2026-01-01T10:05:00Z');
    assert.deepEqual(changed.verdict, verdict('upstream-timeout'));
    assert.deepEqual(await store.openIncidentFor('shop'), changed);

    const closed = await store.closeIncident(opened.id, '2026-01-01T10:30:00Z');
    assert.equal(closed.closedAt, '2026-01-01T10:30:00.000Z');
    assert.deepEqual(closed.timeline, [
      { at: '2026-01-01T10:00:00.000Z', type: 'opened', verdict: verdict('upstream-refused') },
      { at: '2026-01-01T10:05:00.000Z', type: 'verdict-changed', verdict: verdict('upstream-timeout') },
      { at: '2026-01-01T10:30:00.000Z', type: 'closed', verdict: null },
    ]);
    assert.deepEqual(await store.closeIncident(opened.id, '2026-01-01T11:00:00Z'), closed, 'closing twice changes nothing');
    assert.deepEqual(await store.updateIncidentVerdict(opened.id, verdict('app-error'), '2026-01-01T11:00:00Z'), closed);
    assert.equal(await store.openIncidentFor('shop'), null);

    const next = await store.openIncident('shop', verdict('dns-nxdomain'), '2026-01-02T00:00:00Z');
    assert.notEqual(next.id, opened.id);
    await assert.rejects(store.openIncident('nobody', verdict('app-error'), '2026-01-02T00:00:00Z'), StoreNotFound);
    await assert.rejects(store.closeIncident(999_999, '2026-01-02T00:00:00Z'), StoreNotFound);
  });

  it('lists incidents newest first, by monitor and open or closed, page by page', async (t) => {
    const store = await fresh(t, factory);
    for (const name of ['a', 'b']) await store.upsertMonitor({ name, url: `https://${name}.test/`, source: 'api' });
    const ids: number[] = [];
    for (let i = 0; i < 7; i++) {
      const monitor = i % 2 === 0 ? 'a' : 'b';
      const incident = await store.openIncident(monitor, verdict('app-error'), new Date(at(i * 10)));
      ids.push(incident.id);
      if (i < 5) await store.closeIncident(incident.id, new Date(at(i * 10 + 5)));
    }
    const pages: number[][] = [];
    let cursor: string | null = null;
    do {
      const page = await store.listIncidents({ limit: 3, cursor });
      pages.push(page.incidents.map((incident) => incident.id));
      cursor = page.next;
    } while (cursor !== null);
    assert.deepEqual(pages.flat(), [...ids].reverse());
    assert.deepEqual(pages.map((p) => p.length), [3, 3, 1]);

    const open = await store.listIncidents({ open: true });
    assert.deepEqual(open.incidents.map((i) => [i.monitor, i.id]), [['a', ids[6]], ['b', ids[5]]]);
    const closedOfA = await store.listIncidents({ monitor: 'a', open: false });
    assert.deepEqual(closedOfA.incidents.map((i) => i.id), [ids[4], ids[2], ids[0]]);
    assert.ok(closedOfA.incidents.every((i) => i.timeline.length === 2 && i.timeline[1]!.type === 'closed'));
  });

  it('serializes concurrent writers: transactions do not interleave', async (t) => {
    const store = await fresh(t, factory);
    const names = Array.from({ length: 20 }, (_, i) => `w${i}`);
    await Promise.all(names.map((name) => store.upsertMonitor({ name, url: 'https://x.test/', source: 'api' })));
    await Promise.all(names.flatMap((name, i) => [
      store.openIncident(name, verdict('app-error'), new Date(at(i))),
      store.openIncident(name, verdict('app-error'), new Date(at(i))),
      store.insertResults([result(name, at(i)), result(name, at(i + 1))]),
    ]));
    const open = await store.listIncidents({ open: true, limit: 100 });
    assert.equal(open.incidents.length, 20);
    assert.ok(open.incidents.every((incident) => incident.timeline.length === 1));
    for (const name of names) assert.equal((await store.listResults(name)).length, 2);
  });

  it('refuses results after close', async (t) => {
    const store = await factory();
    await store.close();
    await assert.rejects(store.insertResults([result('a', at(1))]), /closed/);
    t.diagnostic('closed cleanly');
  });
}

/** UTF-8 byte order, as SQLite's BINARY and PostgreSQL's "C" collation compare. */
export function byteOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
