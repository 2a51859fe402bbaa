// --origin decides what nginx's 502 page cannot say: the same real nginx in front of an origin
// that refuses, closes, resets, sends garbage, is slow, or is fine while nginx points elsewhere.
// Each is asked directly with --origin and no --log: the origin's own answer names the cause.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { DiagnoseReport } from '../../src/core/model.js';
import { startNginx, type Nginx } from '../support/nginx.js';
import { deadPort } from '../support/process.js';
import { startEmptyResponse, startGarbage, startResetConnection, type RawServer } from '../support/raw-servers.js';
import { startHttpUpstream, startSlowUpstream, type Upstream } from '../support/upstreams.js';
import { runScenario, scoreTable, SCORES } from './scenario.js';

/** What the cdn step shows of the origin's own answer. */
function originEvidence(report: DiagnoseReport): Record<string, unknown> {
  const step = report.steps.find((s) => s.id === 'cdn');
  assert.ok(step, 'no cdn step');
  return step.evidence;
}

describe('nginx with --origin: the origin\'s own answer decides', () => {
  let nginx: Nginx;
  const stops: (() => Promise<void>)[] = [];
  let base = '';
  const origin: Record<string, string> = {};

  before(async () => {
    const refused = await deadPort();
    const misrouted = await deadPort();
    const closes: RawServer = await startEmptyResponse();
    const resets: RawServer = await startResetConnection();
    const garbage: RawServer = await startGarbage();
    const slow: Upstream = await startSlowUpstream(3000);
    const healthy: Upstream = await startHttpUpstream((_req, res) => res.end('<html><body>app is fine</body></html>'));
    stops.push(closes.stop, resets.stop, garbage.stop, slow.stop, healthy.stop);
    Object.assign(origin, {
      refused: `http://127.0.0.1:${refused}/`,
      closes: `http://127.0.0.1:${closes.port}/`,
      resets: `http://127.0.0.1:${resets.port}/`,
      garbage: `http://127.0.0.1:${garbage.port}/`,
      slow: `http://127.0.0.1:${slow.port}/`,
      healthy: `http://127.0.0.1:${healthy.port}/`,
    });
    nginx = await startNginx(`
      location /refused { proxy_pass http://127.0.0.1:${refused}; }
      location /closes { proxy_pass http://127.0.0.1:${closes.port}; }
      location /resets { proxy_pass http://127.0.0.1:${resets.port}; }
      location /garbage { proxy_pass http://127.0.0.1:${garbage.port}; }
      location /slow { proxy_pass http://127.0.0.1:${slow.port}; proxy_read_timeout 1s; }
      # A configuration mistake: the application listens on ${healthy.port}, nginx points elsewhere.
      location /misrouted { proxy_pass http://127.0.0.1:${misrouted}; }
    `);
    base = `http://127.0.0.1:${nginx.port}`;
  });

  after(async () => {
    await nginx?.stop();
    await Promise.all(stops.map((stop) => stop()));
    console.log(`\nnginx --origin score\n${scoreTable(SCORES)}`);
  });

  it('origin refuses too: upstream-refused at the origin, high', async (t) => {
    const report = await runScenario(t, 'nginx 502, origin refuses (--origin)', { url: `${base}/refused`, origin: origin.refused! },
      { status: 'down', hop: 'origin', cause: 'upstream-refused', generatedBy: 'nginx' });
    assert.equal(report.verdict.confidence, 'high');
    assert.equal(report.verdict.candidates, undefined, String(report.verdict.candidates));
    assert.equal(report.verdict.decideWith, undefined);
    const evidence = originEvidence(report);
    assert.equal(evidence.originCause, 'connect-refused');
    assert.equal(evidence.originImplies, 'upstream-refused');
    assert.match(report.verdict.summary, /refuse/i);
  });

  it('origin closes without a byte: upstream-closed, high', async (t) => {
    const report = await runScenario(t, 'nginx 502, origin closes (--origin)', { url: `${base}/closes`, origin: origin.closes! },
      { status: 'down', hop: 'origin', cause: 'upstream-closed', generatedBy: 'nginx' });
    assert.equal(report.verdict.confidence, 'high');
    assert.equal(originEvidence(report).originCause, 'empty-response');
  });

  it('origin resets the connection: upstream-closed, high', async (t) => {
    const report = await runScenario(t, 'nginx 502, origin resets (--origin)', { url: `${base}/resets`, origin: origin.resets! },
      { status: 'down', hop: 'origin', cause: 'upstream-closed', generatedBy: 'nginx' });
    assert.equal(report.verdict.confidence, 'high');
    assert.equal(originEvidence(report).originCause, 'connect-reset');
  });

  it('origin answers garbage: upstream-invalid-response', async (t) => {
    // nginx 1.22 relays bytes that are not HTTP as an HTTP/0.9 response, so no page of its own
    // reaches the client; the origin sending the same garbage directly says whose it is.
    const report = await runScenario(t, 'nginx relays garbage, origin sends garbage (--origin)', { url: `${base}/garbage`, origin: origin.garbage! },
      { status: 'down', hop: 'origin', cause: 'upstream-invalid-response', generatedBy: null });
    assert.notEqual(report.verdict.confidence, 'low');
    assert.equal(originEvidence(report).originCause, 'malformed-response');
  });

  it('origin slower than nginx\'s proxy_read_timeout: upstream-timeout at the origin, high', async (t) => {
    const report = await runScenario(t, 'nginx 504 at 1 s, origin answers after 3 s (--origin)', { url: `${base}/slow`, origin: origin.slow! },
      { status: 'down', hop: 'origin', cause: 'upstream-timeout', generatedBy: 'nginx' });
    assert.equal(report.verdict.confidence, 'high');
    const evidence = originEvidence(report);
    assert.equal(evidence.originStatus, 200);
    assert.equal(evidence.originImplies, 'upstream-timeout');
    assert.match(String(report.steps.find((s) => s.id === 'cdn')?.detail), /after 3\.\d s/);
  });

  it('origin fine while nginx points to a dead port: the gateway\'s configuration, medium', async (t) => {
    const report = await runScenario(t, 'nginx → wrong port, origin fine (--origin, no log)', { url: `${base}/misrouted`, origin: origin.healthy! },
      { status: 'down', hop: 'gateway', cause: 'upstream-refused', generatedBy: 'nginx' });
    assert.equal(report.verdict.confidence, 'medium');
    assert.match(report.verdict.summary, /origin answers 200 when asked directly/);
    assert.match(report.verdict.summary, /cannot reach it/);
    // Causes a healthy origin rules out are no longer offered.
    for (const ruledOut of ['upstream-closed', 'upstream-invalid-response'] as const) {
      assert.ok(!report.verdict.candidates?.includes(ruledOut), `${ruledOut} still a candidate`);
    }
    assert.ok(report.verdict.fixes.some((f) => /proxy_pass/.test(f)), report.verdict.fixes.join(' | '));
    assert.ok(report.verdict.fixes.some((f) => f.includes(`curl -v ${origin.healthy!}`)), 'the fixes name the origin that answered');
    assert.equal(originEvidence(report).originImplies, 'gateway-path');
  });

  it('origin fine and the gateway\'s log says refused: upstream-refused at the gateway, high', async (t) => {
    const report = await runScenario(t, 'nginx → wrong port, origin fine (--origin --log)', { url: `${base}/misrouted`, origin: origin.healthy!, logs: [nginx.errorLog] },
      { status: 'down', hop: 'gateway', cause: 'upstream-refused', generatedBy: 'nginx' });
    assert.equal(report.verdict.confidence, 'high');
  });
});
