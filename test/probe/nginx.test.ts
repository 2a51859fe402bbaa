// The probe and the verdict against a real nginx: healthy, slow, blank, 500, redirect loop.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { diagnose } from '../../src/diagnose/diagnose.js';
import { probe } from '../../src/core/probe/probe.js';
import { runCli } from '../support/cli.js';
import { startNginx, type Nginx } from '../support/nginx.js';

describe('probe against a real nginx', () => {
  let nginx: Nginx;
  let base: string;

  before(async () => {
    nginx = await startNginx(`
      location = / { return 200 "<html><head><title>Shop</title></head><body><h1>Welcome</h1></body></html>"; }
      location = /slow { echo_sleep 0.6; echo "finally"; }
      location = /empty { return 200 ""; }
      location = /blank-html { return 200 "<html><head><title>x</title></head><body>\\n  <div></div>\\n</body></html>"; }
      location = /spa { return 200 "<html><body><div id=root></div><script src=/app.js></script></body></html>"; }
      location = /error { return 500; }
      location = /loop { return 302 /loop; }
      location = /ping { return 302 /pong; }
      location = /pong { return 301 /ping; }
      location = /hop { return 301 /; }
      location = /missing { return 404; }
      location = /gzip { gzip on; gzip_min_length 1; gzip_types text/plain; default_type text/plain; return 200 "compressed hello compressed hello compressed hello"; }
    `, '', { echoModule: true });
    base = `http://127.0.0.1:${nginx.port}`;
  });
  after(async () => { await nginx?.stop(); });

  const get = (path: string, extra: Partial<Parameters<typeof probe>[1]> = {}) =>
    probe(new URL(base + path), { timeoutMs: 5000, ...extra });

  it('a healthy page is ok, with every phase timed and none invented', async () => {
    const result = await get('/');
    assert.equal(result.cause, 'ok');
    assert.equal(result.status, 200);
    assert.equal(result.headers.server?.startsWith('nginx'), true);
    assert.match(result.bodySample, /Welcome/);
    assert.equal(result.timings.dns, undefined, 'no DNS for an IP literal');
    assert.equal(result.timings.tls, undefined, 'no TLS for http://');
    for (const phase of ['tcp', 'firstByte', 'download', 'total'] as const) {
      assert.equal(typeof result.timings[phase], 'number', phase);
      assert.ok(Number.isFinite(result.timings[phase]!) && result.timings[phase]! > 0, `${phase}: ${result.timings[phase]} ms`);
    }
    const { tcp, firstByte, download, total } = result.timings;
    assert.ok(tcp! + firstByte! + download! <= total, `phases ${JSON.stringify(result.timings)} fit in the total`);
  });

  it('a first byte later than the threshold is slow-response, and the delay shows in firstByte', async () => {
    const result = await get('/slow', { slowFirstByteMs: 300 });
    assert.equal(result.cause, 'slow-response');
    assert.ok(result.timings.firstByte! >= 550, `firstByte ${result.timings.firstByte}`);
  });

  it('200 with no bytes, or HTML with nothing to show, is a blank page; a script-rendered page is not', async () => {
    assert.equal((await get('/empty')).cause, 'blank-page');
    assert.equal((await get('/blank-html')).cause, 'blank-page');
    assert.equal((await get('/spa')).cause, 'ok');
  });

  it('500 is app-error', async () => {
    const result = await get('/error');
    assert.equal(result.status, 500);
    assert.equal(result.cause, 'app-error');
  });

  it('a redirect to itself, or a ping-pong, is a redirect loop; a single redirect is followed', async () => {
    const loop = await get('/loop');
    assert.equal(loop.cause, 'redirect-loop');
    assert.equal(loop.redirects.length, 1);
    const pingPong = await get('/ping');
    assert.equal(pingPong.cause, 'redirect-loop');
    assert.equal(pingPong.redirects.length, 2);
    const hop = await get('/hop');
    assert.equal(hop.cause, 'ok');
    assert.equal(hop.redirects[0]?.status, 301);
    assert.equal(hop.url, `${base}/`);
  });

  it('a gzip body is decoded in the sample', async () => {
    const result = await get('/gzip', { headers: { 'accept-encoding': 'gzip' } });
    assert.equal(result.headers['content-encoding'], 'gzip');
    assert.match(result.bodySample, /^compressed hello/);
  });

  it('diagnose gives the verdict for each, with the Monitoring Plugins status', async () => {
    const cases: [string, string, string, string][] = [
      ['/', 'up', 'ok', 'none'],
      ['/error', 'down', 'app-error', 'origin'],
      ['/empty', 'down', 'blank-page', 'origin'],
      ['/loop', 'down', 'redirect-loop', 'origin'],
      ['/missing', 'degraded', 'not-found', 'origin'],
    ];
    for (const [path, status, cause, hop] of cases) {
      const report = await diagnose(new URL(base + path), { retries: 2, probe: { timeoutMs: 5000 } });
      assert.equal(report.verdict.status, status, path);
      assert.equal(report.verdict.cause, cause, path);
      assert.equal(report.verdict.hop, hop, path);
      assert.equal(report.attempts.filter((a) => a.step === 'reload').length, 2);
      if (status !== 'up') assert.ok(report.verdict.fixes.length >= 2);
    }
  });

  it('the CLI prints one JSON object with --json and exits 0 / 2', async () => {
    const up = await runCli(['--json', `${base}/`]);
    assert.equal(up.code, 0, up.stderr);
    const report = JSON.parse(up.stdout) as { verdict: { status: string }; attempts: unknown[]; steps: { id: string }[] };
    assert.equal(report.verdict.status, 'up');
    assert.deepEqual(report.steps.map((s) => s.id).sort(), ['addresses', 'authority', 'cache', 'cdn', 'client-profile', 'dns', 'fingerprint', 'logs', 'reload', 'timing', 'tls']);
    const down = await runCli(['diagnose', `${base}/error`, '--json', '--retries', '1']);
    assert.equal(down.code, 2);
    assert.equal(JSON.parse(down.stdout).verdict.cause, 'app-error');
  });

  it('the terminal output shows the steps and ends with the verdict and what to do', async () => {
    const run = await runCli([`${base}/error`, '--retries', '1']);
    assert.equal(run.code, 2);
    assert.match(run.stdout, /Reload the page/);
    assert.match(run.stdout, /DOWN/);
    assert.match(run.stdout, /What to do:/);
    assert.doesNotMatch(run.stdout, /\u001b\[/, 'no colour codes when NO_COLOR is set and stdout is not a TTY');
  });
});
