// The lists: monitors, results, incidents, rollups — pages walked to the end, parameters checked,
// and a store that fails.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Verdict } from '../../src/core/model.js';
import { encodeCursor } from '../../src/serve/store/cursor.js';
import { errorOf, startHarness, type Harness } from './harness.js';

const verdict: Verdict = {
  status: 'down', hop: 'origin', cause: 'connect-refused', generatedBy: 'nginx', transient: false, scope: 'everyone',
  confidence: 'high', summary: 'the origin refused the connection', fixes: ['start the app'], candidates: ['connect-refused'], decideWith: [],
};

const T0 = Date.parse('2026-03-01T00:00:00Z');
const MINUTE = 60_000;

async function addMonitors(h: Harness, names: readonly string[]): Promise<void> {
  for (const name of names) {
    const answer = await h.call('POST', '/api/v1/monitors', { body: { name, url: `https://${name}.example/` } });
    assert.equal(answer.status, 201, answer.text);
  }
}

async function addResults(h: Harness, name: string, count: number, step = MINUTE): Promise<void> {
  for (let i = 0; i < count; i++) {
    await h.service.recordCheck({
      monitor: name, at: new Date(T0 + i * step), status: i % 3 === 2 ? 'down' : 'up', cause: i % 3 === 2 ? 'connect-refused' : 'ok',
      timings: i % 3 === 2 ? { total: 5 } : { dns: 1, tcp: 2, firstByte: 20, total: 30 + i },
      httpStatus: i % 3 === 2 ? null : 200, errorCode: i % 3 === 2 ? 'ECONNREFUSED' : null, durationMs: 31 + i,
    }, 5);
  }
}

