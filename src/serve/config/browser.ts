// `browser: true` on an http monitor (each check also loads the page in headless Chromium) and
// the top-level `browser:` section (which Chromium, how many at once, where incident screenshots
// go). A browser costs a second of CPU and ~100+ MB per check, so its monitors have an interval
// floor and the number running at once is capped.
import path from 'node:path';
import { formatDuration } from './duration.js';
import type { Field, Walker } from './walker.js';

export const BROWSER_MIN_INTERVAL_MS = 5 * 60_000;

export interface BrowserSettings {
  /** Browsers running at once, checks and incident diagnoses together (default 2). */
  maxRunning: number;
  /** The Chromium binary (default /usr/bin/chromium). */
  path: string;
  /** Folder of incident screenshots, absolute (default ./whydown-screenshots). */
  screenshots: string;
  /** Screenshots kept there; the oldest go first (default 100). */
  keepScreenshots: number;
}

export function defaultBrowserSettings(): BrowserSettings {
  return { maxRunning: 2, path: '/usr/bin/chromium', screenshots: path.resolve('whydown-screenshots'), keepScreenshots: 100 };
}

export function readBrowserSection(w: Walker, field: Field): BrowserSettings {
  const f = w.map(field, ['maxRunning', 'path', 'screenshots', 'keepScreenshots']) ?? {};
  const settings = defaultBrowserSettings();
  const maxRunning = f.maxRunning && w.integer(f.maxRunning, 1, 16);
  if (maxRunning) settings.maxRunning = maxRunning;
  const binary = f.path && w.string(f.path);
  if (binary !== undefined && binary !== '') {
    if (!path.isAbsolute(binary)) w.fail(f.path!, `the browser's path must be absolute (e.g. /usr/bin/chromium), got ${w.shown(f.path!)}`);
    else settings.path = binary;
  }
  const folder = f.screenshots && w.string(f.screenshots);
  if (folder) settings.screenshots = path.resolve(folder);
  const keep = f.keepScreenshots && w.integer(f.keepScreenshots, 1, 100_000);
  if (keep) settings.keepScreenshots = keep;
  return settings;
}

/**
 * `browser: true|false` of an http monitor. Without an interval of its own, a browser monitor
 * is checked every 5 minutes at most often; an interval given shorter than that is an error.
 * Returns the interval to use.
 */
export function readMonitorBrowser(w: Walker, field: Field, intervalMs: number, interval: Field | undefined): { browser: boolean; intervalMs: number } {
  const browser = w.boolean(field) ?? false;
  if (!browser) return { browser, intervalMs };
  if (interval && intervalMs < BROWSER_MIN_INTERVAL_MS) {
    w.fail(interval, `a browser check (browser: true) runs at most every ${formatDuration(BROWSER_MIN_INTERVAL_MS)}: ${formatDuration(intervalMs)} is too short`);
    return { browser, intervalMs };
  }
  return { browser, intervalMs: Math.max(intervalMs, BROWSER_MIN_INTERVAL_MS) };
}
