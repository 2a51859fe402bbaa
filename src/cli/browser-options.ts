// --browser, --browser-path and --screenshot: which Chromium runs, checked before anything starts
// (a missing one is a one-line error naming the package, exit 3), and where its screenshot goes.
import { statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { WhydownError } from '../core/errors.js';
import { checkBrowserPath, DEFAULT_BROWSER_PATH, exitOnSignalsKillingBrowsers } from '../diagnose/browser/launch.js';
import type { BrowserOptions } from '../diagnose/browser/types.js';

interface BrowserValues {
  browser?: boolean;
  'browser-path'?: string;
  screenshot?: string;
  report?: string;
}

export function browserOptions(url: URL, values: BrowserValues): BrowserOptions | undefined {
  if (!values.browser) {
    if (values['browser-path'] !== undefined || values.screenshot !== undefined) {
      throw new WhydownError('E_USAGE', `${values.screenshot !== undefined ? '--screenshot' : '--browser-path'} goes with --browser (see whydown diagnose --help)`);
    }
    return undefined;
  }
  const executablePath = values['browser-path'] ?? DEFAULT_BROWSER_PATH;
  checkBrowserPath(executablePath);
  // Ctrl-C during the check: the browser is killed, then whydown exits 130.
  exitOnSignalsKillingBrowsers();
  return { executablePath, screenshotPath: screenshotPath(url, values) };
}

/** --screenshot; else next to --report (report.html → report.png); else the temporary folder. */
function screenshotPath(url: URL, values: BrowserValues): string {
  if (values.screenshot !== undefined) {
    if (!/\.png$/i.test(values.screenshot)) throw new WhydownError('E_BAD_OPTION', `--screenshot wants a .png file, got "${values.screenshot}"`);
    let folder = false;
    try {
      folder = statSync(path.dirname(path.resolve(values.screenshot))).isDirectory();
    } catch {
      folder = false;
    }
    if (!folder) throw new WhydownError('E_FILE', `cannot write --screenshot ${values.screenshot}: its folder does not exist`);
    return path.resolve(values.screenshot);
  }
  if (values.report !== undefined) return path.resolve(values.report.replace(/\.[^./\\]*$/, '') + '.png');
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  const host = url.hostname.replace(/[^A-Za-z0-9.-]/g, '_');
  return path.join(tmpdir(), `whydown-${host}-${stamp}.png`);
}
