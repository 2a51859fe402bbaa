// Gateway scenarios behind a real Apache httpd (mod_proxy + mod_proxy_http), diagnosed end to end.
//
// What Apache 2.4.71 (Debian 12) does, observed with curl and its ErrorLog at `LogLevel warn`:
// - a refused connect: 503 with the stock "temporarily unable to service your request due to
//   maintenance downtime or capacity problems" page; log `(111)Connection refused: AH00957: http:
//   attempt to connect to 127.0.0.1:P … failed` then `[client 127.0.0.1:C] AH01114: HTTP: failed to
//   make connection to backend: 127.0.0.1` (no AH00959/AH00940 retry window in 2.4.71);
// - bytes that are not HTTP (a NUL in the status line): 502 "Proxy Error", Reason "Error reading
//   from remote server"; log `(22)Invalid argument: [client …] AH01102: error reading status line
//   from remote server …` + `AH00898: Error reading from remote server returned by /garbage`
//   (with garbage that has no newline at all it is `(70014)End of file found` instead);
// - no answer within `ProxyTimeout 1`: the same 502 page after 1.0 s (not 504); log
//   `(70007)The timeout specified has expired: … AH01102: …`.
// None of these lines carries the request's query string, so the `whydown-probe=` marker never
// appears at `warn` (AH00898 names the path only). Only `LogLevel proxy:debug` writes it, in
// `AH00944: connecting http://127.0.0.1:P/?whydown-probe=… to 127.0.0.1:P` on the same
// `[pid:tid]` as the error lines. The logs step recognises this run's lines by the client address
// and port Apache logs (`[client 127.0.0.1:C]`) instead.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { startApache, type Apache } from '../support/apache.js';
import { deadPort, delay } from '../support/process.js';
import { startGarbage, type RawServer } from '../support/raw-servers.js';
import { startSlowUpstream, type Upstream } from '../support/upstreams.js';
import { runScenario, scoreTable, SCORES } from './scenario.js';

