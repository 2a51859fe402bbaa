// Caddy 2.6 (Debian) reverse_proxy to broken upstreams.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { freePort, makeTempDir, startProcess } from '../../support/process.js';
import { commandOutput, firstMatch, stopper, type Scenario } from './types.js';

export const caddy: Scenario = {
  software: 'caddy',
  binary: 'caddy',
  version: async () => `Caddy/${firstMatch(await commandOutput('caddy', ['version']), /v?[\d.]+/).replace(/^v/, '')}`,
  async start(up) {
    const dir = await makeTempDir('caddy');
    const port = await freePort();
    const conf = `{
  admin off
  auto_https off
}
http://:${port} {
  bind 127.0.0.1
  handle /refused* {
    reverse_proxy 127.0.0.1:${up.refused}
  }
  handle /closed* {
    reverse_proxy 127.0.0.1:${up.closing}
  }
  handle /timeout* {
    reverse_proxy 127.0.0.1:${up.slow} {
      transport http {
        response_header_timeout 1s
      }
    }
  }
}
`;
    await writeFile(path.join(dir, 'Caddyfile'), conf);
    for (const sub of ['data', 'config']) await mkdir(path.join(dir, sub));
    const proc = await startProcess({
      command: 'caddy',
      args: ['run', '--config', path.join(dir, 'Caddyfile'), '--adapter', 'caddyfile'],
      env: { ...process.env, HOME: dir, XDG_DATA_HOME: path.join(dir, 'data'), XDG_CONFIG_HOME: path.join(dir, 'config') },
      waitForPort: { port },
    });
    return { port, stop: stopper(proc, dir) };
  },
  cases: [
    { name: '502-refused', path: '/refused', status: 502, setup: 'reverse_proxy to a closed port',
      expect: { generatedBy: 'caddy', vendorCode: null, detail: null } },
    { name: '502-closed', path: '/closed', status: 502, setup: 'reverse_proxy to an upstream that closes without a byte',
      expect: { generatedBy: 'caddy', vendorCode: null, detail: null } },
    { name: '504-timeout', path: '/timeout', status: 504, setup: 'response_header_timeout 1s, an upstream that never answers',
      expect: { generatedBy: 'caddy', vendorCode: null, detail: null } },
  ],
};
