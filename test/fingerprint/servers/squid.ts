// Squid 5.7 (Debian) as a reverse proxy (accel) in front of a dead origin and a slow one.
import { chown, writeFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { delay, freePort, makeTempDir, startProcess } from '../../support/process.js';
import { listenRaw } from '../../support/raw-listen.js';
import { commandOutput, firstMatch, stopper, type Scenario } from './types.js';

function proxyUser(): { uid: number; gid: number } {
  const uid = Number(execFileSync('id', ['-u', 'proxy']).toString().trim());
  const gid = Number(execFileSync('id', ['-g', 'proxy']).toString().trim());
  return { uid, gid };
}

export const squid: Scenario = {
  software: 'squid',
  binary: 'squid',
  version: async () => firstMatch(await commandOutput('squid', ['-v']), /Version [\d.]+/).replace('Version ', 'squid/'),
  async start(up) {
    const dir = await makeTempDir('squid');
    // An origin that is up while Squid starts (its startup probe succeeds) and gone afterwards.
    const gone = await listenRaw((socket) => socket.end());
    const port = await freePort();
    const conf = `
http_port 127.0.0.1:${port} accel defaultsite=localhost no-vhost
cache_peer 127.0.0.1 parent ${up.refused} 0 no-query originserver name=dead
cache_peer 127.0.0.1 parent ${up.slow} 0 no-query originserver name=slow
cache_peer 127.0.0.1 parent ${gone.port} 0 no-query originserver name=gone
acl slow_path urlpath_regex ^/timeout
acl gone_path urlpath_regex ^/gone
cache_peer_access slow allow slow_path
cache_peer_access slow deny all
cache_peer_access gone allow gone_path
cache_peer_access gone deny all
cache_peer_access dead deny slow_path
cache_peer_access dead deny gone_path
cache_peer_access dead allow all
never_direct allow all
http_access allow all
read_timeout 1 seconds
connect_timeout 2 seconds
forward_max_tries 1
cache_effective_user proxy
visible_hostname whydown-test
pid_filename ${dir}/squid.pid
cache_log ${dir}/cache.log
access_log stdio:${dir}/access.log
cache_store_log none
coredump_dir ${dir}
netdb_filename none
cache_mem 8 MB
shutdown_lifetime 0 seconds
`;
    await writeFile(path.join(dir, 'squid.conf'), conf);
    const { uid, gid } = proxyUser();
    await chown(dir, uid, gid);
    const proc = await startProcess({
      command: 'squid',
      args: ['-N', '-f', path.join(dir, 'squid.conf')],
      waitForPort: { port },
      readyTimeoutMs: 30_000,
    });
    for (let waited = 0; gone.connections === 0 && waited < 10_000; waited += 50) await delay(50);
    await gone.stop();
    return { port, stop: stopper(proc, dir) };
  },
  cases: [
    { name: '502-peer-dead', path: '/refused', status: 502, setup: 'cache_peer originserver on a port that was closed when Squid started (marked dead by its startup probe)',
      expect: { generatedBy: 'squid', vendorCode: 'ERR_READ_ERROR',
        detail: 'Read Error. An error condition occurred while reading data from the network. Please retry your request.', edge: 'squid', cacheHit: false } },
    { name: '503-refused', path: '/gone', status: 503, setup: 'cache_peer originserver that was up when Squid started and refuses connections now',
      expect: { generatedBy: 'squid', vendorCode: 'ERR_CONNECT_FAIL',
        detail: 'Connection to 127.0.0.1 failed. The system returned: (111) Connection refused. The remote host or network may be down. Please try the request again.', edge: 'squid', cacheHit: false } },
    { name: '504-timeout', path: '/timeout', status: 504, setup: 'read_timeout 1 seconds, an origin that never answers',
      expect: { generatedBy: 'squid', vendorCode: 'ERR_READ_TIMEOUT',
        detail: 'Read Timeout. A Timeout occurred while waiting to read data from the network. The network or server may be down or congested. Please retry your request.', edge: 'squid', cacheHit: false } },
  ],
};
