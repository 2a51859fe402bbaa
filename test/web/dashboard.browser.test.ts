// The signed-in dashboard in a real browser (Debian's chromium through playwright-core) against a
// real `whydown serve` with 10,000 monitors of real nginx targets: signing in (a wrong password
// refused, `next` to another site not followed), the list paged and filtered on the server, a
// form post without its CSRF token refused, a monitor added through the form (its error shown by
// its field), a monitor going down shown live without a reload, sessions kept across a restart,
// and the sign-in rate limit. Screenshots of /login and / (light, dark, desktop, phone) go to a
// temporary folder, or to docs/screenshots/ with WHYDOWN_SCREENSHOTS=1.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { hashPassword } from '../../src/serve/web/dashboard/password.js';
import { makeTempDir } from '../support/cleanup.js';
import { startNginx, type Nginx } from '../support/nginx.js';
import { freePort } from '../support/process.js';
import { startServeProcess, type ServeProcess } from '../support/serve.js';
import { waitFor } from '../support/wait.js';

const CHROMIUM = '/usr/bin/chromium';
const MONITORS = 10_000;
const PASSWORD = 'correct horse battery';
const SCREENSHOTS = process.env.WHYDOWN_SCREENSHOTS
  ? path.resolve(import.meta.dirname, '../../../docs/screenshots')
  : path.join(await makeTempDir('screenshots'), 'screenshots');

const pad = (i: number): string => String(i).padStart(5, '0');

