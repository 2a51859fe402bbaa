// nginx 1.22 (Debian) as a reverse proxy in front of broken upstreams.
import { startNginx } from '../../support/nginx.js';
import { commandOutput, firstMatch, stopper, type Scenario } from './types.js';

export const nginx: Scenario = {
  software: 'nginx',
  binary: 'nginx',
  version: async () => firstMatch(await commandOutput('nginx', ['-v']), /nginx\/[\d.]+/),
  async start(up) {
    const server = await startNginx(`
      location /refused { proxy_pass http://127.0.0.1:${up.refused}; }
      location /timeout { proxy_pass http://127.0.0.1:${up.slow}; proxy_read_timeout 1s; }
      location /closed { proxy_pass http://127.0.0.1:${up.closing}; }
      location /maintenance { server_tokens off; return 503; }
    `);
    return { port: server.port, stop: stopper(server, server.dir) };
  },
  cases: [
    { name: '502-refused', path: '/refused', status: 502, setup: 'proxy_pass to a closed port',
      expect: { generatedBy: 'nginx', vendorCode: null, detail: null } },
    { name: '504-timeout', path: '/timeout', status: 504, setup: 'proxy_pass to an upstream that never answers; proxy_read_timeout 1s',
      expect: { generatedBy: 'nginx', vendorCode: null, detail: null } },
    { name: '502-closed', path: '/closed', status: 502, setup: 'proxy_pass to an upstream that closes without a byte',
      expect: { generatedBy: 'nginx', vendorCode: null, detail: null } },
    { name: '503-return-tokens-off', path: '/maintenance', status: 503, setup: '`return 503` with server_tokens off',
      expect: { generatedBy: 'nginx', vendorCode: null, detail: null } },
  ],
};