describe('API lists', () => {
  it('walks every monitor page by page, in name order, no repeats, and takes limit', async (t) => {
    const h = await startHarness(t, { yaml: 'monitors:\n  - name: m-config\n    url: https://config.example/\n' });
    const names = Array.from({ length: 53 }, (_, i) => `m-${String((i * 37) % 53).padStart(2, '0')}`);
    await addMonitors(h, names);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const answer = await h.call('GET', `/api/v1/monitors?limit=10${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      assert.equal(answer.status, 200);
      const page = answer.json as { monitors: { name: string; status: string; source: string }[]; next: string | null };
      assert.ok(page.monitors.length <= 10);
      for (const monitor of page.monitors) assert.equal(monitor.status, 'unknown');
      seen.push(...page.monitors.map((m) => m.name));
      cursor = page.next;
      pages++;
    } while (cursor !== null && pages < 20);
    assert.equal(pages, 6);
    assert.deepEqual(seen, [...names, 'm-config'].sort());
    assert.equal(new Set(seen).size, seen.length);

    const all = (await h.call('GET', '/api/v1/monitors')).json as { monitors: { source: string }[]; next: string | null };
    assert.equal(all.monitors.length, 54, 'default limit is 100');
    assert.equal(all.next, null);
    assert.equal(all.monitors.filter((m) => m.source === 'config').length, 1);
    const capped = (await h.call('GET', '/api/v1/monitors?limit=5000')).json as { monitors: unknown[] };
    assert.equal(capped.monitors.length, 54, 'a limit over 1000 is taken as 1000');
  });

  it('400s bad limits and cursors', async (t) => {
    const h = await startHarness(t);
    for (const query of ['limit=abc', 'limit=0', 'limit=-5', 'limit=1.5', 'limit=1e3', 'cursor=%%%', 'cursor=bm90LWpzb24', `cursor=${encodeCursor(7)}`]) {
      const answer = await h.call('GET', `/api/v1/monitors?${query}`);
      assert.equal(answer.status, 400, query);
      assert.equal(errorOf(answer).code, 'invalid_parameter', query);
    }
    assert.match(errorOf(await h.call('GET', '/api/v1/monitors?limit=abc')).message, /^limit: /);
    for (const query of ['open=maybe', 'limit=x', `cursor=${encodeCursor('a-name')}`]) {
      const answer = await h.call('GET', `/api/v1/incidents?${query}`);
      assert.equal(answer.status, 400, query);
      assert.equal(errorOf(answer).code, 'invalid_parameter', query);
    }
  });

  it('lists results newest first, pages with before, filters with since', async (t) => {
    const h = await startHarness(t);
    await addMonitors(h, ['shop', 'quiet']);
    await addResults(h, 'shop', 25);
    const first = await h.call('GET', '/api/v1/monitors/shop/results?limit=10');
    assert.equal(first.status, 200);
    const page = first.json as { results: Record<string, unknown>[]; next: string | null };
    assert.equal(page.results.length, 10);
    assert.deepEqual(Object.keys(page.results[0]!).sort(), ['at', 'cause', 'durationMs', 'errorCode', 'httpStatus', 'status', 'timings', 'vantage']);
    assert.equal(page.results[0]!.at, new Date(T0 + 24 * MINUTE).toISOString());
    assert.deepEqual(page.results[0]!.timings, { dns: 1, tcp: 2, firstByte: 20, total: 54 });
    assert.equal(page.next, page.results[9]!.at);

    const seen: string[] = [];
    let before: string | null = null;
    do {
      const answer = await h.call('GET', `/api/v1/monitors/shop/results?limit=7${before ? `&before=${encodeURIComponent(before)}` : ''}`);
      const body = answer.json as { results: { at: string }[]; next: string | null };
      seen.push(...body.results.map((r) => r.at));
      before = body.next;
    } while (before !== null && seen.length < 100);
    assert.equal(seen.length, 25);
    assert.deepEqual(seen, [...seen].sort().reverse());
    assert.equal(new Set(seen).size, 25);

    const since = new Date(T0 + 20 * MINUTE).toISOString();
    const recent = (await h.call('GET', `/api/v1/monitors/shop/results?since=${since}`)).json as { results: unknown[]; next: null };
    assert.equal(recent.results.length, 5);
    assert.equal(recent.next, null);
    // An offset written without encoding arrives as a space; it is still read as +01:00.
    const offset = (await h.call('GET', '/api/v1/monitors/shop/results?since=2026-03-01T01:20:00+01:00')).json as { results: unknown[] };
    assert.equal(offset.results.length, 5);

    const empty = await h.call('GET', '/api/v1/monitors/quiet/results');
    assert.equal(empty.status, 200);
    assert.deepEqual(empty.json, { results: [], next: null });
    const missing = await h.call('GET', '/api/v1/monitors/nobody/results');
    assert.equal(missing.status, 404);
    assert.equal(errorOf(missing).code, 'not_found');
    for (const query of ['since=yesterday', 'since=1', 'before=2026-02-30', 'since=2026-03-01T10:00:00', 'limit=none']) {
      const answer = await h.call('GET', `/api/v1/monitors/shop/results?${query}`);
      assert.equal(answer.status, 400, query);
      assert.equal(errorOf(answer).code, 'invalid_parameter', query);
    }
  });

  it('lists incidents by monitor and open state, page by page', async (t) => {
    const h = await startHarness(t);
    await addMonitors(h, ['shop', 'blog']);
    const opened = [];
    for (let i = 0; i < 6; i++) {
      const incident = await h.service.openIncident(i % 2 === 0 ? 'shop' : 'blog', verdict, new Date(T0 + i * MINUTE));
      if (i < 4) await h.service.closeIncident(incident, new Date(T0 + i * MINUTE + 30_000));
      opened.push(incident.id);
    }
    const all = (await h.call('GET', '/api/v1/incidents')).json as { incidents: { id: number; monitor: string; closedAt: string | null; verdict: Verdict; timeline: unknown[] }[]; next: null };
    assert.deepEqual(all.incidents.map((i) => i.id), [...opened].reverse());
    assert.deepEqual(Object.keys(all.incidents[0]!).sort(), ['closedAt', 'id', 'monitor', 'openedAt', 'timeline', 'verdict']);
    assert.equal(all.incidents[0]!.verdict.cause, 'connect-refused');
    assert.equal(all.incidents.at(-1)!.timeline.length, 2);

    const open = (await h.call('GET', '/api/v1/incidents?open=true')).json as { incidents: { closedAt: string | null }[] };
    assert.equal(open.incidents.length, 2);
    assert.ok(open.incidents.every((i) => i.closedAt === null));
    const closedShop = (await h.call('GET', '/api/v1/incidents?open=false&monitor=shop')).json as { incidents: { monitor: string }[] };
    assert.deepEqual(closedShop.incidents.map((i) => i.monitor), ['shop', 'shop']);
    assert.deepEqual(((await h.call('GET', '/api/v1/incidents?monitor=nobody')).json as { incidents: unknown[] }).incidents, []);

    const ids: number[] = [];
    let cursor: string | null = null;
    do {
      const body = (await h.call('GET', `/api/v1/incidents?limit=4${cursor ? `&cursor=${cursor}` : ''}`)).json as { incidents: { id: number }[]; next: string | null };
      ids.push(...body.incidents.map((i) => i.id));
      cursor = body.next;
    } while (cursor !== null && ids.length < 100);
    assert.deepEqual(ids, [...opened].reverse());
  });

  it('lists rollups by hour and by day', async (t) => {
    const h = await startHarness(t);
    await addMonitors(h, ['shop']);
    await addResults(h, 'shop', 12, 20 * MINUTE); // four hours
    await h.store.rollup(new Date(T0 + 3 * 86_400_000));
    const hours = await h.call('GET', '/api/v1/monitors/shop/rollups?period=hour');
    assert.equal(hours.status, 200);
    const buckets = (hours.json as { rollups: Record<string, unknown>[] }).rollups;
    assert.equal(buckets.length, 4);
    assert.equal(buckets[0]!.start, new Date(T0 + 3 * 3_600_000).toISOString(), 'newest first');
    assert.equal(buckets[0]!.count, 3);
    assert.equal(buckets[0]!.monitor, undefined);
    const days = (await h.call('GET', '/api/v1/monitors/shop/rollups?period=day')).json as { rollups: { count: number; down: number }[] };
    assert.deepEqual(days.rollups.map((d) => [d.count, d.down]), [[12, 4]]);
    const limited = (await h.call('GET', `/api/v1/monitors/shop/rollups?limit=2&since=${new Date(T0 + 3_600_000).toISOString()}`)).json as { rollups: unknown[] };
    assert.equal(limited.rollups.length, 2);
    assert.equal((await h.call('GET', '/api/v1/monitors/shop/rollups?period=week')).status, 400);
    assert.equal((await h.call('GET', '/api/v1/monitors/nobody/rollups')).status, 404);
  });

  it('answers 503 when the store is away and 500 on a bug, in JSON, without details', async (t) => {
    const h = await startHarness(t);
    await addMonitors(h, ['shop']);
    const original = h.store.listMonitors.bind(h.store);
    h.store.listMonitors = async () => { throw new TypeError('secret detail at /srv/app.js:1'); };
    const bug = await h.call('GET', '/api/v1/monitors');
    assert.equal(bug.status, 500);
    assert.equal(errorOf(bug).code, 'internal');
    assert.doesNotMatch(bug.text, /secret|app\.js/);
    assert.ok(h.logged.some((line) => line.includes('secret detail')), 'the detail goes to the log');
    h.store.listMonitors = original;

    await h.store.close();
    for (const path of ['/api/v1/monitors', '/api/v1/monitors/shop', '/api/v1/monitors/shop/results', '/api/v1/incidents']) {
      const answer = await h.call('GET', path);
      assert.equal(answer.status, 503, `${path}: ${answer.text}`);
      assert.equal(errorOf(answer).code, 'unavailable');
      assert.equal(answer.headers.get('retry-after'), '5');
    }
    assert.equal((await h.call('GET', '/healthz')).status, 200);
  });
});
