// Loads one page in a fresh headless Chromium as a visitor would and records what went wrong:
// the main response, every failed request, console errors, uncaught exceptions, whether anything
// shows, a screenshot and the paint timings. Every wait is bounded by the time limit, and a hard
// timer kills the browser if the page hangs it; the browser is stopped in every case.
import { performance } from 'node:perf_hooks';
import type { Page, Request } from 'playwright-core';
import { startBrowser, type RunningBrowser } from './launch.js';
import { MEASURE_BLANK, MEASURE_TIMINGS, type BlankMeasure, type TimingsMeasure } from './in-page.js';
import { isNeeded } from './needed.js';
import type { BrowserEvidence, BrowserOptions, BrowserOutcome, FailedRequest } from './types.js';

/** Bytes the page and its requests may bring in before loading is stopped ("a 50 MB page"). */
export const MAX_PAGE_BYTES = 20 * 1024 * 1024;
const MAX_FAILED_LISTED = 50;
const MAX_MESSAGES = 20;
const MAX_MESSAGE_CHARS = 500;
/** After the time limit, how long the browser gets to answer before it is killed. */
const KILL_GRACE_MS = 3000;
const VIEWPORT = { width: 1280, height: 800 };
const LAUNCH_TIMEOUT_MS = 30_000;

export interface LoadOptions extends BrowserOptions {
  timeoutMs: number;
  headers?: Record<string, string>;
}

export async function loadPage(url: URL, options: LoadOptions): Promise<BrowserEvidence> {
  const started = performance.now();
  const evidence: BrowserEvidence = {
    version: null, outcome: 'loaded', status: null, finalUrl: null, navigationError: null,
    failedRequests: [], moreFailed: 0, consoleErrors: [], exceptions: [], blank: null, screenshot: null,
    timings: { ttfb: null, fcp: null, lcp: null }, dialogs: 0, popups: 0, durationMs: 0,
  };
  // Starting the browser has a bound of its own: on a busy machine it takes seconds, which
  // should not eat into the time the page gets.
  const browser: RunningBrowser = await startBrowser(options.executablePath, LAUNCH_TIMEOUT_MS);
  const deadline = performance.now() + options.timeoutMs;
  const left = (reserve = 0) => Math.max(1, Math.round(deadline - reserve - performance.now()));
  // Measuring and the screenshot get their own share at the end, so a page that never settles
  // still gets them.
  const reserve = Math.min(3000, options.timeoutMs * 0.25);
  evidence.version = browser.version;
  let killed = false;
  let tooLarge = false;
  const hardStop = setTimeout(() => {
    killed = true;
    void browser.stop();
  }, Math.max(0, deadline - performance.now()) + KILL_GRACE_MS);
  try {
    const context = await browser.browser.newContext({
      viewport: VIEWPORT,
      extraHTTPHeaders: options.headers ?? {},
      serviceWorkers: 'block',
      acceptDownloads: false,
    });
    const page = await context.newPage();
    // Popups are closed as they open and dialogs dismissed: a page cannot hold the check with them.
    context.on('page', (popup) => {
      evidence.popups += 1;
      void popup.close().catch(() => {});
    });
    page.on('dialog', (dialog) => {
      evidence.dialogs += 1;
      void dialog.dismiss().catch(() => {});
    });
    const onTooLarge = () => {
      tooLarge = true;
      void page.close().catch(() => {});
    };
    await countBytes(page, onTooLarge);
    recordRequests(page, url, evidence);
    // A response that announces more than the cap is stopped before its bytes arrive.
    page.on('response', (response) => {
      if (Number(response.headers()['content-length'] ?? 0) > MAX_PAGE_BYTES) onTooLarge();
    });
    page.on('console', (message) => {
      // Chromium's "Failed to load resource" lines repeat what failedRequests lists.
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) pushCapped(evidence.consoleErrors, message.text());
    });
    page.on('pageerror', (error) => pushCapped(evidence.exceptions, describeException(error)));

    let outcome: BrowserOutcome = 'loaded';
    try {
      await page.goto(url.href, { waitUntil: 'load', timeout: left(reserve) });
    } catch (error) {
      const message = firstLine(error);
      if (/Timeout \d+ms exceeded/.test(message)) outcome = 'load-timeout';
      else {
        outcome = 'navigation-failed';
        evidence.navigationError = message.replace(/^page\.goto: /, '').replace(/ at https?:\/\/\S+$/, '');
      }
    }
    if (outcome === 'loaded') {
      try {
        await page.waitForLoadState('networkidle', { timeout: left(reserve) });
      } catch {
        outcome = 'unsettled';
      }
    }
    if (outcome !== 'navigation-failed' && !tooLarge && !killed) {
      const measureMs = Math.max(500, left() - 200);
      const blank = await bounded(page.evaluate<BlankMeasure>(MEASURE_BLANK), measureMs / 3);
      if (blank) evidence.blank = blank.text === 0 && !blank.media;
      const timings = await bounded(page.evaluate<TimingsMeasure>(MEASURE_TIMINGS), measureMs / 3);
      if (timings) evidence.timings = { ttfb: round(timings.ttfb), fcp: round(timings.fcp), lcp: round(timings.lcp) };
      if (options.screenshotPath) {
        const shot = await bounded(page.screenshot({ path: options.screenshotPath, type: 'png', timeout: Math.max(200, left()) }), Math.max(300, left()));
        if (shot) evidence.screenshot = options.screenshotPath;
      }
    }
    evidence.outcome = killed ? 'killed' : tooLarge ? 'too-large' : outcome;
  } catch (error) {
    // The browser died under us (killed by the timer, crashed, out of memory): a result, not a crash.
    evidence.outcome = tooLarge ? 'too-large' : 'killed';
    if (!killed && !tooLarge) evidence.navigationError ??= firstLine(error);
  } finally {
    clearTimeout(hardStop);
    await browser.stop();
  }
  evidence.failedRequests.sort(byImportance);
  evidence.durationMs = Math.round(performance.now() - started);
  return evidence;
}

