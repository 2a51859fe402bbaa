// The incident, incidents, monitor and /check pages in a real browser (Debian's chromium through
// playwright-core), against a real `whydown serve` over a real nginx: an upstream that is gone
// (502), an error page full of script (which must run nothing), a healthy page (for the chart),
// and a second nginx server on 127.0.0.2 that /check may reach. Then pause / resume over a
// restart. Screenshots go to a temporary folder, or docs/screenshots/ with WHYDOWN_SCREENSHOTS=1.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startNginx, type Nginx } from '../../support/nginx.js';
import { deadPort, delay, freePort, makeTempDir } from '../../support/process.js';
import { startServeProcess, type ServeProcess } from '../../support/serve.js';
import { waitFor } from '../../support/wait.js';

const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOTS = process.env.WHYDOWN_SCREENSHOTS
  ? path.resolve(import.meta.dirname, '../../../../docs/screenshots')
  : path.join(await makeTempDir('screenshots'), 'screenshots');
const VIEWPORTS = [
  { name: 'desktop', width: 1280, height: 900, colorScheme: 'light' },
  { name: 'desktop-dark', width: 1280, height: 900, colorScheme: 'dark' },
  { name: 'phone', width: 390, height: 844, colorScheme: 'light' },
  { name: 'phone-dark', width: 390, height: 844, colorScheme: 'dark' },
] as const;
const TOKEN = 'pages-token';
const HOSTILE = '<html><body><h1>Bad gateway</h1><script>alert(1)</script><img src=x onerror=alert(2)></body></html>';

interface Incident { id: number; monitor: string; verdict: { hop: string; cause: string } }

