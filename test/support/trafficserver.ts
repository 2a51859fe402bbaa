// A real Apache Traffic Server 9.2 (Debian's trafficserver) on a loopback port, run as a
// sandbox: a runroot.yaml that points its config, runtime, log and cache folders into a temp folder,
// so it needs neither root nor /etc/trafficserver. 9.2 still reads records.config (records.yaml
// came with 10.0); remap.config maps path prefixes to upstreams.
import { cp, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { freePort, makeTempDir, startProcess, type RunningProcess } from './process.js';

export interface TrafficServer {
  port: number;
  dir: string;
  logDir: string;
  process: RunningProcess;
  stop(): Promise<void>;
}

/** Starts traffic_server with `remap` as remap.config and `records` added to records.config. */
export async function startTrafficServer(remap: string, records = ''): Promise<TrafficServer> {
  const dir = await makeTempDir('trafficserver');
  const port = await freePort();
  const etc = path.join(dir, 'etc');
  const logDir = path.join(dir, 'log');
  const cache = path.join(dir, 'cache');
  for (const sub of [etc, logDir, cache, path.join(dir, 'run')]) await mkdir(sub, { recursive: true });
  // The package's defaults for everything the test does not set (plugin.config, ip_allow.yaml, …).
  await cp('/etc/trafficserver', etc, { recursive: true });
  await writeFile(path.join(dir, 'runroot.yaml'), [
    'prefix: /usr', 'exec_prefix: /usr', 'bindir: /usr/bin', 'sbindir: /usr/sbin', 'includedir: /usr/include',
    'libdir: /usr/lib/trafficserver', 'libexecdir: /usr/lib/trafficserver/modules',
    `sysconfdir: ${etc}`, `datadir: ${cache}`, `localstatedir: ${dir}`, `runtimedir: ${path.join(dir, 'run')}`,
    `logdir: ${logDir}`, `cachedir: ${cache}`, '',
  ].join('\n'));
  await writeFile(path.join(etc, 'remap.config'), `${remap.trim()}\n`);
  await writeFile(path.join(etc, 'storage.config'), `${cache} 64M\n`);
  await writeFile(path.join(etc, 'records.config'), [
    `CONFIG proxy.config.http.server_ports STRING ${port}:ipv4:ip-in=127.0.0.1`,
    // Run as whoever starts it (its default drops to the `trafficserver` user).
    'CONFIG proxy.config.admin.user_id STRING #-1',
    'CONFIG proxy.config.url_remap.remap_required INT 1',
    'CONFIG proxy.config.http.insert_response_via_str INT 2',
    records.trim(),
    '',
  ].join('\n'));
  const proc = await startProcess({
    command: 'traffic_server',
    args: [`--run-root=${path.join(dir, 'runroot.yaml')}`],
    waitForPort: { port },
    readyTimeoutMs: 30_000,
  });
  return { port, dir, logDir, process: proc, stop: () => proc.stop() };
}
