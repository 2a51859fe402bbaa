// The status page in a real browser (Debian's chromium through playwright-core), on a desktop and
// a phone viewport: no console errors, no CSP violations, every monitor and the down one's cause
// shown, nothing wider than the screen. Screenshots go to a temporary folder, or to
// docs/screenshots/ for the README with `WHYDOWN_SCREENSHOTS=1` (npm run screenshots), so an
// ordinary run leaves the work tree as it was.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser } from 'playwright-core';
import { makeTempDir } from '../support/cleanup.js';
import { waitFor } from '../support/wait.js';
import { startStatusFixture, type StatusFixture } from './fixture.js';

const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOTS = process.env.WHYDOWN_SCREENSHOTS
  ? path.resolve(import.meta.dirname, '../../../docs/screenshots')
  : path.join(await makeTempDir('screenshots'), 'screenshots');
const VIEWPORTS = [
  { name: 'desktop', width: 1280, height: 800, colorScheme: 'light' },
  { name: 'phone', width: 390, height: 844, colorScheme: 'light' },
  { name: 'phone-dark', width: 390, height: 844, colorScheme: 'dark' },
] as const;

describe('status page in a browser', { skip: existsSync(CHROMIUM) ? false : `${CHROMIUM} is not installed (scripts/install-test-deps.sh installs it)` }, () => {
  let f: StatusFixture;
  let browser: Browser;
  before(async () => {
    f = await startStatusFixture();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    // Both monitors checked, so the screenshots show the page as a visitor would see it.
    await waitFor('shop-api checked', async () => ((await (await fetch(`${f.serve.base}/status/shop.json`)).text()).includes('"state":"up"') ? true : undefined));
  });
  after(async () => {
    await browser?.close();
    await f?.stop();
  });

  for (const viewport of VIEWPORTS) {
    it(`renders on a ${viewport.name} (${viewport.width}×${viewport.height}, ${viewport.colorScheme}) without errors or CSP violations`, async () => {
      const context = await browser.newContext({ viewport: { width: viewport.width, height: viewport.height }, colorScheme: viewport.colorScheme });
      // Counted from before the page loads: a securitypolicyviolation event means the CSP blocked
      // something the page uses (an inline style, a script, a foreign URL).
      await context.addInitScript('window.__violations = []; document.addEventListener("securitypolicyviolation", (e) => window.__violations.push(e.violatedDirective + " " + e.blockedURI));');
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('console', (message) => { if (message.type() === 'error' || message.type() === 'warning') problems.push(`${message.type()}: ${message.text()}`); });
      page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
      page.on('requestfailed', (request) => problems.push(`failed: ${request.url()}`));
      page.on('response', (response) => { if (response.status() >= 400) problems.push(`${response.status()}: ${response.url()}`); });
      try {
        const response = await page.goto(`${f.serve.base}/status/shop`, { waitUntil: 'load' });
        assert.equal(response?.status(), 200);
        // (Strings: the test is compiled without the DOM's types.)
        assert.deepEqual(await page.evaluate<string[]>('window.__violations'), []);
        const names = await page.locator('.name').allTextContents();
        assert.deepEqual(names, ['shop', 'shop-api']);
        assert.deepEqual(await page.locator('.state').allTextContents(), ['Down', 'Operational']);
        assert.equal(await page.locator('.cause').first().textContent(), 'The upstream refused the connection');
        assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Shop status <&> "quoted"');
        assert.equal(await page.getByRole('main').count(), 1);
        // The stylesheet loaded (a bar has a height), and nothing scrolls sideways.
        const barHeight = await page.locator('.bars').first().evaluate((el) => el.getBoundingClientRect().height);
        assert.ok(barHeight >= 20, `bars are ${barHeight}px high`);
        const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
        assert.ok(overflow <= 0, `the page is ${overflow}px wider than the screen`);
        assert.deepEqual(problems, []);
        await mkdir(SCREENSHOTS, { recursive: true });
        await page.screenshot({ path: path.join(SCREENSHOTS, `status-page-${viewport.name}.png`), fullPage: true });
      } finally {
        await context.close();
      }
    });
  }
});
