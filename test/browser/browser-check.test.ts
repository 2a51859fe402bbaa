// `whydown diagnose --browser` against a real nginx: a page whose API call meets a dead upstream,
// a bundle that throws before rendering, a stylesheet that 404s, a third-party request that
// fails (a warning only), and hostile pages (never settles, dialogs and popups without end, a
// 50 MB page, a redirect loop, a script that spins the CPU): every one a bounded, classified
// result, and no chromium process left behind — also after SIGINT of the CLI.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { diagnose } from '../../src/diagnose/diagnose.js';
import type { DiagnoseReport } from '../../src/core/model.js';
import type { BrowserEvidence } from '../../src/diagnose/browser/types.js';
import { BIN, runCli } from '../support/cli.js';
import { makeTempDir } from '../support/cleanup.js';
import { startNginx, type Nginx } from '../support/nginx.js';
import { deadPort } from '../support/process.js';
import { waitFor } from '../support/wait.js';
import { ourChromiumProcesses } from './chromium-processes.js';

const CHROMIUM = '/usr/bin/chromium';
/** Ports Chromium refuses to connect to at all (net::ERR_UNSAFE_PORT): not "another site that refuses". */
const UNSAFE = new Set([1719, 1720, 1723, 2049, 3659, 4045, 5060, 5061, 6000, 6566, 6665, 6666, 6667, 6668, 6669, 6697, 10080]);

