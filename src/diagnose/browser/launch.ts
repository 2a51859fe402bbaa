// Starting and always stopping headless Chromium (Debian's `chromium`, driven by playwright-core
// with an explicit executablePath: nothing is ever downloaded). Playwright starts the browser in
// a process group of its own with a fresh temporary profile, and its kill() ends the whole group
// and removes that profile. Whatever happens — the page hangs the browser, the step's time runs
// out, the CLI gets SIGINT or SIGTERM — kill() runs, so no chromium process outlives a check.
import { accessSync, constants, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserServer } from 'playwright-core';
import { WhydownError } from '../../core/errors.js';

export const DEFAULT_BROWSER_PATH = '/usr/bin/chromium';

/** A renderer's JavaScript heap, in MB: a page that allocates without end is stopped there. */
const JS_HEAP_MB = 256;

const ARGS = [
  '--no-sandbox', // running as root in containers; the profile is throwaway and the page is the only tab
  '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--disable-default-apps', '--disable-extensions', '--no-first-run', '--no-default-browser-check',
  '--mute-audio', '--disable-features=Translate,MediaRouter,OptimizationHints',
  `--js-flags=--max-old-space-size=${JS_HEAP_MB}`,
];

export interface RunningBrowser {
  browser: Browser;
  /** "Chromium 156.0.8078.114" */
  version: string;
  /** Ends the browser and its process group, removes its profile; safe to call twice. */
  stop(): Promise<void>;
}

/** A one-line error naming the package when the browser is not there (exit 3 through main). */
export function checkBrowserPath(executable: string): void {
  let ok = false;
  try {
    accessSync(executable, constants.X_OK);
    ok = statSync(executable).isFile();
  } catch {
    ok = false;
  }
  if (!ok) {
    throw new WhydownError('E_BROWSER', `no Chromium at ${executable}: install the Debian package \`chromium\` (apt-get install chromium), or give its path with --browser-path`);
  }
}

/** Each running browser and its own temporary folder (its TMPDIR: shared-memory files and the like). */
const running = new Map<BrowserServer, string>();
/** Every scratch folder not yet removed, from before the launch completes: a signal can come then. */
const scratches = new Set<string>();
/** Launches under way: a signal that comes meanwhile waits for them, so their browser is killed too. */
const launching = new Set<Promise<unknown>>();
let guarding = false;

/**
 * Launches the browser, bounded by `timeoutMs`. The launch itself failing (a binary that is not a
 * Chromium, a crash at start) is a WhydownError, like a missing binary.
 */
export async function startBrowser(executable: string, timeoutMs: number): Promise<RunningBrowser> {
  checkBrowserPath(executable);
  // Loaded only when a browser check runs: it is large, and most runs do not need it.
  const { chromium } = await import('playwright-core');
  guardExit();
  // Chromium writes shared-memory files (org.chromium.Chromium.*) into its TMPDIR and leaves them
  // when killed: a folder of its own, removed with the browser, keeps the machine's clean.
  const scratch = mkdtempSync(path.join(scratchBase(), 'wdc-'));
  scratches.add(scratch);
  let server: BrowserServer;
  let launch: Promise<BrowserServer> | undefined;
  try {
    launch = chromium.launchServer({
      env: { ...process.env, TMPDIR: scratch },
      executablePath: executable,
      headless: true,
      args: ARGS,
      host: '127.0.0.1',
      port: 0,
      timeout: timeoutMs,
      // Signals are the command's to handle (exitOnSignalsKillingBrowsers for diagnose); the exit
      // handler (guardExit) kills the browsers whatever the way out.
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    });
    launching.add(launch);
    server = await launch;
  } catch (error) {
    removeScratch(scratch);
    throw new WhydownError('E_BROWSER', `could not start Chromium at ${executable}: ${firstLine(error)}`);
  } finally {
    if (launch) launching.delete(launch);
  }
  running.set(server, scratch);
  let stopped: Promise<void> | null = null;
  const stop = (): Promise<void> => {
    stopped ??= (async () => {
      // kill() signals the process group and removes the temporary profile; no graceful close
      // first, which a hung page could stall.
      await server.kill().catch(() => {});
      running.delete(server);
      removeScratch(scratch);
    })();
    return stopped;
  };
  try {
    const browser = await chromium.connect(server.wsEndpoint(), { timeout: timeoutMs });
    return { browser, version: `Chromium ${browser.version()}`, stop };
  } catch (error) {
    await stop();
    throw new WhydownError('E_BROWSER', `could not connect to Chromium at ${executable}: ${firstLine(error)}`);
  }
}

/** Kills every running browser at once: for a signal that ends the process. */
export async function stopAllBrowsers(): Promise<void> {
  // A browser still starting is waited for (a few seconds at most), then killed with the others.
  await Promise.race([Promise.allSettled([...launching]), new Promise((resolve) => setTimeout(resolve, 5000))]);
  await Promise.all([...running].map(async ([server, scratch]) => {
    await server.kill().catch(() => {});
    removeScratch(scratch);
  }));
  running.clear();
  for (const scratch of scratches) removeScratch(scratch);
}

/**
 * Whatever way the process ends (playwright's own exit handler kills the browsers too), every
 * browser's process group is killed and the scratch folders go. Installed once, by the first launch.
 */
function guardExit(): void {
  if (guarding) return;
  guarding = true;
  process.on('exit', () => {
    for (const server of running.keys()) {
      const pid = server.process().pid;
      try {
        if (pid) process.kill(-pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    for (const scratch of scratches) removeScratch(scratch);
  });
}

let exitingOnSignals = false;

/**
 * For a command whose work a signal ends (diagnose --browser): on SIGINT/SIGTERM/SIGHUP, kill the
 * browsers, then exit as the signal would have (130, 143, 129). Not for `whydown serve`, which
 * stops on its own terms and lets running checks (and their browsers) finish.
 */
export function exitOnSignalsKillingBrowsers(): void {
  if (exitingOnSignals) return;
  exitingOnSignals = true;
  const codes: Record<string, number> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };
  for (const signal of Object.keys(codes) as NodeJS.Signals[]) {
    process.on(signal, () => {
      void stopAllBrowsers().finally(() => process.exit(codes[signal]));
    });
  }
}

/**
 * Chromium makes unix sockets under its TMPDIR, whose paths may not pass 107 bytes: a deep
 * temporary folder makes the launch fail ("session closed"). Past 48 characters, /tmp it is.
 */
function scratchBase(): string {
  const base = tmpdir();
  return base.length > 48 ? '/tmp' : base;
}

function removeScratch(dir: string): void {
  scratches.delete(dir);
  try {
    rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  } catch {
    // best effort: a folder in the temporary folder
  }
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return (text.split('\n').find((line) => line.trim() !== '' && !/^=+/.test(line.trim())) ?? text).trim().slice(0, 300);
}
