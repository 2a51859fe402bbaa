// A real Squid (Debian's package) as a reverse proxy with one origin per path prefix, so one
// Squid can be driven into every upstream failure at once. `/<name>…` goes to the peer `<name>`.
import { chmod, chown, writeFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { freePort, makeTempDir, startProcess, type RunningProcess } from './process.js';

export interface SquidWithPeers {
  port: number;
  dir: string;
  accessLog: string;
  cacheLog: string;
  process: RunningProcess;
  stop(): Promise<void>;
}

/** `peers`: name → origin port. `extra` goes at the end of squid.conf (timeouts, log formats); `{{DIR}}` is its folder. */
export async function startSquidWithPeers(peers: Record<string, number>, extra = ''): Promise<SquidWithPeers> {
  const dir = await makeTempDir('squid-peers');
  const port = await freePort();
  const cacheLog = path.join(dir, 'cache.log');
  const accessLog = path.join(dir, 'access.log');
  const peerLines = Object.entries(peers).map(([name, originPort]) => `
acl path_${name} urlpath_regex ^/${name}
cache_peer 127.0.0.1 parent ${originPort} 0 no-query no-digest originserver name=${name} connect-timeout=2 connect-fail-limit=1
cache_peer_access ${name} allow path_${name}
cache_peer_access ${name} deny all`).join('\n');
  const conf = `
http_port 127.0.0.1:${port} accel defaultsite=localhost no-vhost
${peerLines}
never_direct allow all
http_access allow all
cache deny all
cache_effective_user proxy
pid_filename ${dir}/squid.pid
access_log ${accessLog}
cache_log ${cacheLog}
coredump_dir ${dir}
shutdown_lifetime 0 seconds
${extra.replaceAll("{{DIR}}", dir)}
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
  return { port, dir, accessLog, cacheLog, process: proc, stop: () => proc.stop() };
}
