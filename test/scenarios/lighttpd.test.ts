// Gateway scenarios behind a real lighttpd (mod_proxy), diagnosed end to end.
//
// What lighttpd 1.4.69 (Debian 12) does, observed with curl and its error log:
// - mod_proxy to a closed port: 503 with its stock XHTML page (no brand in it, `Server:
//   lighttpd/1.4.69`); log `(gw_backend.c.274) establishing connection failed: socket:
//   tcp:127.0.0.1:P: Connection refused` then `(gw_backend.c.960) all handlers for /refused?whydown-probe=…
//   on  are down.`; the backend is then disabled for a few seconds, and requests meanwhile get the
//   same 503 with no log line at all (`gw-server re-enabled` later);
// - an upstream that closes without a byte (or sends garbage): its stock 500 page, nothing logged
//   (an application's own 500, even with an empty body, is relayed as is, without the stock page);
// - `"read-timeout" => 1` and a slower upstream: its stock 504 page after 2–3 s (timeouts are
//   checked once a second); log `(gw_backend.c.2708) read timeout on socket: tcp:127.0.0.1:P (fd: n)`,
//   which names no request.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startLighttpd, type Lighttpd } from '../support/lighttpd.js';
import { deadPort } from '../support/process.js';
import { startEmptyResponse } from '../support/raw-servers.js';
import { startSlowUpstream } from '../support/upstreams.js';
import { runScenario, scoreTable, SCORES } from './scenario.js';

describe('lighttpd gateway scenarios', () => {
  let lighttpd: Lighttpd;
  let base = '';
  const stops: (() => Promise<void>)[] = [];

  before(async () => {
    const closedPort = await deadPort();
    const closes = await startEmptyResponse();
    const slow = await startSlowUpstream(6000);
    stops.push(closes.stop, slow.stop);
    const proxy = (port: number, extra = '') => `proxy.server = ( "" => ( ( "host" => "127.0.0.1", "port" => ${port}${extra} ) ) )`;
    lighttpd = await startLighttpd(`
$HTTP["url"] =~ "^/refused" { ${proxy(closedPort)} }
$HTTP["url"] =~ "^/closes" { ${proxy(closes.port)} }
$HTTP["url"] =~ "^/slow" { ${proxy(slow.port, ', "read-timeout" => 1')} }
`, { modules: ['mod_proxy'] });
    base = `http://127.0.0.1:${lighttpd.port}`;
  });

  after(async () => {
    await lighttpd?.stop();
    await Promise.all(stops.map((stop) => stop()));
    console.log(`\nlighttpd scenario score\n${scoreTable(SCORES)}`);
  });

  const log = () => [lighttpd.errorLog];

  // First: lighttpd logs the refused connect only until it disables the backend.
  it('mod_proxy to a closed port: 503, upstream-refused from the error log', async (t) => {
    const report = await runScenario(t, 'lighttpd → closed port (--log)', { url: `${base}/refused`, logs: log() },
      { status: 'down', hop: 'origin', cause: 'upstream-refused', generatedBy: 'lighttpd' });
    assert.equal(report.attempts[0]?.status, 503);
    assert.equal(report.verdict.confidence, 'high');
  });

  it('without the log the stock 503 names the likely causes, low confidence', async (t) => {
    const report = await runScenario(t, 'lighttpd → closed port (no log)', { url: `${base}/refused` },
      { status: 'down', hop: 'origin', cause: 'upstream-refused', generatedBy: 'lighttpd' });
    assert.equal(report.verdict.confidence, 'low');
    assert.deepEqual(report.verdict.candidates, ['upstream-refused', 'overloaded']);
  });

  it('an upstream that closes at once: lighttpd\'s own 500, not the application\'s; nothing logged', async (t) => {
    const report = await runScenario(t, 'lighttpd → upstream closes (--log)', { url: `${base}/closes`, logs: log() },
      { status: 'down', hop: 'origin', cause: 'upstream-closed', generatedBy: 'lighttpd' });
    assert.equal(report.attempts[0]?.status, 500);
    assert.equal(report.verdict.confidence, 'low');
    assert.ok(report.verdict.candidates?.includes('app-error'), String(report.verdict.candidates));
    assert.equal(report.steps.find((s) => s.id === 'logs')?.result, 'pass'); // lighttpd wrote nothing
  });

  it('read-timeout 1 and a slow upstream: 504, upstream-timeout', async (t) => {
    const report = await runScenario(t, 'lighttpd → slow upstream (read-timeout 1, --log)', { url: `${base}/slow`, logs: log() },
      { status: 'down', hop: 'origin', cause: 'upstream-timeout', generatedBy: 'lighttpd' });
    assert.equal(report.attempts[0]?.status, 504);
  });
});
