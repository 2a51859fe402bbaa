// Gateway scenarios behind a real Apache Traffic Server (9.2, Debian 12's trafficserver),
// diagnosed end to end. What ATS does, observed with curl (connect retries off, a 1 s inactivity
// timeout): every error is a body_factory page with a <TITLE> naming it, `Server: ATS/9.2.x`, and a
// `Via: http/1.1 traffic_server (ApacheTrafficServer/9.2.x [c sEf ])`; the reason phrase says more:
// - a closed port: `502 Connection refused`, "Could Not Connect";
// - a backend that closes without a byte: `502 Malformed Server Response Status`, "Web Server Error";
// - non-HTTP bytes: `502 Invalid HTTP Response`, "Web Server Error";
// - a slower backend: `504 Connection Timed Out`, "Inactivity Timeout".
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTrafficServer, type TrafficServer } from '../support/trafficserver.js';
import { runScenario, scoreTable, SCORES, startBrokenUpstreams } from './scenario.js';

describe('Apache Traffic Server gateway scenarios', () => {
  let ats: TrafficServer;
  let base = '';
  const stops: (() => Promise<void>)[] = [];

  before(async () => {
    const { closedPort, closesPort, garbagePort, slowPort, stop } = await startBrokenUpstreams();
    stops.push(stop);
    ats = await startTrafficServer(`
map /refused/ http://127.0.0.1:${closedPort}/
map /closes/ http://127.0.0.1:${closesPort}/
map /garbage/ http://127.0.0.1:${garbagePort}/
map /slow/ http://127.0.0.1:${slowPort}/
`, `
CONFIG proxy.config.http.connect_attempts_max_retries INT 0
CONFIG proxy.config.http.transaction_no_activity_timeout_out INT 1
CONFIG proxy.config.http.cache.http INT 0
`);
    base = `http://127.0.0.1:${ats.port}`;
  });

  after(async () => {
    await ats?.stop();
    await Promise.all(stops.map((stop) => stop()));
    console.log(`\nTraffic Server scenario score\n${scoreTable(SCORES)}`);
  });

  it('a closed port: 502 "Could Not Connect", upstream-refused, high', async (t) => {
    const report = await runScenario(t, 'trafficserver → closed port', { url: `${base}/refused/` },
      { status: 'down', hop: 'origin', cause: 'upstream-refused', generatedBy: 'trafficserver' });
    assert.equal(report.attempts[0]?.status, 502);
    assert.equal(report.verdict.confidence, 'high');
  });

  it('a backend that closes without a byte: 502 "Malformed Server Response Status", upstream-closed', async (t) => {
    await runScenario(t, 'trafficserver → closes', { url: `${base}/closes/` },
      { status: 'down', hop: 'origin', cause: 'upstream-closed', generatedBy: 'trafficserver' });
  });

  it('a backend that sends garbage: 502 "Invalid HTTP Response", upstream-invalid-response', async (t) => {
    await runScenario(t, 'trafficserver → garbage', { url: `${base}/garbage/` },
      { status: 'down', hop: 'origin', cause: 'upstream-invalid-response', generatedBy: 'trafficserver' });
  });

  it('a slow backend: 504 "Inactivity Timeout", upstream-timeout', async (t) => {
    const report = await runScenario(t, 'trafficserver → slow backend', { url: `${base}/slow/` },
      { status: 'down', hop: 'origin', cause: 'upstream-timeout', generatedBy: 'trafficserver' });
    assert.equal(report.attempts[0]?.status, 504);
  });
});