describe('diagnose --browser', { skip: existsSync(CHROMIUM) ? false : `${CHROMIUM} is not installed` }, () => {
  let nginx: Nginx;
  let site: string;
  let shots: string;
  let base: string;
  let ownTmp: string | undefined;

  before(async () => {
    site = await makeTempDir('browser-site');
    shots = await makeTempDir('browser-shots');
    await chmod(site, 0o755);
    const dead = await deadPort();
    let elsewhere = await deadPort('127.0.0.2');
    while (UNSAFE.has(elsewhere)) elsewhere = await deadPort('127.0.0.2');
    const files: Record<string, string> = {
      'cart.html': '<html><head><title>Cart</title></head><body><h1>Your cart</h1><ul id="items"></ul><script src="/cart.js"></script></body></html>',
      'cart.js': 'fetch("/api/cart").then((r) => r.ok ? r.json() : null).catch(() => null);',
      'spa.html': '<html><head><title>App</title></head><body><div id="root"></div><script src="/bundle.js"></script></body></html>',
      'bundle.js': 'const config = undefined; document.getElementById("root").textContent = config.title;',
      'styled.html': '<html><head><link rel="stylesheet" href="/missing.css"></head><body><h1>Styled</h1></body></html>',
      'third.html': `<html><body><h1>Shop</h1><img src="http://127.0.0.2:${elsewhere}/pixel.gif" alt=""><script>fetch("http://127.0.0.2:${elsewhere}/collect").catch(() => {});</script></body></html>`,
      'busy.html': '<html><body><h1>Live</h1><script>setInterval(() => fetch("/tick?" + Math.random()).catch(() => {}), 150);</script></body></html>',
      'nag.html': '<html><body><h1>Hello</h1><script>setInterval(() => { window.open("/nag.html"); alert("Subscribe!"); confirm("Really?"); }, 20);</script></body></html>',
      'spin.html': '<html><body><h1>Spin</h1><script>for (;;) {}</script></body></html>',
    };
    for (const [name, text] of Object.entries(files)) await writeFile(path.join(site, name), text);
    // 50 MB of text: more than the check's 20 MB cap.
    const line = `<p>${'x'.repeat(1000)}</p>\n`;
    await writeFile(path.join(site, 'huge.html'), `<html><body>${line.repeat(50 * 1024)}</body></html>`);
    nginx = await startNginx(`
      root ${site};
      location /api/ { proxy_pass http://127.0.0.1:${dead}; }
      location = /tick { return 204; }
      location = /loop { return 302 /loop; }
    `);
    base = `http://127.0.0.1:${nginx.port}`;
    // A temporary folder of this file's own for the browsers, so the check that their temporary
    // files are gone is not confused by another test file's browser running at the same time.
    // (Short, under /tmp: Chromium's unix socket paths must stay under 108 bytes.)
    ownTmp = mkdtempSync('/tmp/wdbt-');
    process.env.TMPDIR = ownTmp;
  });
  after(async () => {
    await nginx?.stop();
    assert.deepEqual(ourChromiumProcesses(), [], 'no chromium process is left');
    if (ownTmp) {
      // (Node 24's compile cache of the CLI runs is not the browser's.)
      const left = readdirSync(ownTmp).filter((name) => name !== 'node-compile-cache');
      rmSync(ownTmp, { recursive: true, force: true });
      assert.deepEqual(left, [], 'nothing is left in the temporary folder');
    }
  });

  async function check(page: string, timeoutSeconds = 10): Promise<{ report: DiagnoseReport; browser: BrowserEvidence }> {
    const report = await diagnose(new URL(`${base}${page}`), {
      retries: 1,
      probe: { timeoutMs: timeoutSeconds * 1000 },
      browser: { executablePath: CHROMIUM, screenshotPath: path.join(shots, `${page.replace(/\W/g, '_')}.png`) },
    });
    const step = report.steps.find((s) => s.id === 'browser');
    assert.ok(step, 'the report has the browser step');
    assert.deepEqual(ourChromiumProcesses(), [], 'the browser is closed once the check returns');
    assert.deepEqual(readdirSync(tmpdir()).filter((name) => /^(wdc-|playwright_chromiumdev_profile-|org\.chromium\.)/.test(name)), [], 'its temporary files are gone');
    return { report, browser: step.evidence as unknown as BrowserEvidence };
  }

  it('a 200 page whose API call meets a dead upstream is degraded, the call diagnosed: upstream-refused by nginx', async () => {
    const { report, browser } = await check('/cart.html');
    assert.equal(browser.status, 200);
    assert.match(browser.version ?? '', /^Chromium \d+\./);
    const call = browser.failedRequests.find((r) => r.url.endsWith('/api/cart'));
    assert.ok(call, JSON.stringify(browser.failedRequests));
    assert.equal(call.status, 502);
    assert.equal(call.type, 'fetch');
    assert.equal(call.needed, true);
    assert.equal(call.diagnosis?.cause, 'upstream-refused');
    assert.equal(call.diagnosis?.generatedBy, 'nginx');
    assert.equal(report.verdict.status, 'degraded');
    assert.equal(report.verdict.cause, 'upstream-refused');
    assert.equal(report.verdict.generatedBy, 'nginx');
    assert.match(report.verdict.summary, /the page loads but its call to \/api\/cart gets a 502 from nginx: the upstream refused/);
    assert.equal(browser.blank, false);
    assert.ok(browser.screenshot && existsSync(browser.screenshot), 'a screenshot was written');
    assert.ok(browser.timings.ttfb !== null && browser.timings.fcp !== null, JSON.stringify(browser.timings));
  });

  it('a page whose bundle throws before rendering is blank-page (down), the exception kept', async () => {
    const { report, browser } = await check('/spa.html');
    assert.equal(browser.blank, true);
    assert.match(browser.exceptions[0] ?? '', /TypeError: .*title/);
    assert.equal(report.verdict.status, 'down');
    assert.equal(report.verdict.cause, 'blank-page');
    assert.match(report.verdict.summary, /shows nothing once its scripts ran — its script threw "TypeError/);
  });

  it('a page whose own stylesheet 404s is degraded: not-found', async () => {
    const { report, browser } = await check('/styled.html');
    assert.deepEqual(browser.failedRequests.map((r) => [r.type, r.status, r.needed]), [['stylesheet', 404, true]]);
    assert.equal(report.verdict.status, 'degraded');
    assert.equal(report.verdict.cause, 'not-found');
    assert.match(report.verdict.summary, /its stylesheet \/missing\.css gets a 404 from nginx/);
  });

  it('requests to another site that refuses are a warning only: the page stays up', async () => {
    const { report, browser } = await check('/third.html');
    assert.equal(report.verdict.status, 'up');
    assert.equal(report.steps.at(-1)!.result, 'warn');
    assert.ok(browser.failedRequests.length >= 2, JSON.stringify(browser.failedRequests));
    for (const r of browser.failedRequests) {
      assert.equal(r.needed, false);
      assert.equal(r.error, 'net::ERR_CONNECTION_REFUSED');
    }
  });

  it('a page that never settles is loaded, unsettled, and up', async () => {
    const started = Date.now();
    const { report, browser } = await check('/busy.html', 6);
    assert.equal(browser.outcome, 'unsettled');
    assert.equal(report.verdict.status, 'up');
    assert.ok(Date.now() - started < 20_000, `took ${Date.now() - started} ms`);
  });

  it('endless dialogs and popups are dismissed and closed, within the time limit', async () => {
    const started = Date.now();
    const { browser } = await check('/nag.html', 4);
    assert.ok(browser.dialogs > 0 && browser.popups > 0, `${browser.dialogs} dialogs, ${browser.popups} popups`);
    assert.ok(Date.now() - started < 15_000, `took ${Date.now() - started} ms`);
  });

  it('a 50 MB page is stopped at the size cap: page-too-large', async () => {
    const started = Date.now();
    const { report, browser } = await check('/huge.html', 8);
    assert.equal(browser.outcome, 'too-large');
    assert.equal(report.verdict.cause, 'page-too-large');
    assert.equal(report.verdict.status, 'degraded');
    assert.ok(Date.now() - started < 20_000, `took ${Date.now() - started} ms`);
  });

  it('a redirect loop is classified (redirect-loop) and the browser says why it could not open it', async () => {
    const { report, browser } = await check('/loop', 5);
    assert.equal(report.verdict.cause, 'redirect-loop');
    assert.equal(browser.outcome, 'navigation-failed');
    assert.match(browser.navigationError ?? '', /ERR_TOO_MANY_REDIRECTS/);
  });

  it('a script that spins the CPU is page-timeout, bounded by --timeout', async () => {
    const started = Date.now();
    const { report, browser } = await check('/spin.html', 3);
    assert.ok(browser.outcome === 'load-timeout' || browser.outcome === 'killed', browser.outcome);
    assert.equal(report.verdict.cause, 'page-timeout');
    assert.ok(Date.now() - started < 20_000, `took ${Date.now() - started} ms`);
  });

  it('the CLI without Chromium: one line naming the package, exit 3', async () => {
    const run = await runCli([`${base}/cart.html`, '--browser', '--browser-path', '/nonexistent/chromium']);
    assert.equal(run.code, 3);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /^whydown: no Chromium at \/nonexistent\/chromium: install the Debian package `chromium`.*\n$/);
  });

  it('SIGINT of the CLI while the browser runs: exit 130, no chromium left', async () => {
    const child = spawn(process.execPath, [BIN, `${base}/spin.html`, '--browser', '--timeout', '30', '--json', '--screenshot', path.join(shots, 'sigint.png')], { stdio: 'ignore' });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await waitFor('chromium started by the CLI', async () => (ourChromiumProcesses().length > 0 ? true : undefined), 15_000);
    child.kill('SIGINT');
    assert.equal(await exited, 130);
    await waitFor('no chromium left', async () => (ourChromiumProcesses().length === 0 ? true : undefined), 5000);
  });

  it('JSON and the HTML report carry the browser step, the screenshot embedded', async () => {
    const dir = path.join(shots, 'report');
    await mkdir(dir, { recursive: true });
    const html = path.join(dir, 'report.html');
    const run = await runCli([`${base}/cart.html`, '--browser', '--json', '--report', html, '--retries', '1']);
    assert.equal(run.code, 1, run.stderr);
    const report = JSON.parse(run.stdout) as DiagnoseReport;
    const step = report.steps.find((s) => s.id === 'browser')!;
    assert.equal(step.evidence.screenshot, path.join(dir, 'report.png'));
    const { readFile } = await import('node:fs/promises');
    const page = await readFile(html, 'utf8');
    assert.match(page, /<img class="shot" alt="[^"]*" src="data:image\/png;base64,/);
    assert.match(page, /\/api\/cart/);
  });
});
