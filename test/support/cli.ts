// Runs the real CLI as a child process, as a user or a script would.
import { execFile, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

export const BIN = path.join(path.dirname(new URL(import.meta.url).pathname), '..', '..', '..', 'bin', 'whydown.js');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], options: { env?: NodeJS.ProcessEnv; input?: string | Buffer; timeoutMs?: number } = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [BIN, ...args], {
      env: { ...process.env, NO_COLOR: '1', ...options.env },
      timeout: options.timeoutMs ?? 120_000,
      maxBuffer: 64 * 1024 * 1024,
    }, (error, stdout, stderr) => {
      const code = error && typeof (error as NodeJS.ErrnoException).code === 'number' ? Number((error as NodeJS.ErrnoException).code) : error ? 1 : 0;
      resolve({ code: child.exitCode ?? code, stdout, stderr });
    });
    if (options.input !== undefined) child.stdin?.end(options.input);
    else child.stdin?.end();
  });
}

export interface MeasuredCliRun extends CliRun {
  pid: number;
  /** Wall time from spawn to exit, in milliseconds. */
  wallMs: number;
  /** `VmHWM` (peak resident set) in kB from /proc/<pid>/status: the last sample read before the exit. */
  peakRssKb: number | null;
  /** How many samples were read. */
  samples: number;
  /** The run was killed because it went past `timeoutMs`. */
  killed: boolean;
}

function readPeakRssKb(pid: number): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /^VmHWM:\s+(\d+)\s+kB/m.exec(status);
    return match ? Number(match[1]) : null; // a zombie has no VmHWM line any more
  } catch {
    return null; // gone
  }
}

/**
 * Runs the CLI as a child with `spawn` (so the pid is known) and polls its peak RSS (`VmHWM`,
 * a high-water mark, so the last sample is the best known peak) every `pollMs` while it runs.
 * The child is killed with SIGKILL after `timeoutMs`.
 */
export function runCliMeasured(
  args: string[],
  options: { env?: NodeJS.ProcessEnv; timeoutMs?: number; pollMs?: number } = {},
): Promise<MeasuredCliRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { ...process.env, NO_COLOR: '1', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    if (child.pid === undefined) {
      child.once('error', reject);
      return;
    }
    const pid = child.pid;
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    let peakRssKb: number | null = null;
    let samples = 0;
    const sample = (): void => {
      const kb = readPeakRssKb(pid);
      if (kb !== null) {
        peakRssKb = Math.max(peakRssKb ?? 0, kb);
        samples++;
      }
    };
    sample();
    const poller = setInterval(sample, options.pollMs ?? 10);
    let killed = false;
    const killer = setTimeout(() => {
      killed = true;
      child.kill('SIGKILL');
    }, options.timeoutMs ?? 120_000);
    child.once('error', (error) => {
      clearInterval(poller);
      clearTimeout(killer);
      reject(error);
    });
    child.once('exit', () => sample()); // may still be readable before the parent reaps it
    child.once('close', (code, signal) => {
      clearInterval(poller);
      clearTimeout(killer);
      resolve({
        code: code ?? (signal ? 128 : 1),
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
        pid,
        wallMs: performance.now() - started,
        peakRssKb,
        samples,
        killed,
      });
    });
  });
}

export interface ClosedReaderRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** What arrived on the stream that was closed, before it was. */
  before: string;
  /** Everything on the other stream. */
  other: string;
}

/**
 * Runs the CLI with `stream` on a real pipe whose reader goes away, as `whydown … | head -1`
 * does: after the first chunk (`afterFirstChunk`) or at once, before the child has written
 * anything. The child's next write meets EPIPE.
 */
export function runCliClosingReader(
  args: string[],
  options: { stream?: 'stdout' | 'stderr'; afterFirstChunk?: boolean; timeoutMs?: number } = {},
): Promise<ClosedReaderRun> {
  const which = options.stream ?? 'stdout';
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const closing = which === 'stdout' ? child.stdout : child.stderr;
    const other = which === 'stdout' ? child.stderr : child.stdout;
    let before = '';
    let rest = '';
    other.on('data', (chunk: Buffer) => { rest += chunk.toString('utf8'); });
    if (options.afterFirstChunk === false) {
      closing.destroy();
    } else {
      closing.once('data', (chunk: Buffer) => {
        before = chunk.toString('utf8');
        closing.destroy();
      });
    }
    const killer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      clearTimeout(killer);
      // The other stream may still hold unread output: let it drain before answering.
      other.once('close', () => resolve({ code, signal, before, other: rest }));
      if (other.closed || other.destroyed) resolve({ code, signal, before, other: rest });
    });
  });
}
