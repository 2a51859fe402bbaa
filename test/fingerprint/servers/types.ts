// One real server started on loopback and the error responses it is asked for. The same list
// drives scripts/capture-responses.mjs (which saves the fixtures) and live.test.ts (which asserts
// the fingerprint against the running server on every run).
import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { Expected } from '../support/expect.js';
import type { Upstreams } from '../support/upstreams.js';

export type { Expected } from '../support/expect.js';

export interface Case {
  /** Fixture name: `<software>-<name>.http`. */
  name: string;
  path: string;
  status: number;
  /** How the server was made to fail, for the fixture's .json. */
  setup: string;
  /** Ask this many times and keep the last answer (to fill a cache first). */
  repeat?: number;
  expect: Expected;
}

export interface Running {
  port: number;
  stop(): Promise<void>;
}

export interface Scenario {
  software: string;
  /** The executable; the scenario is skipped where it is not installed. */
  binary: string;
  /** e.g. `nginx/1.22.1`. */
  version(): Promise<string>;
  start(upstreams: Upstreams): Promise<Running>;
  cases: Case[];
}

/** stdout and stderr of a short command (version banners go to either). */
export function commandOutput(command: string, args: string[]): Promise<string> {
  return new Promise((resolve) => {
    execFile(command, args, { timeout: 10_000 }, (_error, stdout, stderr) => resolve(`${stdout}${stderr}`));
  });
}

export function firstMatch(text: string, pattern: RegExp): string {
  return pattern.exec(text)?.[0] ?? 'unknown';
}

/** Whether `binary` is on PATH (or in /usr/sbin, where Debian puts the daemons). */
export function isInstalled(binary: string): boolean {
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter), '/usr/sbin', '/usr/bin'];
  return dirs.some((dir) => {
    try {
      accessSync(path.join(dir, binary), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** Stops the server, then removes its temporary folder (config, logs, pid). */
export function stopper(proc: { stop(): Promise<void> }, dir: string): () => Promise<void> {
  return async () => {
    await proc.stop();
    await rm(dir, { recursive: true, force: true });
  };
}
