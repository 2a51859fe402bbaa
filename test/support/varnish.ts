// A real Varnish (Debian's varnishd) on a loopback port with a VCL written by the test. Varnish
// has no log file: read its shared-memory log with varnishlog / varnishncsa (`-d` dumps and exits).
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort, makeTempDir, startProcess, type RunningProcess } from './process.js';

const run = promisify(execFile);

export interface Varnish {
  port: number;
  dir: string;
  /** The instance directory (`-n`). */
  workDir: string;
  process: RunningProcess;
  /** `varnishlog -n … -d [args]`: everything logged so far. */
  varnishlog(args?: string[]): Promise<string>;
  /** `varnishncsa -n … -d [args]`. */
  varnishncsa(args?: string[]): Promise<string>;
  stop(): Promise<void>;
}

/** Starts varnishd in the foreground. `vcl` may omit the `vcl 4.1;` line; `{{PORT}}` is replaced. */
export async function startVarnish(vcl: string): Promise<Varnish> {
  const dir = await makeTempDir('varnish');
  const port = await freePort();
  const adminPort = await freePort();
  const workDir = path.join(dir, 'work');
  const text = vcl.replaceAll('{{PORT}}', String(port));
  await writeFile(path.join(dir, 'default.vcl'), /^\s*vcl \d/.test(text) ? text : `vcl 4.1;\n${text}`);
  const proc = await startProcess({
    command: 'varnishd',
    args: ['-F', '-j', 'none', '-n', workDir, '-a', `127.0.0.1:${port}`, '-T', `127.0.0.1:${adminPort}`,
      '-f', path.join(dir, 'default.vcl'), '-s', 'malloc,32m'],
    waitForPort: { port },
    readyTimeoutMs: 60_000, // the VCL is compiled with cc first
  });
  const tool = async (command: string, args: string[]): Promise<string> =>
    (await run(command, ['-n', workDir, '-d', ...args], { maxBuffer: 64 * 1024 * 1024, timeout: 30_000 })).stdout;
  return {
    port, dir, workDir, process: proc,
    varnishlog: (args = []) => tool('varnishlog', args),
    varnishncsa: (args = []) => tool('varnishncsa', args),
    stop: () => proc.stop(),
  };
}
