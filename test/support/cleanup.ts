// What a test process leaves behind is removed when it ends, however it ends: temporary folders
// (every one made through makeTempDir) and the process groups of servers it started. An `after`
// hook that a failed `before` skips, a test that throws half-way, a file the runner interrupts:
// the folders still go, and a server still running is killed first so it cannot write into a
// folder as it is removed. (SIGKILL of the test process itself cannot be caught; the test runner
// checks the temporary folder after the run for that.)
import { rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

const tempDirs = new Set<string>();
/** What to kill at exit: -pid for a process group, pid for one process. */
const killTargets = new Set<number>();

/** A new folder `whydown-<prefix>-XXXXXX` in the temporary folder, removed at exit at the latest. */
export async function makeTempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `whydown-${prefix}-`));
  tempDirs.add(dir);
  return dir;
}

/** Removes a folder made by makeTempDir now (say, in an `after` hook). */
export async function removeTempDir(dir: string): Promise<void> {
  tempDirs.delete(dir);
  await rm(dir, { recursive: true, force: true, maxRetries: 5 });
}

/** Leaves a folder made by makeTempDir in place at exit (a benchmark's --keep). */
export function keepTempDir(dir: string): void {
  tempDirs.delete(dir);
}

/** A server's process group (or one process), SIGKILLed at exit unless forgotten before. */
export function killAtExit(pid: number, scope: 'group' | 'process' = 'group'): void {
  killTargets.add(scope === 'group' ? -pid : pid);
}

/** Once a process has exited: its id may be given to another process. */
export function forgetAtExit(pid: number, scope: 'group' | 'process' = 'group'): void {
  killTargets.delete(scope === 'group' ? -pid : pid);
}

function cleanUp(): void {
  for (const target of killTargets) {
    try {
      process.kill(target, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  killTargets.clear();
  for (const dir of tempDirs) {
    try {
      rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
    } catch (error) {
      process.stderr.write(`could not remove ${dir}: ${(error as Error).message}\n`);
    }
  }
  tempDirs.clear();
}

process.on('exit', cleanUp);
// A signal's default action ends the process without 'exit': clean up, then die of the signal.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.once(signal, () => {
    cleanUp();
    process.kill(process.pid, signal);
  });
}
