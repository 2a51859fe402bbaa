// Varnish 7.1 (Debian) with a dead backend and a slow one.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { freePort, makeTempDir, startProcess } from '../../support/process.js';
import { commandOutput, firstMatch, stopper, type Scenario } from './types.js';

export const varnish: Scenario = {
  software: 'varnish',
  binary: 'varnishd',
  version: async () => firstMatch(await commandOutput('varnishd', ['-V']), /varnish-[\d.]+/).replace('varnish-', 'varnish/'),
  async start(up) {
    const dir = await makeTempDir('varnish');
    const port = await freePort();
    const adminPort = await freePort();
    const vcl = `vcl 4.1;
backend dead { .host = "127.0.0.1"; .port = "${up.refused}"; }
backend slow { .host = "127.0.0.1"; .port = "${up.slow}"; .first_byte_timeout = 1s; }
backend ok { .host = "127.0.0.1"; .port = "${up.ok}"; }
sub vcl_recv {
  if (req.url ~ "^/timeout") { set req.backend_hint = slow; }
  elsif (req.url ~ "^/cached") { set req.backend_hint = ok; }
  else { set req.backend_hint = dead; }
}
`;
    await writeFile(path.join(dir, 'default.vcl'), vcl);
    const proc = await startProcess({
      command: 'varnishd',
      args: ['-F', '-j', 'none', '-n', path.join(dir, 'work'), '-a', `127.0.0.1:${port}`, '-T', `127.0.0.1:${adminPort}`,
        '-f', path.join(dir, 'default.vcl'), '-s', 'malloc,32m', '-i', 'whydown-test'],
      waitForPort: { port },
      readyTimeoutMs: 30_000,
    });
    return { port, stop: stopper(proc, dir) };
  },
  cases: [
    { name: '503-refused', path: '/refused', status: 503, setup: 'a backend on a closed port',
      expect: { generatedBy: 'varnish', vendorCode: null, detail: 'Backend fetch failed', edge: 'varnish', cacheHit: false } },
    { name: '503-timeout', path: '/timeout', status: 503, setup: 'first_byte_timeout 1s, a backend that never answers',
      expect: { generatedBy: 'varnish', vendorCode: null, detail: 'Backend fetch failed', edge: 'varnish', cacheHit: false } },
    { name: '200-cached', path: '/cached', status: 200, repeat: 2, setup: 'a healthy backend (200, no Server header), asked twice: the second answer is a hit',
      expect: { generatedBy: null, vendorCode: null, detail: null, edge: 'varnish', cacheHit: true } },
  ],
};
