// A test process's temporary folders and servers go when it ends — by finishing, by an uncaught
// exception, or by SIGTERM/SIGINT — as test/support/cleanup.ts promises. Each case runs a small
// node process that makes folders (in a TMPDIR of this test's own) and starts a sleeping server,
// then ends its way; afterwards the folder is empty and the server gone.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { makeTempDir, removeTempDir } from './cleanup.js';
import { delay } from './delay.js';

const CLEANUP = new URL('./cleanup.js', import.meta.url).href;
const PROCESS = new URL('./process.js', import.meta.url).href;

/** Makes two folders, starts `sleep 60` through startProcess, prints its pid, then `ending`. */
function script(ending: string): string {
  return `
    const { makeTempDir } = await import(${JSON.stringify(CLEANUP)});
    const { startProcess } = await import(${JSON.stringify(PROCESS)});
    await makeTempDir('one'); await makeTempDir('two');
    const server = await startProcess({ command: 'sleep', args: ['60'] });
    console.log(server.pid);
    ${ending}`;
}

/** Running: present and not a zombie (a killed orphan may wait for its reaper a while). */
function alive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

async function runCase(ending: string, signal?: NodeJS.Signals): Promise<{ left: string[]; serverAlive: boolean }> {
  const tmp = await makeTempDir('cleanup-case');
  try {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script(ending)], { env: { ...process.env, TMPDIR: tmp }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => { out += chunk.toString(); });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    while (!/\d+\n/.test(out)) await delay(20);
    const pid = Number(out.trim());
    if (signal) child.kill(signal);
    await exited;
    await delay(100); // the SIGKILL is sent at exit; give the kernel a moment to reap
    return { left: readdirSync(tmp), serverAlive: alive(pid) };
  } finally {
    await removeTempDir(tmp);
  }
}

describe('test cleanup at exit', () => {
  it('a process that exits leaves nothing: its folders removed, its server killed', async () => {
    assert.deepEqual(await runCase('process.exitCode = 0; setTimeout(() => process.exit(), 10);'), { left: [], serverAlive: false });
  });

  it('an uncaught exception leaves nothing', async () => {
    assert.deepEqual(await runCase("throw new Error('boom');"), { left: [], serverAlive: false });
  });

  it('SIGTERM and SIGINT leave nothing', async () => {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      assert.deepEqual(await runCase('setTimeout(() => {}, 60_000);', signal), { left: [], serverAlive: false }, signal);
    }
  });
});