describe('signed-in pages and /check in a browser', { skip: existsSync(CHROMIUM) ? false : `${CHROMIUM} is not installed (scripts/install-test-deps.sh installs it)` }, () => {
  let dir: string;
  let nginx: Nginx;
  let serve: ServeProcess;
  let browser: Browser;
  let args: string[];
  let port: number;
  const incidents = new Map<string, Incident>();

  before(async () => {
    dir = await makeTempDir('pages');
    const closed = await deadPort();
    nginx = await startNginx(`
      location /ok { return 200 "fine\\n"; }
      location /shop { proxy_pass http://127.0.0.1:${closed}; }
      location /evil { return 502 '${HOSTILE}'; }
    `, `server { listen 127.0.0.2:{{PORT}}; location / { return 200 "fine from 127.0.0.2\\n"; } location /gone { return 503 "down for maintenance\\n"; } }`);
    const config = path.join(dir, 'whydown.yml');
    await writeFile(config, `
api:
  tokens: [${TOKEN}]
ui:
  publicCheck:
    enabled: true
    allow: [127.0.0.2/32]
    ports: [${nginx.port}]
    from: the test machine
defaults:
  interval: 1s
  timeout: 900ms
  confirm: { failures: 2 }
monitors:
  - name: shop
    url: http://127.0.0.1:${nginx.port}/shop
    diagnose:
      log: [${nginx.errorLog}]
  - name: evil
    url: http://127.0.0.1:${nginx.port}/evil
  - name: ok
    url: http://127.0.0.1:${nginx.port}/ok
`);
    args = ['--config', config, '--db', `sqlite:${path.join(dir, 'pages.db')}`];
    port = await freePort();
    serve = await startServeProcess(args, port);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    for (const monitor of ['shop', 'evil']) {
      const found = await waitFor(`an incident of ${monitor}`, async () => {
        const { body } = await serve.api<{ incidents: Incident[] }>(`/api/v1/incidents?open=true&monitor=${monitor}`, { token: TOKEN });
        return body.incidents[0];
      });
      incidents.set(monitor, found);
    }
    // A few answered checks, so the chart has lines to draw.
    await waitFor('checks of ok', async () => {
      const { body } = await serve.api<{ results: unknown[] }>('/api/v1/monitors/ok/results', { token: TOKEN });
      return body.results.length >= 3 ? true : undefined;
    });
  });
  after(async () => {
    await browser?.close();
    await serve?.stop();
    await nginx?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** A page with the token (the guard's read access), watching for errors, dialogs and CSP violations. */
  async function open(viewport: (typeof VIEWPORTS)[number] = VIEWPORTS[0]): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
    const context = await browser.newContext({
      viewport: { width: viewport.width, height: viewport.height }, colorScheme: viewport.colorScheme,
      extraHTTPHeaders: { authorization: `Bearer ${TOKEN}` },
    });
    await context.addInitScript('window.__violations = []; document.addEventListener("securitypolicyviolation", (e) => window.__violations.push(e.violatedDirective + " " + e.blockedURI));');
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('dialog', (dialog) => { problems.push(`dialog: ${dialog.message()}`); void dialog.dismiss(); });
    page.on('console', (message) => { if (message.type() === 'error' || message.type() === 'warning') problems.push(`${message.type()}: ${message.text()}`); });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    return { context, page, problems };
  }

  async function shoot(page: Page, name: string): Promise<void> {
    await mkdir(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: name.includes('phone') ? false : true });
  }

  async function noSideScroll(page: Page): Promise<void> {
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    assert.ok(overflow <= 0, `the page is ${overflow}px wider than the screen`);
  }

  it('refuses the pages without read access (401), a malformed id is a 400 and an unknown one a 404, neither with a stack trace', async () => {
    const bare = await fetch(`${serve.base}/incidents/${incidents.get('shop')!.id}`);
    assert.equal(bare.status, 401);
    assert.doesNotMatch(await bare.text(), /upstream|nginx/);
    const auth = { headers: { authorization: `Bearer ${TOKEN}` } };
    for (const [url, status] of [['/incidents/abc', 400], ['/incidents/99999999', 404], ['/incidents/1%', 404], ['/monitors/nope', 404], ['/incidents/1/report.txt', 404]] as const) {
      const response = await fetch(`${serve.base}${url}`, auth);
      const text = await response.text();
      assert.equal(response.status, status, url);
      assert.match(response.headers.get('content-type') ?? '', /text\/html/);
      assert.doesNotMatch(text, /at \w+ \(|node:internal|\.js:\d+/, `${url} shows no stack trace`);
    }
  });

  it("serves a monitor's chart data as JSON, oldest first, one column per phase", async () => {
    const response = await fetch(`${serve.base}/monitors/ok/chart.json?range=1h`, { headers: { authorization: `Bearer ${TOKEN}` } });
    assert.equal(response.status, 200);
    const data = (await response.json()) as { range: string; x: number[]; series: unknown[][]; labels: string[] };
    assert.equal(data.range, '1h');
    assert.deepEqual(data.labels, ['DNS', 'TCP connect', 'TLS', 'First byte', 'Download']);
    assert.ok(data.x.length >= 3 && data.series.every((column) => column.length === data.x.length));
    assert.deepEqual([...data.x].sort((a, b) => a - b), data.x);
    assert.equal((await fetch(`${serve.base}/monitors/nope/chart.json`, { headers: { authorization: `Bearer ${TOKEN}` } })).status, 404);
    assert.equal((await fetch(`${serve.base}/monitors/ok/chart.json`)).status, 401);
  });

  it('serves the Markdown and HTML reports as attachments', async () => {
    const id = incidents.get('shop')!.id;
    const md = await fetch(`${serve.base}/incidents/${id}/report.md`, { headers: { authorization: `Bearer ${TOKEN}` } });
    assert.equal(md.status, 200);
    assert.equal(md.headers.get('content-type'), 'text/markdown; charset=utf-8');
    assert.equal(md.headers.get('content-disposition'), `attachment; filename="whydown-incident-${id}.md"`);
    assert.match(await md.text(), /^# whydown report: /);
    const html = await fetch(`${serve.base}/incidents/${id}/report.html`, { headers: { authorization: `Bearer ${TOKEN}` } });
    assert.equal(html.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.match(html.headers.get('content-disposition') ?? '', /^attachment; filename="whydown-incident-\d+\.html"$/);
  });

  for (const viewport of VIEWPORTS) {
    it(`the incident page of a real nginx 502 marks the failing hop (${viewport.name})`, async () => {
      const incident = incidents.get('shop')!;
      const { context, page, problems } = await open(viewport);
      try {
        const response = await page.goto(`${serve.base}/incidents/${incident.id}`, { waitUntil: 'load' });
        assert.equal(response?.status(), 200);
        const failed = page.locator('ol.hops li[data-state="failed"]');
        assert.equal(await failed.count(), 1);
        const expected = { network: 'tcp', cdn: 'edge', waf: 'edge' }[incident.verdict.hop] ?? incident.verdict.hop;
        assert.equal(await failed.getAttribute('data-hop'), expected);
        assert.equal(await failed.getAttribute('aria-current'), 'step');
        assert.match((await failed.textContent()) ?? '', new RegExp(`failed here: ${incident.verdict.cause}`));
        // The hops before it passed, those after it were not reached.
        const states = await page.locator('ol.hops li').evaluateAll((items) => items.map((li) => li.getAttribute('data-state')));
        const at = states.indexOf('failed');
        assert.ok(states.slice(0, at).every((s) => s === 'passed' || s === 'not-used'), states.join());
        assert.ok(states.slice(at + 1).every((s) => s === 'not-reached'), states.join());
        assert.match((await page.locator('.verdict').textContent()) ?? '', /upstream/i);
        assert.equal(await page.getByRole('link', { name: 'Download report (Markdown)' }).count(), 1);
        assert.ok((await page.locator('ol.timeline li').count()) >= 2);
        assert.deepEqual(await page.evaluate<string[]>('window.__violations'), []);
        await noSideScroll(page);
        await shoot(page, `incident-${viewport.name}`);
        assert.deepEqual(problems, []);
      } finally {
        await context.close();
      }
    });
  }

  it('an error page with <script> and <img onerror> executes nothing on the incident page', async () => {
    const incident = incidents.get('evil')!;
    const { context, page, problems } = await open();
    try {
      await page.goto(`${serve.base}/incidents/${incident.id}`, { waitUntil: 'load' });
      // Open every fold, so the attempts' bodies are on screen too.
      await page.evaluate('document.querySelectorAll("details").forEach((d) => { d.open = true; })');
      await delay(300);
      const sample = await page.locator('pre.body-sample').first().textContent();
      assert.ok(sample?.includes('<script>alert(1)</script><img src=x onerror=alert(2)>'), `the body shown as text: ${sample}`);
      assert.equal(await page.locator('main script, main img').count(), 0);
      assert.deepEqual(await page.evaluate<string[]>('window.__violations'), []);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  for (const viewport of VIEWPORTS) {
    it(`the monitor page draws the phase chart from real results (${viewport.name})`, async () => {
      const { context, page, problems } = await open(viewport);
      try {
        const response = await page.goto(`${serve.base}/monitors/ok`, { waitUntil: 'load' });
        assert.equal(response?.status(), 200);
        const canvas = page.locator('#phase-chart canvas');
        await canvas.waitFor({ timeout: 5000 });
        const size = await canvas.evaluate((c) => ({ w: c.getBoundingClientRect().width, h: c.getBoundingClientRect().height }));
        assert.ok(size.w > 200 && size.h > 100, `canvas ${size.w}×${size.h}`);
        assert.equal(await page.locator('#phase-chart').getAttribute('data-drawn'), 'true');
        assert.equal(await page.locator('#monitor-actions').count(), 1);
        assert.equal(await page.locator('.uptime .card').count(), 3);
        await page.goto(`${serve.base}/incidents?monitor=shop`, { waitUntil: 'load' });
        assert.ok((await page.locator('li.incident.open').count()) >= 1);
        if (viewport.name === 'desktop') await shoot(page, 'incidents-desktop');
        await page.goto(`${serve.base}/monitors/shop`, { waitUntil: 'load' });
        await noSideScroll(page);
        await shoot(page, `monitor-${viewport.name}`);
        assert.deepEqual(await page.evaluate<string[]>('window.__violations'), []);
        assert.deepEqual(problems, []);
      } finally {
        await context.close();
      }
    });
  }

  for (const viewport of VIEWPORTS) {
    it(`/check answers for an allowed loopback target and refuses 127.0.0.1 with a friendly page (${viewport.name})`, async () => {
      const context = await browser.newContext({ viewport: { width: viewport.width, height: viewport.height }, colorScheme: viewport.colorScheme });
      const page = await context.newPage();
      try {
        const form = await page.goto(`${serve.base}/check`, { waitUntil: 'load' });
        assert.equal(form?.status(), 200);
        await page.getByLabel('Web address to check').fill(`http://127.0.0.2:${nginx.port}/`);
        const [answer] = await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Check' }).click()]);
        assert.equal(answer?.status(), 200);
        assert.equal(await page.locator('.answer').getAttribute('data-status'), 'up');
        assert.match((await page.locator('.answer').textContent()) ?? '', /just you[\s\S]*Try another network/);
        await shoot(page, `check-${viewport.name}`);
        await page.getByLabel('Web address to check').fill(`http://127.0.0.2:${nginx.port}/gone`);
        const [down] = await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Check' }).click()]);
        assert.equal(down?.status(), 200);
        assert.equal(await page.locator('.answer').getAttribute('data-status'), 'down');
        assert.match((await page.locator('.answer').textContent()) ?? '', /down from here too — for everyone[\s\S]*Where:/);
        await shoot(page, `check-down-${viewport.name}`);
        await page.getByLabel('Web address to check').fill(`http://127.0.0.1:${nginx.port}/ok`);
        const [refused] = await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Check' }).click()]);
        assert.equal(refused?.status(), 403);
        assert.match((await page.locator('.answer.problem').textContent()) ?? '', /does not check that address/);
        await noSideScroll(page);
        await shoot(page, `check-refused-${viewport.name}`);
        // The JSON side is unchanged for API clients.
        const json = await fetch(`${serve.base}/check?url=${encodeURIComponent(`http://127.0.0.1:${nginx.port}/ok`)}`, { headers: { accept: 'application/json' } });
        assert.equal(json.status, 403);
        assert.equal(((await json.json()) as { error: { code: string } }).error.code, 'destination-not-allowed');
      } finally {
        await context.close();
      }
    });
  }

  it('a paused monitor is not checked, reads paused, stays paused over a restart, and checks again once resumed', async () => {
    const count = async () => (await serve.api<{ results: unknown[] }>('/api/v1/monitors/ok/results?limit=1000', { token: TOKEN })).body.results.length;
    const denied = await serve.api('/api/v1/monitors/ok/pause', { method: 'POST', token: null });
    assert.equal(denied.status, 401);
    const paused = await serve.api<{ status: string; pausedAt: string }>('/api/v1/monitors/ok/pause', { method: 'POST', token: TOKEN });
    assert.equal(paused.status, 200);
    assert.equal(paused.body.status, 'paused');
    assert.equal((await serve.api('/api/v1/monitors/nope/pause', { method: 'POST', token: TOKEN })).status, 404);
    await delay(1500); // a check under way when paused may still be stored
    const before = await count();
    await delay(2500);
    assert.equal(await count(), before, 'no check while paused');

    await serve.stop();
    serve = await startServeProcess(args, port);
    const after = await serve.api<{ status: string; pausedAt: string }>('/api/v1/monitors/ok', { token: TOKEN });
    assert.equal(after.body.status, 'paused');
    assert.equal(after.body.pausedAt, paused.body.pausedAt);
    const list = await serve.api<{ monitors: { name: string; status: string }[] }>('/api/v1/monitors', { token: TOKEN });
    assert.equal(list.body.monitors.find((m) => m.name === 'ok')?.status, 'paused');
    const metrics = await (await fetch(`${serve.base}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })).text();
    assert.match(metrics, /whydown_monitor_paused\{monitor="ok"\} 1/);
    assert.doesNotMatch(metrics, /whydown_monitor_paused\{monitor="shop"\}/);
    const page = await fetch(`${serve.base}/monitors/ok`, { headers: { authorization: `Bearer ${TOKEN}` } });
    assert.match(await page.text(), /data-state="paused">Paused</);
    await delay(2500);
    assert.equal(await count(), before, 'no check while paused after the restart');

    const resumed = await serve.api<{ status: string; pausedAt?: string }>('/api/v1/monitors/ok/resume', { method: 'POST', token: TOKEN });
    assert.equal(resumed.status, 200);
    assert.notEqual(resumed.body.status, 'paused');
    assert.equal(resumed.body.pausedAt, undefined);
    await waitFor('a check after resume', async () => ((await count()) > before ? true : undefined), 10_000);
  });
});
