// Starting and always stopping headless Chromium (Debian's `chromium`, driven by playwright-core
// with an explicit executablePath: nothing is ever downloaded). Playwright starts the browser in
// a process group of its own with a fresh temporary profile, and its kill() ends the whole group
// and removes that profile. Whatever happens — the page hangs the browser, the step's time runs
// out, the CLI gets SIGINT or SIGTERM — kill() runs, so no chromium process outlives a check.
import { accessSync, constants, statSync } from 'node:fs';
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
export function checkBrowserPath(path: string): void {
  let ok = false;
  try {
    accessSync(path, constants.X_OK);
    ok = statSync(path).isFile();
  } catch {
    ok = false;
  }
  if (!ok) {
    throw new WhydownError('E_BROWSER', `no Chromium at ${path}: install the Debian package \`chromium\` (apt-get install chromium), or give its path with --browser-path`);
  }
}

const running = new Set<BrowserServer>();
let guarding = false;

/**
 * Launches the browser, bounded by `timeoutMs`. The launch itself failing (a binary that is not a
 * Chromium, a crash at start) is a WhydownError, like a missing binary.
 */
export async function startBrowser(path: string, timeoutMs: number): Promise<RunningBrowser> {
  checkBrowserPath(path);
  // Loaded only when a browser check runs: it is large, and most runs do not need it.
  const { chromium } = await import('playwright-core');
  guardSignals();
  let server: BrowserServer;
  try {
    server = await chromium.launchServer({
      executablePath: path,
      headless: true,
      args: ARGS,
      host: '127.0.0.1',
      port: 0,
      timeout: timeoutMs,
      // Our own handlers (guardSignals) end the browser and then the process, with the usual codes.
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    });
  } catch (error) {
    throw new WhydownError('E_BROWSER', `could not start Chromium at ${path}: ${firstLine(error)}`);
  }
  running.add(server);
  let stopped: Promise<void> | null = null;
  const stop = (): Promise<void> => {
    stopped ??= (async () => {
      // kill() signals the process group and removes the temporary profile; no graceful close
      // first, which a hung page could stall.
      await server.kill().catch(() => {});
      running.delete(server);
    })();
    return stopped;
  };
  try {
    const browser = await chromium.connect(server.wsEndpoint(), { timeout: timeoutMs });
    return { browser, version: `Chromium ${browser.version()}`, stop };
  } catch (error) {
    await stop();
    throw new WhydownError('E_BROWSER', `could not connect to Chromium at ${path}: ${firstLine(error)}`);
  }
}

/** Kills every running browser at once: for a signal that ends the process. */
export async function stopAllBrowsers(): Promise<void> {
  await Promise.all([...running].map((server) => server.kill().catch(() => {})));
  running.clear();
}

/**
 * On SIGINT/SIGTERM/SIGHUP while a browser runs: kill it, then exit as the signal would have
 * (130, 143, 129). Installed once, only in a process that started a browser; a process with
 * its own handlers (whydown serve) still gets them called too.
 */
function guardSignals(): void {
  if (guarding) return;
  guarding = true;
  const codes: Record<string, number> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };
  for (const signal of Object.keys(codes) as NodeJS.Signals[]) {
    process.on(signal, () => {
      const others = process.listenerCount(signal) > 1;
      void stopAllBrowsers().finally(() => {
        // Someone else (serve's shutdown) handles this signal: let them exit when they are done.
        if (!others) process.exit(codes[signal]);
      });
    });
  }
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return (text.split('\n').find((line) => line.trim() !== '' && !/^=+/.test(line.trim())) ?? text).trim().slice(0, 300);
}
