// What a status page is made of, over a real SQLite store: day bars from the daily rollups,
// recent and old incidents, maintenance in progress, through the web handler in-process.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { describe, it } from 'node:test';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { StatusPageConfig } from '../../src/serve/config/types.js';
import { openSqliteStore } from '../../src/serve/store/sqlite.js';
import { createWebHandler } from '../../src/serve/web/web.js';
import { makeTempDir, removeTempDir } from '../support/cleanup.js';
import { StoreBackedServiceDouble } from '../server/service-double.js';
import { diagnosis } from '../store/fixtures.js';

const DAY = 86_400_000;
const YAML = 'monitors:\n  - name: shop\n    url: https://shop.example/\n  - name: blog\n    url: https://blog.example/\n';

describe('status page contents', () => {
  it('draws past days from daily rollups, lists recent incidents only, and shows maintenance in progress', async (t) => {
    const dir = await makeTempDir('web-view');
    const store = await openSqliteStore(path.join(dir, 'w.db'));
    t.after(async () => { await store.close(); await removeTempDir(dir); });
    const double = await StoreBackedServiceDouble.create(store, YAML);
    // A minute ahead: the monitors were created just now, and today counts from then.
    const now = Date.now() + 60_000;
    const today = Math.floor(now / DAY) * DAY;
    const window: [number, number] = [now - 600_000, now + 3_000_000];
    // The double has no maintenance; this one has a window on blog now.
    const service = Object.create(double, {
      maintenanceIntervals: { value: (name: string, from: number, to: number) => (name === 'blog' && window[0] < to && window[1] > from ? [window] : []) },
    }) as StoreBackedServiceDouble;

    // Three days ago: 3 checks up, 1 down (75 %); two days ago: all up.
    const day = (n: number, hour: number): string => new Date(today - n * DAY + hour * 3_600_000).toISOString();
    const result = (at: string, status: 'up' | 'down') => ({ monitor: 'shop', at, status, cause: status === 'up' ? 'ok' as const : 'connect-refused' as const, timings: { total: 50 }, httpStatus: status === 'up' ? 200 : null, errorCode: null, durationMs: 50 });
    await store.insertResults([result(day(3, 1), 'up'), result(day(3, 2), 'up'), result(day(3, 3), 'up'), result(day(3, 4), 'down'), result(day(2, 5), 'up')]);
    await store.rollup(new Date(now));
    // An incident closed 40 days ago (off the page), one closed yesterday (shown, 90 min).
    const old = await store.openIncident('shop', diagnosis('dns-nxdomain').verdict, new Date(now - 40 * DAY));
    await store.closeIncident(old.id, new Date(now - 40 * DAY + 60_000));
    const recent = await store.openIncident('shop', diagnosis('upstream-timeout').verdict, new Date(now - DAY));
    await store.closeIncident(recent.id, new Date(now - DAY + 90 * 60_000));

    const pages: StatusPageConfig[] = [{ slug: 'shop', title: 'Shop', monitors: ['shop', 'blog'] }];
    const web = createWebHandler({ service, statusPages: () => pages, log: (line) => assert.fail(line), now: () => now });
    const server = http.createServer((req, res) => { if (!web(req, res)) { res.statusCode = 418; res.end(); } });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    const view = await (await fetch(`${base}/status/shop.json`)).json() as { state: string; monitors: { name: string; state: string; days: { date: string; uptimePercent: number | null }[] }[]; incidents: Record<string, unknown>[]; maintenance: { monitors: string[]; ongoing: boolean }[] };
    const shop = view.monitors[0]!;
    assert.equal(shop.days.length, 90);
    assert.deepEqual(shop.days.slice(-4), [
      { date: day(3, 0).slice(0, 10), uptimePercent: 75 },
      { date: day(2, 0).slice(0, 10), uptimePercent: 100 },
      { date: day(1, 0).slice(0, 10), uptimePercent: null },
      { date: day(0, 0).slice(0, 10), uptimePercent: 100 },
    ]);
    assert.equal(shop.days.slice(0, -4).every((d) => d.uptimePercent === null), true);
    assert.deepEqual(view.incidents.map((i) => [i.monitor, i.cause, i.durationSeconds]), [['shop', 'The upstream did not answer in time', 5400]]);
    // Store ids count every monitor's incidents, listed or not: none is shown.
    assert.deepEqual(Object.keys(view.incidents[0]!), ['monitor', 'cause', 'openedAt', 'closedAt', 'durationSeconds']);
    assert.deepEqual(view.monitors.map((m) => [m.name, m.state]), [['shop', 'unknown'], ['blog', 'maintenance']]);
    assert.equal(view.state, 'maintenance');
    assert.deepEqual(view.maintenance.map((w) => [w.monitors, w.ongoing]), [[['blog'], true]]);

    const html = await (await fetch(`${base}/status/shop`)).text();
    assert.match(html, /<span class="bar b-low" title="[\d-]+: 75\.00 %"><\/span><span class="bar b-full" title="[\d-]+: 100 %">/);
    assert.match(html, /<h3>Maintenance in progress: blog<\/h3>/);
    assert.match(html, /Resolved\. .* \(1 h 30 min\)/);
    assert.equal(html.includes('The domain name does not exist'), false, 'the 40-day-old incident is gone');

    // The clock stands still, so this is within the 5 s a rendering is kept: same ETag, 304, HEAD.
    const first = await fetch(`${base}/status/shop`);
    const etag = first.headers.get('etag')!;
    assert.match(etag, /^"[\w-]{22}"$/);
    assert.equal((await first.text()), html);
    const unchanged = await fetch(`${base}/status/shop`, { headers: { 'if-none-match': `W/"other", ${etag}` } });
    assert.equal(unchanged.status, 304);
    assert.equal(await unchanged.text(), '');
    const head = await fetch(`${base}/status/shop`, { method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.equal(head.headers.get('content-length'), String(Buffer.byteLength(html)));

    const feed = await (await fetch(`${base}/status/shop/feed.atom`)).text();
    assert.equal(XMLValidator.validate(feed), true);
    const entries = (new XMLParser({ isArray: (n) => n === 'entry' }).parse(feed) as { feed: { entry: { title: string; id: string }[] } }).feed.entry;
    assert.equal(entries[0]!.id, `urn:whydown:status:shop:incident:shop:${new Date(now - DAY).toISOString()}`);
    assert.deepEqual(entries.map((e) => e.title), ['shop: The upstream did not answer in time (resolved)', 'Scheduled maintenance: blog']);
  });
});
