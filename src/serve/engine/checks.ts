// How the engine checks and diagnoses a monitor: checks on threads (or this one), a browser
// after the plain check for `browser: true` monitors (browser-check.ts), and the diagnosis an
// incident opens with — a push monitor's from its reports, a browser monitor's with the page
// loaded too, under the browsers' own cap.
import type { DiagnoseReport } from '../../core/model.js';
import { defaultBrowserSettings } from '../config/browser.js';
import type { MonitorConfig } from '../config/types.js';
import type { ResultInput } from '../store/types.js';
import { BrowserChecks } from './browser-check.js';
import { runCheck } from './check.js';
import { CheckPool, defaultCheckThreads } from './check-pool.js';
import { diagnoseMonitor } from './diagnose-monitor.js';
import type { EngineOptions } from './engine-options.js';
import type { PushBoard } from './push.js';

export interface Checks {
  check: (monitor: MonitorConfig, at: Date) => Promise<ResultInput>;
  /** The check threads; null when checks run on this thread or a test gave its own check. */
  pool: CheckPool | null;
  diagnose: (monitor: MonitorConfig) => Promise<DiagnoseReport>;
}

export function composeChecks(
  options: EngineOptions,
  log: (line: string) => void,
  push: PushBoard,
  browserFinished: ConstructorParameters<typeof BrowserChecks>[2],
): Checks {
  let plainCheck: Checks['check'] = runCheck;
  let pool: CheckPool | null = null;
  const threads = options.checkThreads ?? defaultCheckThreads();
  if (options.check) plainCheck = options.check;
  else if (threads > 0) {
    const threaded = new CheckPool(threads, log);
    pool = threaded;
    plainCheck = (monitor, at) => threaded.run(monitor, at);
  }
  // browser: true monitors: the browser runs after the plain check, on this thread.
  const browsers = new BrowserChecks(options.config.browser ?? defaultBrowserSettings(), log, browserFinished);
  const retries = options.diagnoseRetries ?? 3;
  const diagnose = options.diagnose ?? (async (monitor: MonitorConfig): Promise<DiagnoseReport> => {
    if (monitor.type === 'push') return push.diagnose(monitor);
    const browser = await browsers.forDiagnosis(monitor);
    return browser ? browsers.limiter.run(() => diagnoseMonitor(monitor, retries, browser)) : diagnoseMonitor(monitor, retries);
  });
  return { check: async (monitor, at) => browsers.after(monitor, await plainCheck(monitor, at)), pool, diagnose };
}