describe('Apache mod_proxy gateway scenarios', () => {
  let apache: Apache;
  let base = '';
  const stops: (() => Promise<void>)[] = [];
  const origin: Record<string, string> = {};

  before(async () => {
    const closedPort = await deadPort();
    // 4 KiB of random bytes (the first a NUL) all but surely hold a newline, so Apache reads a
    // "status line" with a NUL in it, every time.
    const garbage: RawServer = await startGarbage(4096);
    const slow: Upstream = await startSlowUpstream(5000);
    stops.push(garbage.stop, slow.stop);
    Object.assign(origin, {
      refused: `http://127.0.0.1:${closedPort}/`, garbage: `http://127.0.0.1:${garbage.port}/`, slow: `http://127.0.0.1:${slow.port}/`,
    });
    apache = await startApache(`
ProxyTimeout 1
ProxyPass /refused http://127.0.0.1:${closedPort}/
ProxyPass /garbage http://127.0.0.1:${garbage.port}/
ProxyPass /slow http://127.0.0.1:${slow.port}/
`, { modules: ['proxy', 'proxy_http'] });
    base = `http://127.0.0.1:${apache.port}`;
    // mpm_event logs AH10159 ("… consider raising the MaxRequestWorkers setting") about a second
    // after start with the starter's small pool; let it pass before the first run reads the log.
    for (let waited = 0; waited < 2000; waited += 100) {
      if ((await readFile(apache.errorLog, 'utf8').catch(() => '')).includes('AH10159')) break;
      await delay(100);
    }
  });

  after(async () => {
    await apache?.stop();
    await Promise.all(stops.map((stop) => stop()));
    console.log(`\nApache scenario score\n${scoreTable(SCORES)}`);
  });

  const log = () => [apache.errorLog];

  it('ProxyPass to a closed port: 503, upstream-refused, read from the ErrorLog', async (t) => {
    const report = await runScenario(t, 'apache → closed port (--log)', { url: `${base}/refused`, logs: log() },
      { status: 'down', hop: 'origin', cause: 'upstream-refused', generatedBy: 'apache' });
    assert.equal(report.attempts[0]?.status, 503);
    assert.equal(report.verdict.confidence, 'high');
    const logs = report.steps.find((s) => s.id === 'logs')!;
    assert.equal(logs.result, 'fail', logs.detail); // lines recognised as this run's (by client port)
  });

  it('without the log, the stock 503 is not read as a maintenance page: the likely causes, low confidence', async (t) => {
    const report = await runScenario(t, 'apache → closed port (no log)', { url: `${base}/refused` },
      { status: 'down', hop: 'origin', cause: 'upstream-refused', generatedBy: 'apache' });
    assert.equal(report.verdict.confidence, 'low');
    assert.deepEqual(report.verdict.candidates, ['upstream-refused', 'no-healthy-upstream', 'overloaded', 'maintenance']);
  });

  it('an upstream that sends garbage: 502 Proxy Error, upstream-invalid-response from the log', async (t) => {
    const report = await runScenario(t, 'apache → garbage (--log)', { url: `${base}/garbage`, logs: log() },
      { status: 'down', hop: 'origin', cause: 'upstream-invalid-response', generatedBy: 'apache' });
    assert.equal(report.attempts[0]?.status, 502);
  });

  it('the same 502 without the log: the page cannot tell closed from invalid, low confidence', async (t) => {
    const report = await runScenario(t, 'apache → garbage (no log)', { url: `${base}/garbage` },
      { status: 'down', hop: 'origin', cause: 'upstream-closed', generatedBy: 'apache' });
    assert.equal(report.verdict.confidence, 'low');
    assert.ok(report.verdict.candidates?.includes('upstream-invalid-response'), String(report.verdict.candidates));
  });

  it('a slow upstream past ProxyTimeout 1: 502 after 1 s, upstream-timeout from the log', async (t) => {
    const report = await runScenario(t, 'apache → slow upstream (ProxyTimeout 1, --log)', { url: `${base}/slow`, logs: log() },
      { status: 'down', hop: 'origin', cause: 'upstream-timeout', generatedBy: 'apache' });
    assert.equal(report.attempts[0]?.status, 502);
    assert.equal(report.verdict.confidence, 'high');
  });

  it('the same without the log: a 502 "Error reading from remote server" at a fixed time is Apache\'s timeout', async (t) => {
    const report = await runScenario(t, 'apache → slow upstream (no log)', { url: `${base}/slow` },
      { status: 'down', hop: 'origin', cause: 'upstream-timeout', generatedBy: 'apache' });
    assert.equal(report.steps.find((s) => s.id === 'timing')?.result, 'fail');
  });

  // --origin, no log: the origin asked directly decides what Apache's page leaves open.
  it('the stock 503 with --origin refusing too: upstream-refused, high', async (t) => {
    const report = await runScenario(t, 'apache 503, origin refuses (--origin)', { url: `${base}/refused`, origin: origin.refused! },
      { status: 'down', hop: 'origin', cause: 'upstream-refused', generatedBy: 'apache' });
    assert.equal(report.verdict.confidence, 'high');
    assert.equal(report.verdict.candidates, undefined);
  });

  it('the 502 with --origin sending garbage too: upstream-invalid-response, high', async (t) => {
    const report = await runScenario(t, 'apache 502, origin sends garbage (--origin)', { url: `${base}/garbage`, origin: origin.garbage! },
      { status: 'down', hop: 'origin', cause: 'upstream-invalid-response', generatedBy: 'apache' });
    assert.equal(report.verdict.confidence, 'high');
  });

  it('the 502 after 1 s with --origin answering only after 5 s: upstream-timeout, high', async (t) => {
    const report = await runScenario(t, 'apache 502 at 1 s, origin answers after 5 s (--origin)', { url: `${base}/slow`, origin: origin.slow! },
      { status: 'down', hop: 'origin', cause: 'upstream-timeout', generatedBy: 'apache' });
    assert.equal(report.verdict.confidence, 'high');
    assert.equal(report.steps.find((s) => s.id === 'cdn')?.evidence.originImplies, 'upstream-timeout');
  });
});
