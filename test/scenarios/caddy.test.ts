// Gateway scenarios behind a real Caddy v2 (reverse_proxy), diagnosed end to end, with Caddy's
// JSON log (logger http.log.error…) as the log.
//
// What Caddy 2.6 (Debian 12) does, observed with curl and its log: every error is an empty body
// with `Server: Caddy`; the log line quotes the request's uri (so the `whydown-probe=` marker):
// - reverse_proxy to a closed port: 502, `"msg":"dial tcp 127.0.0.1:P: connect: connection refused"`;
// - an upstream that closes without a byte: 502, `"msg":"EOF"`;
// - an upstream that sends garbage: 502, `"msg":"net/http: HTTP/1.x transport connection broken:
//   malformed HTTP response \"\\x00\\xff…\""`;
// - `response_header_timeout 1s` and a slower upstream: 504 after 1.0 s,
//   `"msg":"net/http: timeout awaiting response headers"`.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startCaddy, type Caddy } from '../support/caddy.js';
import { runScenario, scoreTable, SCORES, startBrokenUpstreams } from './scenario.js';

describe('Caddy gateway scenarios', () => {
  let caddy: Caddy;
  let base = '';
  const stops: (() => Promise<void>)[] = [];

  before(async () => {
    const { closedPort, closesPort, garbagePort, slowPort, stop } = await startBrokenUpstreams();
    stops.push(stop);
    caddy = await startCaddy(`
\thandle /refused* {
\t\treverse_proxy 127.0.0.1:${closedPort}
\t}
\thandle /closes* {
\t\treverse_proxy 127.0.0.1:${closesPort}
\t}
\thandle /garbage* {
\t\treverse_proxy 127.0.0.1:${garbagePort}
\t}
\thandle /slow* {
\t\treverse_proxy 127.0.0.1:${slowPort} {
\t\t\ttransport http {
\t\t\t\tresponse_header_timeout 1s
\t\t\t}
\t\t}
\t}
`);
    base = `http://127.0.0.1:${caddy.port}`;
  });

  after(async () => {
    await caddy?.stop();
    await Promise.all(stops.map((stop) => stop()));
    console.log(`\nCaddy scenario score\n${scoreTable(SCORES)}`);
  });

  const log = () => [caddy.log];

  it('reverse_proxy to a closed port: 502, upstream-refused from the log', async (t) => {
    const report = await runScenario(t, 'caddy → closed port (--log)', { url: `${base}/refused`, logs: log() },
      { status: 'down', hop: 'origin', cause: 'upstream-refused', generatedBy: 'caddy' });
    assert.equal(report.attempts[0]?.status, 502);
    assert.equal(report.attempts[0]?.bodySample, '');
    assert.equal(report.verdict.confidence, 'high');
  });

  it('without the log the empty 502 names the likely causes, low confidence', async (t) => {
    const report = await runScenario(t, 'caddy → closed port (no log)', { url: `${base}/refused` },
      { status: 'down', hop: 'origin', cause: 'upstream-refused', generatedBy: 'caddy' });
    assert.equal(report.verdict.confidence, 'low');
    assert.ok((report.verdict.candidates?.length ?? 0) > 1);
    assert.ok(report.verdict.decideWith?.some((d) => d.includes('--log')));
  });

  it('an upstream that closes at once: 502 "EOF", upstream-closed', async (t) => {
    await runScenario(t, 'caddy → upstream closes (--log)', { url: `${base}/closes`, logs: log() },
      { status: 'down', hop: 'origin', cause: 'upstream-closed', generatedBy: 'caddy' });
  });

  it('an upstream that sends garbage: 502 "malformed HTTP response", upstream-invalid-response', async (t) => {
    await runScenario(t, 'caddy → garbage (--log)', { url: `${base}/garbage`, logs: log() },
      { status: 'down', hop: 'origin', cause: 'upstream-invalid-response', generatedBy: 'caddy' });
  });

  it('response_header_timeout 1s and a slow upstream: 504, upstream-timeout', async (t) => {
    const report = await runScenario(t, 'caddy → slow upstream (response_header_timeout 1s, --log)', { url: `${base}/slow`, logs: log() },
      { status: 'down', hop: 'origin', cause: 'upstream-timeout', generatedBy: 'caddy' });
    assert.equal(report.attempts[0]?.status, 504);
  });
});
