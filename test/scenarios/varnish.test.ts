// Gateway scenarios behind a real Varnish, diagnosed end to end. Varnish has no error log: its
// failures are in the shared-memory log, so the test streams `varnishlog -g request` to a file
// (as an operator would with `varnishlog -A -w`) and hands that file to --log.
//
// What Varnish 7.1 (Debian 12) does, observed with curl and varnishlog:
// - every failed backend fetch: 503 "Backend fetch failed", `Retry-After: 5`, the Guru Meditation
//   page with `XID: n`, `Server: Varnish`, `Via: 1.1 varnish (Varnish/7.1)` — the same page whatever
//   went wrong;
// - backend port closed: FetchError `backend dead: fail errno 111 (Connection refused)`, and within
//   backend_remote_error_holddown (0.25 s) after it `backend dead: fail errno 0 (Success)` without a
//   new connect;
// - backend with a probe that fails: FetchError `backend sick: unhealthy`;
// - `.first_byte_timeout = 1s` and a slower backend: the same 503 after 1.0 s, FetchError
//   `first byte timeout`. Requests for the same URL that arrive while a fetch is under way wait for
//   it (request coalescing) and get its 503 with two ids in X-Varnish: without the marker (no
//   --log) the attempts 0.25 s apart all end together, after 1.0, 0.8 and 0.6 s.
// The BereqURL/ReqURL records carry the query string, so the `whydown-probe=` marker names this
// run's transactions.
import assert from 'node:assert/strict';
import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { deadPort, delay, startProcess, type RunningProcess } from '../support/process.js';
import { startSlowUpstream } from '../support/upstreams.js';
import { startVarnish, type Varnish } from '../support/varnish.js';
import { runScenario, scoreTable, SCORES } from './scenario.js';

describe('Varnish gateway scenarios', () => {
  let varnish: Varnish;
  let varnishlog: RunningProcess;
  let logFile = '';
  let base = '';
  const stops: (() => Promise<void>)[] = [];

  before(async () => {
    const closedPort = await deadPort();
    const slow = await startSlowUpstream(5000);
    stops.push(slow.stop);
    varnish = await startVarnish(`
backend dead { .host = "127.0.0.1"; .port = "${closedPort}"; }
backend sick {
  .host = "127.0.0.1"; .port = "${closedPort}";
  .probe = { .url = "/"; .interval = 1s; .timeout = 500ms; .window = 3; .threshold = 2; .initial = 0; }
}
backend slow { .host = "127.0.0.1"; .port = "${slow.port}"; .first_byte_timeout = 1s; }
sub vcl_recv {
  if (req.url ~ "^/sick") { set req.backend_hint = sick; }
  elsif (req.url ~ "^/slow") { set req.backend_hint = slow; }
  else { set req.backend_hint = dead; }
}
`);
    base = `http://127.0.0.1:${varnish.port}`;
    logFile = path.join(varnish.dir, 'varnishlog.txt');
    varnishlog = await startProcess({ command: 'varnishlog', args: ['-n', varnish.workDir, '-g', 'request', '-u'] });
    const out = createWriteStream(logFile);
    varnishlog.child.stdout?.on('data', (chunk: Buffer) => out.write(chunk));
    stops.push(async () => {
      await varnishlog.stop();
      await new Promise((resolve) => out.end(resolve));
    });
    // varnishlog attaches to the shared memory a moment after it starts: wait until it shows a request.
    for (let waited = 0; ; waited += 100) {
      await fetch(`${base}/varnishlog-attached`).then((r) => r.arrayBuffer(), () => null);
      await delay(100);
      if ((await readFile(logFile, 'utf8').catch(() => '')).includes('/varnishlog-attached')) break;
      if (waited > 10_000) throw new Error(`varnishlog shows nothing:\n${varnishlog.output()}`);
    }
  });

  after(async () => {
    await Promise.all(stops.map((stop) => stop()));
    await varnish?.stop();
    console.log(`\nVarnish scenario score\n${scoreTable(SCORES)}`);
  });

  it('dead backend: 503 Guru Meditation; the page cannot say why, so the likely causes, low confidence', async (t) => {
    const report = await runScenario(t, 'varnish → dead backend (no log)', { url: `${base}/` },
      { status: 'down', hop: 'origin', cause: 'upstream-refused', generatedBy: 'varnish' });
    assert.equal(report.attempts[0]?.status, 503);
    assert.equal(report.verdict.confidence, 'low');
    assert.deepEqual(report.verdict.candidates,
      ['upstream-refused', 'upstream-closed', 'upstream-timeout', 'upstream-invalid-response', 'no-healthy-upstream']);
  });

  it('dead backend with varnishlog: FetchError "fail errno 111 (Connection refused)", upstream-refused', async (t) => {
    const report = await runScenario(t, 'varnish → dead backend (--log varnishlog)', { url: `${base}/`, logs: [logFile] },
      { status: 'down', hop: 'origin', cause: 'upstream-refused', generatedBy: 'varnish' });
    assert.equal(report.verdict.confidence, 'high');
  });

  it('backend sick by its probe: the same page; varnishlog says "unhealthy", no-healthy-upstream', async (t) => {
    const report = await runScenario(t, 'varnish → sick backend (--log varnishlog)', { url: `${base}/sick`, logs: [logFile] },
      { status: 'down', hop: 'gateway', cause: 'no-healthy-upstream', generatedBy: 'varnish' });
    assert.equal(report.verdict.confidence, 'high');
  });

  it('first_byte_timeout 1s and a slow backend: the same 503 after 1 s; varnishlog says "first byte timeout"', async (t) => {
    const report = await runScenario(t, 'varnish → slow backend (first_byte_timeout 1s, --log)', { url: `${base}/slow`, logs: [logFile] },
      { status: 'down', hop: 'origin', cause: 'upstream-timeout', generatedBy: 'varnish' });
    assert.equal(report.verdict.confidence, 'high');
  });

  it('the same without the log: later requests wait on the first one\'s fetch and end with it, so the wait is 1 s for all', async (t) => {
    const report = await runScenario(t, 'varnish → slow backend (no log)', { url: `${base}/slow` },
      { status: 'down', hop: 'origin', cause: 'upstream-timeout', generatedBy: 'varnish' });
    // Coalesced: a later attempt is answered from the first one's fetch (two ids in X-Varnish).
    assert.ok(report.attempts.some((a) => (a.headers['x-varnish'] ?? '').trim().split(/\s+/).length === 2));
    const timing = report.steps.find((s) => s.id === 'timing')!;
    assert.equal(timing.result, 'fail', timing.detail);
    assert.match(timing.detail, /about 1\.0\d s.*joined a request already waiting/);
  });
});
