// Gateway scenarios behind a real HAProxy, diagnosed end to end, with its httplog as the log.
//
// What HAProxy 2.6 (Debian 12) does, observed with curl and its `option httplog` lines:
// - the only server marked DOWN by its health check: 503 "No server is available to handle this
//   request." at once; log `fe be_down/<NOSRV> 0/-1/-1/-1/0 503 217 - - SC-- … "GET /down?… HTTP/1.1"`
//   after `Server be_down/app1 is DOWN, reason: Layer4 connection problem, info: "Connection refused"`;
// - no health check, the server's port closed: the same 503 page, but after 3 s (retries 3, one
//   second of turn-around each); log `fe be_refused/app1 0/0/-1/-1/3004 503 217 - - SC-- …`;
// - a server that closes without a byte: 502 "The server returned an invalid or incomplete
//   response."; log `… 502 209 - - SH-- …`;
// - a server that sends bytes that are not HTTP: the same 502 page; log `… PH-- …`;
// - `timeout server 1s` and a slower server: 504 "The server didn't respond in time." after 1.0 s;
//   log `… 0/0/0/-1/1001 504 198 - - sH-- …`.
// Every request line in the log quotes the URL, so the `whydown-probe=` marker names this run's lines.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { startHaproxy, type Haproxy } from '../support/haproxy.js';
import { delay } from '../support/process.js';
import { runScenario, scoreTable, SCORES, startBrokenUpstreams } from './scenario.js';

