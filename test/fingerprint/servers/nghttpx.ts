// nghttpx (nghttp2 1.52, Debian's nghttp2-proxy) without TLS, one backend per failure.
import { startNghttpx } from '../../support/nghttpx.js';
import { commandOutput, firstMatch, stopper, type Scenario } from './types.js';

const PAGE = { generatedBy: 'nghttpx', vendorCode: null, detail: null } as const;

export const nghttpx: Scenario = {
  software: 'nghttpx',
  binary: 'nghttpx',
  version: async () => firstMatch(await commandOutput('nghttpx', ['--version']), /nghttp2\/[\d.]+/),
  async start(up) {
    const server = await startNghttpx(`
backend=127.0.0.1,${up.closing};/closed/;proto=http/1.1
backend=127.0.0.1,${up.garbage};/garbage/;proto=http/1.1
backend=127.0.0.1,${up.slow};/timeout/;proto=http/1.1
backend=127.0.0.1,${up.refused};;proto=http/1.1
backend-read-timeout=1s
`);
    return { port: server.port, stop: stopper(server.process, server.dir) };
  },
  cases: [
    { name: '502-refused', path: '/refused', status: 502, setup: 'the catch-all backend on a closed port (error log: Backend connect failed … errno=111)', expect: PAGE },
    { name: '502-closed', path: '/closed/', status: 502, setup: 'a backend that closes without a byte', expect: PAGE },
    { name: '502-garbage', path: '/garbage/', status: 502, setup: 'a backend that answers bytes that are not HTTP', expect: PAGE },
    { name: '504-timeout', path: '/timeout/', status: 504, setup: 'backend-read-timeout=1s, a backend that never answers', expect: PAGE },
  ],
};
