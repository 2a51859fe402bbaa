// The browser part of a `browser: true` monitor's check, on the main thread (Chromium is a child
// process; the check threads only probe). It runs only when the plain check found the page up:
// a page already down needs no browser to say so. The page is loaded in headless Chromium, the
// requests it needs that failed are diagnosed in turn, and the result takes the browser's
// verdict (degraded: an API call fails; down: blank-page). At most `maxRunning` browsers run at
// once, incident diagnoses included; the rest wait their turn.
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { BrowserSettings } from '../config/browser.js';
import type { MonitorConfig } from '../config/types.js';
import type { ResultInput } from '../store/types.js';
import type { Verdict } from '../../core/model.js';
import { diagnose } from '../../diagnose/diagnose.js';
import { finishBrowserCheck, startBrowserCheck } from '../../diagnose/browser/run-browser.js';
import type { BrowserOptions } from '../../diagnose/browser/types.js';
import { Limiter } from './limiter.js';

const UP: Verdict = { status: 'up', hop: 'none', cause: 'ok', generatedBy: null, transient: false, scope: 'this-vantage', confidence: 'high', summary: '', fixes: [] };

export class BrowserChecks {
  readonly limiter: Limiter;
  private warnedMissing = false;

  constructor(
    private readonly settings: BrowserSettings,
    private readonly log: (line: string) => void,
    private readonly onFinished: (monitor: MonitorConfig, result: 'up' | 'degraded' | 'down' | 'error') => void,
  ) {
    this.limiter = new Limiter(settings.maxRunning);
  }

  /** The plain check's result, or the browser's when the page answers but does not work. */
  async after(monitor: MonitorConfig, input: ResultInput): Promise<ResultInput> {
    if (!monitor.browser || monitor.type === 'tcp' || input.status !== 'up') return input;
    const url = new URL(monitor.url);
    try {
      const { verdict } = await this.limiter.run(() => finishBrowserCheck(
        url, UP,
        startBrowserCheck(url, { executablePath: this.settings.path, screenshotPath: null, timeoutMs: monitor.timeoutMs, headers: monitor.headers }, () => {}),
        () => {},
        (target) => diagnose(target, { retries: 1, probe: { timeoutMs: monitor.timeoutMs, headers: monitor.headers } }),
      ));
      this.onFinished(monitor, verdict.status === 'unknown' ? 'error' : verdict.status);
      if (verdict.status === 'up') return input;
      return { ...input, status: verdict.status, cause: verdict.cause, detail: verdict.summary };
    } catch (error) {
      this.onFinished(monitor, 'error');
      // No browser here (or it cannot start): said once, the plain check's result stands.
      if (!this.warnedMissing) {
        this.warnedMissing = true;
        this.log(`browser check of ${monitor.name} could not run: ${error instanceof Error ? error.message : String(error)}`);
      }
      return input;
    }
  }

  /**
   * The browser an incident's diagnosis of a browser monitor uses, with its screenshot in the
   * screenshots folder (created if needed, pruned to keepScreenshots); undefined otherwise.
   */
  async forDiagnosis(monitor: MonitorConfig): Promise<BrowserOptions | undefined> {
    if (!monitor.browser || monitor.type === 'tcp') return undefined;
    let screenshotPath: string | null = null;
    try {
      await mkdir(this.settings.screenshots, { recursive: true });
      await this.prune();
      const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
      screenshotPath = path.join(this.settings.screenshots, `${monitor.name}-${stamp}.png`);
    } catch (error) {
      this.log(`screenshots folder ${this.settings.screenshots} not usable: ${error instanceof Error ? error.message : String(error)}`);
    }
    return { executablePath: this.settings.path, screenshotPath };
  }

  /** Keeps the newest keepScreenshots - 1 PNGs, so the one about to be written fits the bound. */
  private async prune(): Promise<void> {
    const names = (await readdir(this.settings.screenshots)).filter((name) => name.endsWith('.png'));
    if (names.length < this.settings.keepScreenshots) return;
    const dated = await Promise.all(names.map(async (name) => {
      const file = path.join(this.settings.screenshots, name);
      return { file, at: (await stat(file).catch(() => null))?.mtimeMs ?? 0 };
    }));
    dated.sort((a, b) => a.at - b.at);
    for (const { file } of dated.slice(0, dated.length - this.settings.keepScreenshots + 1)) await rm(file, { force: true });
  }
}
