// The dashboard's HTTP side in-process (createApiServer with the dashboard over a store-backed
// service double): sign-in with an API token, a cross-site sign-in refused, the live stream
// (401 without a session, the rows of the named monitors only, a finished check pushed at once,
// the per-session cap, closed at sign-out), and the list's escaping of a hostile name and URL.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createApiServer, type ApiServer } from '../../src/serve/api/api.js';
import { openSqliteStore } from '../../src/serve/store/sqlite.js';
import type { Store } from '../../src/serve/store/types.js';
import { StoreBackedServiceDouble } from '../server/service-double.js';
import { makeTempDir, removeTempDir } from '../support/cleanup.js';

const TOKEN = 'dash-token-123';

interface Stream { events: string[]; ended: Promise<void>; close(): void; status: number }

function openStream(base: string, cookie: string, names: string[]): Promise<Stream> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${base}/events?monitors=${names.map(encodeURIComponent).join(',')}`, { headers: { cookie } }, (res) => {
      const events: string[] = [];
      let buffer = '';
      const ended = new Promise<void>((done) => { res.on('end', done); res.on('close', done); });
      res.setEncoding('utf8').on('data', (chunk: string) => {
        buffer += chunk;
        let cut;
        while ((cut = buffer.indexOf('\n\n')) >= 0) { events.push(buffer.slice(0, cut)); buffer = buffer.slice(cut + 2); }
      });
      resolve({ events, ended, close: () => req.destroy(), status: res.statusCode ?? 0 });
    });
    req.on('error', reject);
  });
}

const waitUntil = async (what: string, test: () => boolean): Promise<void> => {
  for (let i = 0; i < 100 && !test(); i++) await new Promise((r) => setTimeout(r, 20));
  assert.ok(test(), what);
};

describe('dashboard over HTTP', () => {
  let dir: string;
  let store: Store;
  let service: StoreBackedServiceDouble;
  let api: ApiServer;
  let base: string;

  before(async () => {
    dir = await makeTempDir('dashboard-live');
    store = await openSqliteStore(path.join(dir, 'live.db'));
    service = await StoreBackedServiceDouble.create(store, `monitors:
  - name: shop
    url: http://127.0.0.1:9/shop
  - name: blog
    url: http://127.0.0.1:9/blog
  - name: evil
    url: "http://127.0.0.1:9/<script>alert(1)</script>"
    tags: ["<img/src=x/onerror=alert(1)>"]
`);
    api = createApiServer({ service, api: () => ({ tokens: [TOKEN], publicRead: false }), ui: () => ({ publicCheck: { enabled: false, allow: [], ports: [80, 443] }, users: [] }), env: {}, log: () => {} });
    await new Promise<void>((resolve) => api.server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(api.server.address() as AddressInfo).port}`;
  });

  after(async () => {
    await api?.close();
    await store?.close();
    await removeTempDir(dir);
  });

  const signIn = async (headers: Record<string, string> = {}): Promise<Response> => fetch(`${base}/login`, {
    method: 'POST', redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams({ token: TOKEN, next: '/?q=shop' }).toString(),
  });
  const cookieOf = (response: Response): string => /^(whydown_session=[^;]+)/.exec(response.headers.get('set-cookie') ?? '')?.[1] ?? '';

  it('signs in with an API token, and refuses a sign-in from another site', async () => {
    const cross = await signIn({ origin: 'https://evil.example', host: new URL(base).host });
    assert.equal(cross.status, 403);
    assert.equal(cross.headers.get('set-cookie'), null);
    const wrong = await fetch(`${base}/login`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'token=nope' });
    assert.equal(wrong.status, 401);
    const ok = await signIn({ 'sec-fetch-site': 'same-origin' });
    assert.equal(ok.status, 303);
    assert.equal(ok.headers.get('location'), '/?q=shop');
    const page = await (await fetch(`${base}/`, { headers: { cookie: cookieOf(ok) } })).text();
    assert.match(page, /Signed in as <strong>API token<\/strong>/);
    // A hostile name, URL and tag from the config are text, never markup.
    assert.ok(!page.includes('<script>alert(1)</script>') && !page.includes('<img/src=x'));
    assert.ok(page.includes('&lt;img/src=x/onerror=alert(1)&gt;'));
  });

  it('streams the named monitors only, at once on a check, caps streams per session, and closes them at sign-out', async () => {
    assert.equal((await openStream(base, '', ['shop'])).status, 401);
    const signedIn = await signIn();
    const cookie = cookieOf(signedIn);
    const stream = await openStream(base, cookie, ['shop', 'nosuch']);
    assert.equal(stream.status, 200);
    await waitUntil('the first row', () => stream.events.some((e) => e.startsWith('event: row')));
    const rows = (): { name: string; status: string }[] => stream.events.filter((e) => e.startsWith('event: row')).map((e) => JSON.parse(e.split('\ndata: ')[1]!) as { name: string; status: string });
    assert.deepEqual(rows().map((r) => r.name), ['shop']);
    await service.recordCheck({ monitor: 'blog', at: new Date(), status: 'down', cause: 'connect-refused', timings: { total: 1 }, httpStatus: null, errorCode: 'ECONNREFUSED', durationMs: 1 });
    await service.recordCheck({ monitor: 'shop', at: new Date(), status: 'down', cause: 'connect-refused', timings: { total: 1 }, httpStatus: null, errorCode: 'ECONNREFUSED', durationMs: 1 });
    await waitUntil('the down row', () => rows().length === 2);
    assert.deepEqual(rows().map((r) => `${r.name} ${r.status}`), ['shop unknown', 'shop down'], 'blog is not on this screen');
    // Four streams per session: a fifth replaces the oldest.
    const more = await Promise.all([1, 2, 3, 4].map(() => openStream(base, cookie, ['blog'])));
    await stream.ended;
    // Sign-out ends the rest.
    const page = await (await fetch(`${base}/`, { headers: { cookie } })).text();
    const csrf = /name="csrf" value="([^"]+)"/.exec(page)?.[1] ?? '';
    const out = await fetch(`${base}/logout`, { method: 'POST', redirect: 'manual', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: `csrf=${encodeURIComponent(csrf)}` });
    assert.equal(out.status, 303);
    await Promise.all(more.map((s) => s.ended));
    assert.equal((await openStream(base, cookie, ['shop'])).status, 401);
  });

  it('refuses a sign-out without the token, and answers unknown /manage paths with a 404 page', async () => {
    const cookie = cookieOf(await signIn());
    const out = await fetch(`${base}/logout`, { method: 'POST', redirect: 'manual', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: '' });
    assert.equal(out.status, 403);
    assert.equal((await fetch(`${base}/`, { headers: { cookie }, redirect: 'manual' })).status, 200, 'still signed in');
    for (const p of ['/manage/nosuch', '/manage/shop/x', '/manage/%E0%A4%A']) {
      const response = await fetch(`${base}${p}`, { headers: { cookie } });
      assert.equal(response.status, 404, p);
      assert.match(response.headers.get('content-type') ?? '', /text\/html/);
    }
    // The JSON API is untouched.
    assert.equal((await fetch(`${base}/api/v1/monitors`, { headers: { authorization: `Bearer ${TOKEN}` } })).status, 200);
  });
});
