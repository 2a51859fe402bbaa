// lighttpd 1.4 (Debian) mod_proxy to broken upstreams.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { freePort, makeTempDir, startProcess } from '../../support/process.js';
import { commandOutput, firstMatch, stopper, type Scenario } from './types.js';

export const lighttpd: Scenario = {
  software: 'lighttpd',
  binary: 'lighttpd',
  version: async () => firstMatch(await commandOutput('lighttpd', ['-v']), /lighttpd\/[\d.]+/),
  async start(up) {
    const dir = await makeTempDir('lighttpd');
    const port = await freePort();
    const proxy = (upstream: number, extra = ''): string =>
      `proxy.server = ( "" => ( ( "host" => "127.0.0.1", "port" => ${upstream} ${extra}) ) )`;
    const conf = `
server.modules = ( "mod_proxy" )
server.document-root = "${dir}"
server.bind = "127.0.0.1"
server.port = ${port}
server.errorlog = "${dir}/error.log"
$HTTP["url"] =~ "^/refused" { ${proxy(up.refused)} }
$HTTP["url"] =~ "^/closed" { ${proxy(up.closing)} }
$HTTP["url"] =~ "^/timeout" { ${proxy(up.slow, ', "read-timeout" => 1')} }
`;
    await writeFile(path.join(dir, 'lighttpd.conf'), conf);
    const proc = await startProcess({ command: 'lighttpd', args: ['-D', '-f', path.join(dir, 'lighttpd.conf')], waitForPort: { port } });
    return { port, stop: stopper(proc, dir) };
  },
  cases: [
    { name: '503-refused', path: '/refused', status: 503, setup: 'proxy.server on a closed port',
      expect: { generatedBy: 'lighttpd', vendorCode: null, detail: null } },
    { name: '500-closed', path: '/closed', status: 500, setup: 'proxy.server that closes without a byte',
      expect: { generatedBy: 'lighttpd', vendorCode: null, detail: null } },
    { name: '504-timeout', path: '/timeout', status: 504, setup: 'proxy.server read-timeout 1, an upstream that never answers',
      expect: { generatedBy: 'lighttpd', vendorCode: null, detail: null } },
  ],
};