describe('dashboard in a browser', { skip: existsSync(CHROMIUM) ? false : `${CHROMIUM} is not installed (scripts/install-test-deps.sh installs it)` }, () => {
  let dir: string;
  let steady: Nginx;
  let flaky: Nginx;
  let serve: ServeProcess;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let configFile: string;
  const problems: string[] = [];

  const start = async (): Promise<ServeProcess> => startServeProcess(['--config', configFile, '--db', `sqlite:${path.join(dir, 'dash.db')}`], await freePort());

  const signIn = async (target: Page, password = PASSWORD, next = ''): Promise<number | undefined> => {
    await target.goto(`${serve.base}/login${next}`);
    await target.getByLabel('User name').fill('admin');
    await target.getByLabel('Password', { exact: true }).fill(password);
    const [response] = await Promise.all([target.waitForResponse((r) => r.url().endsWith('/login') && r.request().method() === 'POST'), target.getByRole('button', { name: 'Sign in', exact: true }).click()]);
    await target.waitForLoadState('load');
    return response.status();
  };

  before(async () => {
    dir = await makeTempDir('dashboard');
    steady = await startNginx('location / { return 200 "fine\\n"; }');
    flaky = await startNginx('location / { return 200 "fine for now\\n"; }');
    const hash = await hashPassword(PASSWORD, { N: 1024, r: 8, p: 1 });
    const lines = [`ui:\n  users:\n    - name: admin\n      passwordHash: "${hash}"\nmonitors:`,
      `  - name: flaky\n    url: http://127.0.0.1:${flaky.port}/\n    interval: 1s\n    timeout: 900ms\n    tags: [live]`];
    // Long intervals: the list is what is tested here, not 10,000 checks a second.
    for (let i = 0; i < MONITORS; i++) {
      lines.push(`  - name: m-${pad(i)}\n    url: http://127.0.0.1:${steady.port}/m${i}\n    interval: 1h\n    tags: [team-${i % 10}${i % 100 === 7 ? ', rare' : ''}]`);
    }
    configFile = path.join(dir, 'whydown.yml');
    await writeFile(configFile, `${lines.join('\n')}\n`);
    serve = await start();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.addInitScript('window.__violations = []; document.addEventListener("securitypolicyviolation", (e) => window.__violations.push(e.violatedDirective + " " + e.blockedURI));');
    page = await context.newPage();
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    // Expected: the refused posts, and the live stream retrying while the server restarts.
    page.on('console', (message) => { if (message.type() === 'error' && !/status of (400|401|403|429)|ERR_CONNECTION_REFUSED/.test(message.text())) problems.push(`console: ${message.text()}`); });
  });

  after(async () => {
    await browser?.close();
    await serve?.stop();
    await steady?.stop();
    await flaky?.stop();
  });

  it('sends a visitor who is not signed in to /login, and refuses a wrong password', async () => {
    await page.goto(`${serve.base}/?status=down`);
    assert.equal(new URL(page.url()).pathname, '/login');
    assert.equal(new URL(page.url()).searchParams.get('next'), '/?status=down');
    assert.equal(await signIn(page, 'wrong password'), 401);
    assert.equal(await page.getByRole('alert').textContent(), 'Wrong user name or password.');
    assert.equal(new URL(page.url()).pathname, '/login');
    const cookies = await context.cookies();
    assert.equal(cookies.length, 0, 'no session for a wrong password');
  });

  it('signs in, does not follow next= to another site, and sets a strict HttpOnly cookie', async () => {
    assert.equal(await signIn(page, PASSWORD, `?next=${encodeURIComponent('https://evil.example/')}`), 303);
    assert.equal(page.url(), `${serve.base}/`);
    const [cookie] = await context.cookies();
    assert.equal(cookie?.name, 'whydown_session');
    assert.equal(cookie?.httpOnly, true);
    assert.equal(cookie?.sameSite, 'Strict');
    assert.match((await page.locator('header.app').textContent()) ?? '', /Signed in as admin/);
  });

  it(`pages and filters ${MONITORS + 1} monitors on the server`, async () => {
    await waitFor('every monitor loaded', async () => ((await page.reload(), await page.locator('#count').textContent()) ?? '').includes(`of ${MONITORS + 1}`) ? true : undefined, 60_000, 500);
    assert.equal(await page.locator('tr[data-monitor]').count(), 50);
    assert.equal(await page.locator('tr[data-monitor]').first().getAttribute('data-monitor'), 'flaky');
    await page.getByRole('link', { name: 'Next' }).click();
    assert.match(page.url(), /page=2/);
    assert.equal(await page.locator('tr[data-monitor]').first().getAttribute('data-monitor'), 'm-00049');
    await page.getByRole('link', { name: 'Last' }).click();
    assert.equal(await page.locator('tr[data-monitor]').count(), (MONITORS + 1) % 50 || 50);
    // Filter by tag and search, through the form (a plain GET: the query string is the state).
    await page.goto(`${serve.base}/`);
    await page.getByLabel('Tag').selectOption('rare');
    await page.getByRole('button', { name: 'Apply' }).click();
    assert.match((await page.locator('#count').textContent()) ?? '', /of 100 matching/);
    await page.getByLabel('Search name or URL').fill('m-00');
    await page.getByRole('button', { name: 'Apply' }).click();
    assert.deepEqual(await page.locator('tr[data-monitor]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-monitor'))), ['m-00007', 'm-00107', 'm-00207', 'm-00307', 'm-00407', 'm-00507', 'm-00607', 'm-00707', 'm-00807', 'm-00907']);
    await page.goto(`${serve.base}/?sort=name&dir=desc&per=25`);
    assert.equal(await page.locator('tr[data-monitor]').first().getAttribute('data-monitor'), 'm-09999');
    assert.equal(await page.locator('tr[data-monitor]').count(), 25);
    await page.goto(`${serve.base}/?q=${encodeURIComponent('<script>')}`);
    assert.equal(await page.getByText('No monitor matches the search and filters.').count(), 1);
    assert.deepEqual(await page.evaluate<string[]>('window.__violations'), []);
  });

  it('refuses a form post without its CSRF token, and shows a validation error by its field', async () => {
    await page.goto(`${serve.base}/manage/new`);
    await page.getByLabel('Name').fill('added');
    await page.getByLabel('URL').fill(`http://127.0.0.1:${steady.port}/added`);
    await page.getByLabel('Interval').fill('soon');
    await page.locator('main input[name=csrf]').evaluate((input) => input.remove());
    const [refused] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.getByRole('button', { name: 'Add the monitor' }).click()]);
    assert.equal(refused.status(), 403);
    assert.equal((await serve.api('/api/v1/monitors/added')).status, 404, 'nothing was made');
    await page.goto(`${serve.base}/manage/new`);
    await page.getByLabel('Name').fill('added');
    await page.getByLabel('URL').fill(`http://127.0.0.1:${steady.port}/added`);
    await page.getByLabel('Interval').fill('soon');
    await page.getByRole('button', { name: 'Add the monitor' }).click();
    assert.match((await page.locator('#interval-error').textContent()) ?? '', /"soon" is not a duration/);
    await page.getByLabel('Interval').fill('1h');
    await page.getByRole('button', { name: 'Add the monitor' }).click();
    assert.match((await page.getByRole('status').first().textContent()) ?? '', /Added added/);
    assert.equal((await serve.api<{ source: string }>('/api/v1/monitors/added')).body.source, 'api');
    // Deleted through the confirmation page.
    await page.goto(`${serve.base}/manage/added/delete`);
    await page.getByRole('button', { name: 'Delete added' }).click();
    assert.equal((await serve.api('/api/v1/monitors/added')).status, 404);
    // A config monitor is read-only.
    await page.goto(`${serve.base}/manage/m-00001`);
    assert.match((await page.getByRole('status').first().textContent()) ?? '', /comes from the config file/);
    assert.equal(await page.getByRole('button', { name: 'Save' }).count(), 0);
  });

  it('shows a monitor going down within 2 s of its check, without a reload', async () => {
    await page.goto(`${serve.base}/?tag=live`);
    const state = page.locator('tr[data-monitor="flaky"] [data-field="status"]');
    await waitFor('flaky up', async () => ((await state.textContent()) === 'Up' ? true : undefined));
    await page.evaluate('window.__loaded = performance.timeOrigin');
    await flaky.stop();
    await state.filter({ hasText: 'Down' }).waitFor({ timeout: 15_000 });
    const shownAt = Date.now();
    assert.equal(await page.evaluate<number>('window.__loaded'), await page.evaluate<number>('performance.timeOrigin'), 'the page was not reloaded');
    const { body } = await serve.api<{ results: { at: string; status: string; durationMs: number }[] }>('/api/v1/monitors/flaky/results?limit=20');
    const downs = body.results.filter((r) => r.status === 'down');
    const first = downs[downs.length - 1]!;
    const checkedAt = Date.parse(first.at) + first.durationMs;
    assert.ok(shownAt - checkedAt < 2000, `shown ${shownAt - checkedAt} ms after the check`);
    assert.match((await page.locator('#live-state').textContent()) ?? '', /Live/);
  });

  it('keeps the session across a restart of whydown serve', async () => {
    await serve.stop();
    serve = await start();
    await page.goto(`${serve.base}/?q=m-0000`);
    assert.equal(new URL(page.url()).pathname, '/', 'still signed in');
    assert.equal(await page.locator('tr[data-monitor]').count(), 10);
  });

  it("a monitor's page has the signed-in header and pauses and resumes with CSRF-guarded buttons", async () => {
    await page.goto(`${serve.base}/monitors/m-00002`);
    assert.match((await page.locator('header.app').textContent()) ?? '', /Signed in as\s*admin/);
    assert.match((await page.locator('#monitor-actions').textContent()) ?? '', /From the config file/);
    await page.getByRole('button', { name: 'Pause checks' }).click();
    await page.getByRole('button', { name: 'Resume checks' }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/monitors/m-00002');
    const paused = await serve.api<{ status: string }>('/api/v1/monitors/m-00002');
    assert.equal(paused.body.status, 'paused');
    // The same post without the form's token is refused and changes nothing.
    const forged = await page.evaluate(async () => (await fetch('/manage/m-00002/resume', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'csrf=wrong' })).status);
    assert.equal(forged, 403);
    assert.equal((await serve.api<{ status: string }>('/api/v1/monitors/m-00002')).body.status, 'paused');
    await page.getByRole('button', { name: 'Resume checks' }).click();
    await page.getByRole('button', { name: 'Pause checks' }).waitFor();
    assert.notEqual((await serve.api<{ status: string }>('/api/v1/monitors/m-00002')).body.status, 'paused');
  });

  it('takes screenshots of /login and / in light and dark, desktop and phone', async () => {
    await mkdir(SCREENSHOTS, { recursive: true });
    const cookies = await context.cookies();
    for (const colorScheme of ['light', 'dark'] as const) {
      for (const view of [{ name: 'desktop', width: 1280, height: 800 }, { name: 'phone', width: 390, height: 844 }]) {
        const shot = await browser.newContext({ viewport: { width: view.width, height: view.height }, colorScheme });
        try {
          const p = await shot.newPage();
          await p.goto(`${serve.base}/login`);
          await p.screenshot({ path: path.join(SCREENSHOTS, `dashboard-login-${view.name}-${colorScheme}.png`) });
          await shot.addCookies(cookies);
          await p.goto(`${serve.base}/?per=25`);
          const overflow = await p.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
          assert.ok(overflow <= 0, `${view.name}: the list is ${overflow}px wider than the screen`);
          await p.screenshot({ path: path.join(SCREENSHOTS, `dashboard-list-${view.name}-${colorScheme}.png`) });
        } finally {
          await shot.close();
        }
      }
    }
  });

  it('signs out with the button, which ends the session on the server', async () => {
    const [cookie] = await context.cookies();
    await page.goto(`${serve.base}/`);
    await page.getByRole('button', { name: 'Sign out' }).click();
    assert.equal(new URL(page.url()).pathname, '/login');
    const response = await fetch(`${serve.base}/`, { headers: { cookie: `whydown_session=${cookie!.value}` }, redirect: 'manual' });
    assert.equal(response.status, 303, 'the old cookie opens nothing');
  });

  it('limits sign-in attempts: after 5 failures, 429 with Retry-After, even for the right password', async () => {
    const attempt = (password: string): Promise<Response> => fetch(`${serve.base}/login`, {
      method: 'POST', redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
      body: new URLSearchParams({ name: 'admin', password }).toString(),
    });
    // The wrong password of the first test counted on the address before the restart; the
    // restarted server starts counting afresh.
    for (let i = 0; i < 5; i++) assert.equal((await attempt(`wrong ${i}`)).status, 401);
    const limited = await attempt(PASSWORD);
    assert.equal(limited.status, 429);
    assert.ok(Number(limited.headers.get('retry-after')) > 800);
    assert.deepEqual(problems, []);
  });
});