/** The main document's response, and every request that failed or got a status >= 400. */
function recordRequests(page: Page, url: URL, evidence: BrowserEvidence): void {
  const startedAt = new WeakMap<Request, number>();
  const isMain = (request: Request) => request.isNavigationRequest() && request.frame() === page.mainFrame();
  const failed = (entry: Omit<FailedRequest, 'needed'>) => {
    if (evidence.failedRequests.length >= MAX_FAILED_LISTED) {
      evidence.moreFailed += 1;
      return;
    }
    evidence.failedRequests.push({ ...entry, needed: isNeeded(url, entry.url, entry.type) });
  };
  // Chromium's own timing when it has one (the response's end), else our clock since the request event.
  const ms = (request: Request) => {
    const timing = request.timing();
    if (timing.responseEnd > 0) return Math.round(timing.responseEnd);
    return Math.round(performance.now() - (startedAt.get(request) ?? performance.now()));
  };
  page.on('request', (request) => startedAt.set(request, performance.now()));
  page.on('response', (response) => {
    const request = response.request();
    if (isMain(request)) {
      evidence.status = response.status();
      evidence.finalUrl = response.url();
      return;
    }
    if (response.status() >= 400) failed({ url: response.url(), status: response.status(), error: null, type: request.resourceType(), ms: ms(request) });
  });
  page.on('requestfailed', (request) => {
    if (isMain(request)) return;
    const error = request.failure()?.errorText ?? 'failed';
    // A request the page itself cancelled (navigating away, an aborted fetch) is not a failure of the site.
    if (error === 'net::ERR_ABORTED') return;
    failed({ url: request.url(), status: null, error, type: request.resourceType(), ms: ms(request) });
  });
}

/** Sums the bytes received over CDP; past MAX_PAGE_BYTES the page is closed. */
async function countBytes(page: Page, onTooLarge: () => void): Promise<void> {
  let total = 0;
  const session = await page.context().newCDPSession(page);
  await session.send('Network.enable');
  session.on('Network.dataReceived', (event) => {
    total += event.encodedDataLength > 0 ? event.encodedDataLength : event.dataLength;
    if (total > MAX_PAGE_BYTES) {
      total = Number.NEGATIVE_INFINITY; // once
      onTooLarge();
    }
  });
}

/** The page's own requests first (XHR/fetch, then scripts, then stylesheets), then by URL: a stable order. */
const TYPE_RANK: Record<string, number> = { xhr: 0, fetch: 0, script: 1, stylesheet: 2, document: 3 };
function byImportance(a: FailedRequest, b: FailedRequest): number {
  if (a.needed !== b.needed) return a.needed ? -1 : 1;
  const rank = (TYPE_RANK[a.type] ?? 9) - (TYPE_RANK[b.type] ?? 9);
  return rank !== 0 ? rank : a.url < b.url ? -1 : a.url > b.url ? 1 : 0;
}

/** The promise's value, or null when it fails or takes longer than `ms`. */
async function bounded<T>(promise: Promise<T>, ms: number): Promise<T | null> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => { timer = setTimeout(() => resolve(null), ms); });
  try {
    return await Promise.race([promise.catch(() => null), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function describeException(error: Error): string {
  const where = (error.stack ?? '').split('\n').find((line) => /^\s+at /.test(line))?.trim();
  return `${error.name}: ${error.message}${where ? ` (${where})` : ''}`.slice(0, MAX_MESSAGE_CHARS);
}

function pushCapped(list: string[], text: string): void {
  if (list.length < MAX_MESSAGES) list.push(text.slice(0, MAX_MESSAGE_CHARS));
}

function round(value: number | null): number | null {
  return value === null || !Number.isFinite(value) ? null : Math.round(value);
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return (text.split('\n')[0] ?? text).trim().slice(0, MAX_MESSAGE_CHARS);
}
