// A real Squid (Debian's package) as a reverse proxy ("accelerator") in front of one origin.
import { chmod, chown, writeFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { freePort, makeTempDir, startProcess, type RunningProcess } from './process.js';

export interface Squid {
  port: number;
  dir: string;
  cacheLog: string;
  process: RunningProcess;
  stop(): Promise<void>;
}

export async function startSquid(originPort: number, extra = ''): Promise<Squid> {
  const dir = await makeTempDir('squid');
  const port = await freePort();
  const cacheLog = path.join(dir, 'cache.log');
  const conf = `
http_port 127.0.0.1:${port} accel defaultsite=localhost no-vhost
cache_peer 127.0.0.1 parent ${originPort} 0 no-query originserver name=origin connect-timeout=2 connect-fail-limit=1
cache_peer_access origin allow all
never_direct allow all
http_access allow all
cache deny all
cache_effective_user proxy
pid_filename ${dir}/squid.pid
access_log ${dir}/access.log
cache_log ${cacheLog}
coredump_dir ${dir}
shutdown_lifetime 0 seconds
${extra}
`;
  await writeFile(path.join(dir, 'squid.conf'), conf);
  const proxyUid = Number(execFileSync('id', ['-u', 'proxy'], { encoding: 'utf8' }).trim());
  const proxyGid = Number(execFileSync('id', ['-g', 'proxy'], { encoding: 'utf8' }).trim());
  await chown(dir, proxyUid, proxyGid);
  await chmod(dir, 0o755);
  const proc = await startProcess({
    command: 'squid',
    args: ['-N', '-f', path.join(dir, 'squid.conf')],
    waitForPort: { port },
    readyTimeoutMs: 20_000,
  });
  return { port, dir, cacheLog, process: proc, stop: () => proc.stop() };
}
