// Apache httpd 2.4 (Debian) with mod_proxy_http in front of broken upstreams.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { freePort, makeTempDir, startProcess } from '../../support/process.js';
import { commandOutput, firstMatch, stopper, type Scenario } from './types.js';

const MODULES = '/usr/lib/apache2/modules';

export const apache: Scenario = {
  software: 'apache',
  binary: 'apache2',
  version: async () => firstMatch(await commandOutput('apache2', ['-v']), /Apache\/[\d.]+ \(\w+\)/),
  async start(up) {
    const dir = await makeTempDir('apache');
    const port = await freePort();
    // ServerTokens OS and ServerSignature On are what Debian's conf-enabled/security.conf ships;
    // /refused turns the signature off to show the page without its <address> line.
    const conf = `
ServerRoot ${dir}
LoadModule mpm_event_module ${MODULES}/mod_mpm_event.so
LoadModule authz_core_module ${MODULES}/mod_authz_core.so
LoadModule proxy_module ${MODULES}/mod_proxy.so
LoadModule proxy_http_module ${MODULES}/mod_proxy_http.so
User www-data
Group www-data
Listen 127.0.0.1:${port}
ServerName localhost
PidFile ${dir}/httpd.pid
DefaultRuntimeDir ${dir}
ErrorLog ${dir}/error.log
LogLevel warn
ServerTokens OS
ServerSignature On
ProxyPass /refused http://127.0.0.1:${up.refused}/ retry=0
ProxyPass /garbage http://127.0.0.1:${up.garbage}/ retry=0
ProxyPass /timeout http://127.0.0.1:${up.slow}/ retry=0 timeout=1
ProxyPass /corrupt http://127.0.0.1:${up.corrupt}/ retry=0
ProxyPass /closed http://127.0.0.1:${up.closing}/ retry=0
<Location /refused>
  ServerSignature Off
</Location>
`;
    await writeFile(path.join(dir, 'apache2.conf'), conf);
    const proc = await startProcess({
      command: 'apache2',
      args: ['-f', path.join(dir, 'apache2.conf'), '-DFOREGROUND'],
      waitForPort: { port },
    });
    return { port, stop: stopper(proc, dir) };
  },
  cases: [
    { name: '503-refused', path: '/refused', status: 503, setup: 'ProxyPass to a closed port (ServerSignature Off)',
      expect: { generatedBy: 'apache', vendorCode: null,
        detail: 'The server is temporarily unable to service your request due to maintenance downtime or capacity problems. Please try again later.' } },
    { name: '200-garbage-as-http09', path: '/garbage', status: 200, setup: 'ProxyPass to an upstream that answers a line that is not HTTP (relayed as an HTTP/0.9 body)',
      expect: { generatedBy: 'apache', vendorCode: null, detail: null } },
    { name: '502-corrupt', path: '/corrupt', status: 502, setup: 'ProxyPass to an upstream that answers `HTTP/2.0 200 OK` over HTTP/1',
      expect: { generatedBy: 'apache', vendorCode: 'Corrupt status line returned by remote server',
        detail: 'Corrupt status line returned by remote server: HTTP/2.0 200 OK' } },
    { name: '502-timeout', path: '/timeout', status: 502, setup: 'ProxyPass timeout=1 to an upstream that never answers',
      expect: { generatedBy: 'apache', vendorCode: 'Error reading from remote server', detail: 'Error reading from remote server' } },
    { name: '502-closed', path: '/closed', status: 502, setup: 'ProxyPass to an upstream that closes without a byte',
      expect: { generatedBy: 'apache', vendorCode: 'Error reading from remote server', detail: 'Error reading from remote server' } },
  ],
};
