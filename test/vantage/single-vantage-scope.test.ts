// A diagnosis from one vantage says `everyone` only where the failing part is the server's own
// side; a refused connection (which may be this network's firewall) is not known to be everyone's.
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { describe, it } from 'node:test';
import { diagnose } from '../../src/diagnose/diagnose.js';

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('single-vantage scope', () => {
  it('a refused connection seen from one vantage is scope unknown, never everyone', async () => {
    const port = await closedPort();
    const report = await diagnose(new URL(`http://127.0.0.1:${port}/`), { retries: 1, probe: { timeoutMs: 2000 } });
    assert.equal(report.verdict.cause, 'connect-refused');
    assert.equal(report.verdict.status, 'down');
    assert.equal(report.verdict.scope, 'unknown');
    assert.equal(report.verdict.scopeBasis, undefined);
  });
});
