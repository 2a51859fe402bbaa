// Public status pages on a real `whydown serve` with a real incident: the HTML, JSON, Atom and
// badges show the listed monitors, their state and the cause in plain words, and nothing private;
// unknown names are a plain 404; renderings are shared for a few seconds and a reload applies.
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { waitFor } from '../support/wait.js';
import { startStatusFixture, type StatusFixture } from './fixture.js';

const REFUSED = 'The upstream refused the connection';

interface Fetched { status: number; headers: Headers; text: string }

async function get(base: string, path: string, headers: Record<string, string> = {}): Promise<Fetched> {
  const response = await fetch(`${base}${path}`, { headers });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

function assertNoSecrets(what: string, text: string, secrets: readonly string[]): void {
  for (const secret of secrets) assert.ok(!text.includes(secret), `${what} shows ${JSON.stringify(secret)}`);
}

describe('status pages on whydown serve', () => {
  let f: StatusFixture;
  before(async () => { f = await startStatusFixture(); });
  after(async () => { await f?.stop(); });

  it('shows each listed monitor, the cause of the down one in plain words, and its incident', async () => {
    assert.equal(f.incident.verdict.cause, 'upstream-refused', 'the diagnosis named the cause from the real nginx');
    const page = await waitFor('shop-api checked', async () => {
      const answer = await get(f.serve.base, '/status/shop');
      return answer.text.includes('Operational') ? answer : undefined;
    });
    assert.equal(page.status, 200);
    assert.equal(page.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.equal(page.headers.get('content-security-policy'), "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
    assert.equal(page.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(page.headers.get('x-frame-options'), 'DENY');
    assert.equal(page.headers.get('referrer-policy'), 'no-referrer');
    assert.equal(page.headers.get('cache-control'), 'public, max-age=5');
    assert.match(page.text, /<h1>Shop status &lt;&amp;&gt; &quot;quoted&quot;<\/h1>/, 'the title from the config is escaped');
    assert.match(page.text, /<span class="name">shop<\/span><span class="state s-down">Down<\/span>/);
    assert.match(page.text, /<span class="name">shop-api<\/span><span class="state s-up">Operational<\/span>/);
    assert.ok(page.text.includes(`<p class="cause">${REFUSED}</p>`));
    assert.ok(page.text.includes(`<h3>shop: ${REFUSED}</h3>`));
    assert.equal((page.text.match(/class="bar[ "]/g) ?? []).length, 2 * 90, '90 daily bars per monitor');
    assert.doesNotMatch(page.text, /<script|style=/, 'no script, no inline style');

    const css = /href="(\/assets\/whydown-[0-9a-f]{12}\.css)"/.exec(page.text)?.[1];
    assert.ok(css);
    const sheet = await get(f.serve.base, css);
    assert.equal(sheet.status, 200);
    assert.equal(sheet.headers.get('content-type'), 'text/css; charset=utf-8');
    assert.equal(sheet.headers.get('cache-control'), 'public, max-age=31536000, immutable');
    assert.match(sheet.text, /prefers-color-scheme:dark/);
  });

  it('gives the same state as JSON, and incidents and maintenance as a valid Atom feed', async () => {
    const json = await get(f.serve.base, '/status/shop.json');
    assert.equal(json.status, 200);
    assert.equal(json.headers.get('access-control-allow-origin'), '*');
    const view = JSON.parse(json.text) as { slug: string; state: string; monitors: { name: string; state: string; cause: string | null; days: unknown[] }[]; incidents: { monitor: string; cause: string; closedAt: string | null }[] };
    assert.equal(view.slug, 'shop');
    assert.equal(view.state, 'down');
    assert.deepEqual(view.monitors.map((m) => [m.name, m.state, m.cause, m.days.length]), [['shop', 'down', REFUSED, 90], ['shop-api', 'up', null, 90]]);
    assert.deepEqual(view.incidents.map((i) => [i.monitor, i.cause, i.closedAt]), [['shop', REFUSED, null]]);

    const feed = await get(f.serve.base, '/status/shop/feed.atom');
    assert.equal(feed.status, 200);
    assert.equal(feed.headers.get('content-type'), 'application/atom+xml; charset=utf-8');
    assert.equal(XMLValidator.validate(feed.text), true);
    const parsed = new XMLParser({ ignoreAttributes: false, isArray: (name) => name === 'entry' }).parse(feed.text) as { feed: Record<string, unknown> & { entry: Record<string, unknown>[] } };
    assert.equal(parsed.feed['@_xmlns'], 'http://www.w3.org/2005/Atom');
    for (const key of ['id', 'title', 'updated', 'author']) assert.ok(parsed.feed[key], `feed has ${key}`);
    assert.equal(parsed.feed.title, 'Shop status <&> "quoted"');
    assert.equal(parsed.feed.entry.length, 1);
    const [entry] = parsed.feed.entry;
    for (const key of ['id', 'title', 'updated', 'summary']) assert.ok(entry![key], `entry has ${key}`);
    assert.equal(entry!.title, `shop: ${REFUSED}`);
    assert.ok(!Number.isNaN(Date.parse(String(entry!.updated))));
  });

  it('draws badges for listed monitors only, as well-formed SVG', async () => {
    const status = await get(f.serve.base, '/badge/shop/status.svg');
    assert.equal(status.status, 200);
    assert.equal(status.headers.get('content-type'), 'image/svg+xml');
    assert.equal(XMLValidator.validate(status.text), true);
    assert.match(status.text, /<title>shop: down<\/title>/);
    for (const span of ['24h', '7d', '30d']) {
      const badge = await get(f.serve.base, `/badge/shop-api/uptime-${span}.svg`);
      assert.equal(badge.status, 200, span);
      assert.equal(XMLValidator.validate(badge.text), true, span);
      assert.match(badge.text, new RegExp(`<title>uptime ${span}: 100 %</title>`));
    }
    for (const path of ['/badge/payroll-internal/status.svg', '/badge/nobody/status.svg', '/badge/shop/uptime-1y.svg', '/badge/shop/other.svg']) {
      const missing = await get(f.serve.base, path);
      assert.equal(missing.status, 404, path);
      assert.equal(missing.headers.get('content-type'), 'text/html; charset=utf-8', path);
    }
  });

  it('shows nothing private: no URL, host, port, header, log line, diagnosis text or unlisted monitor', async () => {
    const paths = ['/status/shop', '/status/shop.json', '/status/shop/feed.atom', '/badge/shop/status.svg', '/badge/shop/uptime-24h.svg', '/badge/shop-api/uptime-30d.svg', '/status/nope', '/badge/payroll-internal/status.svg'];
    assert.ok(f.secrets.length > 12);
    for (const path of paths) assertNoSecrets(path, (await get(f.serve.base, path)).text, f.secrets);
  });

  it('answers unknown pages with a plain 404 (JSON for .json), never a stack trace, and only GET', async () => {
    for (const path of ['/status/nope', '/status/shop/other', '/status/%E0%A4%A', '/status', '/assets/whydown-000000000000.css', '/status/shop/feed.atom/x']) {
      const answer = await get(f.serve.base, path);
      assert.equal(answer.status, 404, path);
      assert.equal(answer.headers.get('content-type'), 'text/html; charset=utf-8', path);
      assert.match(answer.text, /<h1>Nothing here<\/h1>/, path);
      assert.doesNotMatch(answer.text, /Error|at .*\.js/, path);
      assert.equal(answer.headers.get('content-security-policy')?.startsWith("default-src 'self'"), true, path);
    }
    const json = await get(f.serve.base, '/status/nope.json');
    assert.equal(json.status, 404);
    assert.deepEqual(JSON.parse(json.text), { error: { code: 'not_found', message: 'no such status page' } });
    const post = await fetch(`${f.serve.base}/status/shop`, { method: 'POST' });
    assert.equal(post.status, 405);
    assert.equal(post.headers.get('allow'), 'GET, HEAD, OPTIONS');
    assert.equal((await get(f.serve.base, '/api/v1/monitors')).status, 401, 'the API is still the API');
  });

  it('shares a rendering for a few seconds (same ETag, 304 on If-None-Match) and applies a config reload', async () => {
    const first = await get(f.serve.base, '/status/shop');
    const etag = first.headers.get('etag');
    assert.ok(etag);
    const again = await fetch(`${f.serve.base}/status/shop`, { headers: { 'if-none-match': etag } });
    assert.ok(again.status === 304 || again.headers.get('etag') !== etag, 'an unchanged page is not sent again');

    await writeFile(f.configFile, f.config('Shop, reloaded'));
    const reloaded = await waitFor('the new title', async () => {
      const answer = await get(f.serve.base, '/status/shop');
      return answer.text.includes('<h1>Shop, reloaded</h1>') ? answer : undefined;
    }, 20_000, 250);
    assert.notEqual(reloaded.headers.get('etag'), etag);
  });
});
