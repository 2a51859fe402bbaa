// HAProxy 2.6 (Debian) with one backend per failure.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { freePort, makeTempDir, startProcess } from '../../support/process.js';
import { commandOutput, firstMatch, stopper, type Scenario } from './types.js';

export const haproxy: Scenario = {
  software: 'haproxy',
  binary: 'haproxy',
  version: async () => firstMatch(await commandOutput('haproxy', ['-v']), /HAProxy version [^\s]+/).replace('HAProxy version ', 'HAProxy/'),
  async start(up) {
    const dir = await makeTempDir('haproxy');
    const port = await freePort();
    const conf = `
global
  log stdout format raw local0
defaults
  mode http
  log global
  option httplog
  timeout connect 1s
  timeout client 5s
  timeout server 1s
frontend web
  bind 127.0.0.1:${port}
  use_backend none if { path_beg /no-server }
  use_backend refused if { path_beg /refused }
  use_backend closed if { path_beg /closed }
  use_backend slow if { path_beg /timeout }
  use_backend garbage if { path_beg /garbage }
backend none
backend refused
  server app 127.0.0.1:${up.refused}
backend closed
  server app 127.0.0.1:${up.closing}
backend slow
  server app 127.0.0.1:${up.slow}
backend garbage
  server app 127.0.0.1:${up.garbage}
`;
    await writeFile(path.join(dir, 'haproxy.cfg'), conf);
    const proc = await startProcess({ command: 'haproxy', args: ['-db', '-f', path.join(dir, 'haproxy.cfg')], waitForPort: { port } });
    return { port, stop: stopper(proc, dir) };
  },
  cases: [
    { name: '503-no-server', path: '/no-server', status: 503, setup: 'a backend without servers',
      expect: { generatedBy: 'haproxy', vendorCode: null, detail: 'No server is available to handle this request.' } },
    { name: '503-refused', path: '/refused', status: 503, setup: 'one server on a closed port (retries exhausted, SC--)',
      expect: { generatedBy: 'haproxy', vendorCode: null, detail: 'No server is available to handle this request.' } },
    { name: '502-closed', path: '/closed', status: 502, setup: 'a server that closes without a byte (SH--)',
      expect: { generatedBy: 'haproxy', vendorCode: null, detail: 'The server returned an invalid or incomplete response.' } },
    { name: '502-garbage', path: '/garbage', status: 502, setup: 'a server that answers a line that is not HTTP (PH--)',
      expect: { generatedBy: 'haproxy', vendorCode: null, detail: 'The server returned an invalid or incomplete response.' } },
    { name: '504-timeout', path: '/timeout', status: 504, setup: 'timeout server 1s, a server that never answers (sH--)',
      expect: { generatedBy: 'haproxy', vendorCode: null, detail: "The server didn't respond in time." } },
  ],
};