describe('HAProxy gateway scenarios', () => {
  let haproxy: Haproxy;
  let base = '';
  const stops: (() => Promise<void>)[] = [];
  const origin: Record<string, string> = {};

  before(async () => {
    const { closedPort, closesPort, garbagePort, slowPort, stop } = await startBrokenUpstreams();
    stops.push(stop);
    Object.assign(origin, { closes: `http://127.0.0.1:${closesPort}/`, garbage: `http://127.0.0.1:${garbagePort}/` });
    haproxy = await startHaproxy(`
frontend fe
  bind 127.0.0.1:{{PORT}}
  use_backend be_down if { path_beg /down }
  use_backend be_refused if { path_beg /refused }
  use_backend be_closes if { path_beg /closes }
  use_backend be_garbage if { path_beg /garbage }
  use_backend be_slow if { path_beg /slow }
backend be_down
  server app1 127.0.0.1:${closedPort} check inter 200ms fall 1 rise 1
backend be_refused
  server app1 127.0.0.1:${closedPort}
backend be_closes
  server app1 127.0.0.1:${closesPort}
backend be_garbage
  server app1 127.0.0.1:${garbagePort}
backend be_slow
  timeout server 1s
  server app1 127.0.0.1:${slowPort}
`);
    base = `http://127.0.0.1:${haproxy.port}`;
    // Until the first health check fails, be_down/app1 counts as up.
    for (let waited = 0; ; waited += 50) {
      if ((await readFile(haproxy.logFile, 'utf8')).includes('be_down/app1 is DOWN')) break;
      if (waited > 5000) throw new Error(`be_down/app1 never went DOWN:\n${haproxy.process.output()}`);
      await delay(50);
    }
  });

  after(async () => {
    await haproxy?.stop();
    await Promise.all(stops.map((stop) => stop()));
    console.log(`\nHAProxy scenario score\n${scoreTable(SCORES)}`);
  });

  const log = () => [haproxy.logFile];

  it('the only server down by health checks: 503, no-healthy-upstream, the log says <NOSRV>', async (t) => {
    const report = await runScenario(t, 'haproxy → server DOWN by health check (--log)', { url: `${base}/down`, logs: log() },
      { status: 'down', hop: 'gateway', cause: 'no-healthy-upstream', generatedBy: 'haproxy' });
    assert.equal(report.attempts[0]?.status, 503);
    assert.equal(report.verdict.confidence, 'high');
  });

  it('without the log the page names both likely causes, no healthy server first', async (t) => {
    const report = await runScenario(t, 'haproxy → server DOWN by health check (no log)', { url: `${base}/down` },
      { status: 'down', hop: 'gateway', cause: 'no-healthy-upstream', generatedBy: 'haproxy' });
    assert.equal(report.verdict.confidence, 'low');
    assert.deepEqual(report.verdict.candidates, ['no-healthy-upstream', 'upstream-refused']);
  });

  it('no health check, the server refuses: the same 503 page after the retries; the log says app1 SC--', async (t) => {
    const report = await runScenario(t, 'haproxy → server port closed (--log)', { url: `${base}/refused`, logs: log() },
      { status: 'down', hop: 'origin', cause: 'upstream-refused', generatedBy: 'haproxy' });
    assert.equal(report.attempts[0]?.status, 503);
  });

  it('the same without the log: a 503 only after 3 × 1 s of retries means the connects failed', async (t) => {
    await runScenario(t, 'haproxy → server port closed (no log)', { url: `${base}/refused` },
      { status: 'down', hop: 'origin', cause: 'upstream-refused', generatedBy: 'haproxy' });
  });

  it('a server that closes at once: 502, upstream-closed (SH--)', async (t) => {
    const report = await runScenario(t, 'haproxy → server closes (--log)', { url: `${base}/closes`, logs: log() },
      { status: 'down', hop: 'origin', cause: 'upstream-closed', generatedBy: 'haproxy' });
    assert.equal(report.attempts[0]?.status, 502);
    assert.equal(report.verdict.confidence, 'high');
  });

  it('the same 502 without the log: closed, invalid or too big, low confidence', async (t) => {
    const report = await runScenario(t, 'haproxy → server closes (no log)', { url: `${base}/closes` },
      { status: 'down', hop: 'origin', cause: 'upstream-closed', generatedBy: 'haproxy' });
    assert.equal(report.verdict.confidence, 'low');
    assert.ok((report.verdict.candidates?.length ?? 0) > 1);
  });

  // --origin, no log: HAProxy's one 502 page for closed, garbled and oversized answers, decided by
  // what the server does when asked directly.
  it('the 502 with --origin closing on us too: upstream-closed, high', async (t) => {
    const report = await runScenario(t, 'haproxy 502, origin closes (--origin)', { url: `${base}/closes`, origin: origin.closes! },
      { status: 'down', hop: 'origin', cause: 'upstream-closed', generatedBy: 'haproxy' });
    assert.equal(report.verdict.confidence, 'high');
  });

  it('the 502 with --origin sending garbage: upstream-invalid-response, high', async (t) => {
    const report = await runScenario(t, 'haproxy 502, origin sends garbage (--origin)', { url: `${base}/garbage`, origin: origin.garbage! },
      { status: 'down', hop: 'origin', cause: 'upstream-invalid-response', generatedBy: 'haproxy' });
    assert.equal(report.verdict.confidence, 'high');
  });

  it('a server that sends garbage: 502, upstream-invalid-response (PH--)', async (t) => {
    await runScenario(t, 'haproxy → garbage (--log)', { url: `${base}/garbage`, logs: log() },
      { status: 'down', hop: 'origin', cause: 'upstream-invalid-response', generatedBy: 'haproxy' });
  });

  it('timeout server 1s and a slow server: 504, upstream-timeout (sH--)', async (t) => {
    const report = await runScenario(t, 'haproxy → slow server (timeout server 1s, --log)', { url: `${base}/slow`, logs: log() },
      { status: 'down', hop: 'origin', cause: 'upstream-timeout', generatedBy: 'haproxy' });
    assert.equal(report.attempts[0]?.status, 504);
    assert.equal(report.verdict.confidence, 'high');
  });

  it('the 504 without the log: upstream-timeout, and the 1 s limit is found', async (t) => {
    const report = await runScenario(t, 'haproxy → slow server (no log)', { url: `${base}/slow` },
      { status: 'down', hop: 'origin', cause: 'upstream-timeout', generatedBy: 'haproxy' });
    assert.match(report.steps.find((s) => s.id === 'timing')!.detail, /1\.0\d s/);
  });
});
