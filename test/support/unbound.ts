// A real unbound (Debian's package) on a free 127.0.0.1 port, recursing only into the stub zones
// the test names (`stub-addr` servers, which may be NSD instances in a test namespace on port 53):
// the resolver a visitor's machine would ask, with a cache the test can fill first.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { freePort, makeTempDir, startProcess, type RunningProcess } from './process.js';

export interface Unbound {
  port: number;
  /** `127.0.0.1:PORT`, as `--dns-server` takes it. */
  address: string;
  process: RunningProcess;
  stop(): Promise<void>;
}

export async function startUnbound(stubZones: { zone: string; servers: string[] }[]): Promise<Unbound> {
  const dir = await makeTempDir('unbound');
  const port = await freePort();
  const stubs = stubZones.map((z) => `stub-zone:\n  name: "${z.zone}"\n${z.servers.map((s) => `  stub-addr: ${s}\n`).join('')}`).join('');
  const conf = `server:
  interface: 127.0.0.1
  port: ${port}
  do-ip6: no
  do-daemonize: no
  username: ""
  chroot: ""
  directory: "${dir}"
  pidfile: "${dir}/unbound.pid"
  use-syslog: no
  logfile: ""
  verbosity: 1
  access-control: 127.0.0.0/8 allow
  module-config: "iterator"
  local-zone: "test." nodefault
  domain-insecure: "test."
  qname-minimisation: no
  prefetch: no
  serve-expired: no
  num-threads: 1
remote-control:
  control-enable: no
${stubs}`;
  await writeFile(path.join(dir, 'unbound.conf'), conf);
  const proc = await startProcess({
    command: 'unbound',
    args: ['-d', '-c', path.join(dir, 'unbound.conf')],
    waitForPort: { port },
  });
  return { port, address: `127.0.0.1:${port}`, process: proc, stop: () => proc.stop() };
}
