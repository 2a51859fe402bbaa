// The expectations a monitor adds to "it answered": maxResponseTime, certValidFor and json,
// against real servers — nginx serving a certificate that runs out in 5 days, a Node application
// that answers late, and a JSON health endpoint whose field flips while the engine watches.
import assert from 'node:assert/strict';
import http from 'node:http';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { probe } from '../../src/core/probe/probe.js';
import { parseConfig } from '../../src/serve/config/load.js';
import { MonitorEngine } from '../../src/serve/engine/engine.js';
import type { CheckFinished, IncidentClosed, IncidentOpened } from '../../src/serve/engine/events.js';
import { judge } from '../../src/serve/engine/judge.js';
import { runCheck, checkTarget } from '../../src/serve/engine/check.js';
import { openSqliteStore } from '../../src/serve/store/sqlite.js';
import { getTestCerts, type TestCerts } from '../support/certs.js';
import { startNginx, type Nginx } from '../support/nginx.js';
import { freePort, makeTempDir } from '../support/process.js';
import { waitFor } from '../support/wait.js';

function listen(handler: http.RequestListener): Promise<{ port: number; stop(): Promise<void> }> {
  const server = http.createServer(handler);
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({
    port: (server.address() as { port: number }).port,
    stop: () => new Promise<void>((done) => { server.closeAllConnections(); server.close(() => done()); }),
  })));
}

const monitorFrom = (yaml: string) => parseConfig(`monitors:\n${yaml}`).monitors[0]!;

describe('monitor expectations: certValidFor against nginx', () => {
  let nginx: Nginx;
  let certs: TestCerts;
  let tlsPort: number;

  before(async () => {
    certs = await getTestCerts();
    tlsPort = await freePort();
    const leaf = certs.leaves.expiringSoon;
    nginx = await startNginx(`
      listen 127.0.0.1:${tlsPort} ssl;
      ssl_certificate ${leaf.chainPath};
      ssl_certificate_key ${leaf.keyPath};
      location / { return 200 "fine\\n"; }
    `);
  });
  after(async () => { await nginx.stop(); });

  const check = async (validFor: string) => {
    const monitor = monitorFrom(`  - {name: shop, url: "https://127.0.0.1:${tlsPort}/", expect: {certValidFor: ${validFor}}}`);
    const result = await probe(new URL(monitor.url), { timeoutMs: 5000, ca: [certs.caCertPem] });
    assert.equal(result.cause, 'ok', 'the probe itself finds nothing wrong: the certificate is valid');
    return judge(monitor, result);
  };

  it('a certificate valid for 5 more days is degraded (tls-cert-expiring) when 14 days are asked for', async () => {
    const judged = await check('14d');
    assert.equal(judged.status, 'degraded');
    assert.equal(judged.cause, 'tls-cert-expiring');
    const expiry = certs.leaves.expiringSoon.notAfter.toISOString().slice(0, 10);
    assert.equal(judged.detail, `the certificate expires on ${expiry} (5 days left); the monitor asks for at least 14d (expect.certValidFor)`);
  });

  it('the same certificate is up when 3 days are enough', async () => {
    assert.deepEqual(await check('3d'), { status: 'up', cause: 'ok' });
  });

  it('a plain-http monitor has no certificate to judge: certValidFor passes it', async () => {
    const monitor = monitorFrom(`  - {name: shop, url: "http://127.0.0.1:${nginx.port}/", expect: {certValidFor: 14d}}`);
    assert.deepEqual(await runCheck(checkTarget(monitor)).then((r) => [r.status, r.cause]), ['up', 'ok']);
  });
});

describe('monitor expectations: maxResponseTime and json with the engine', () => {
  let dir: string;
  let storeCount = 0;
  before(async () => { dir = await makeTempDir('expect'); });
  after(async () => { await rm(dir, { recursive: true, force: true }); });

  const engineFor = async (monitors: string) => {
    const store = await openSqliteStore(path.join(dir, `expect-${++storeCount}.db`));
    const config = parseConfig(`defaults:\n  interval: 1s\n  timeout: 900ms\n  confirm: {failures: 2}\nmonitors:\n${monitors}`);
    const engine = new MonitorEngine({ store, config, diagnoseRetries: 0 });
    const results: CheckFinished[] = [];
    const opened: IncidentOpened[] = [];
    const closed: IncidentClosed[] = [];
    engine.events.on('check.finished', (e) => results.push(e));
    engine.events.on('incident.opened', (e) => opened.push(e));
    engine.events.on('incident.closed', (e) => closed.push(e));
    await engine.start();
    return { engine, store, results, opened, closed, stop: async () => { await engine.stop(); await store.close(); } };
  };

  it('an application slower than maxResponseTime is degraded with slow-response, saying both times', async () => {
    const app = await listen((_req, res) => { setTimeout(() => res.end('ok'), 350); });
    const run = await engineFor(`  - {name: slow, url: "http://127.0.0.1:${app.port}/", expect: {maxResponseTime: 150ms}}\n  - {name: relaxed, url: "http://127.0.0.1:${app.port}/", expect: {maxResponseTime: 800ms}}\n`);
    try {
      const slow = await waitFor('a result of slow', () => run.results.find((e) => e.monitor.name === 'slow'));
      assert.equal(slow.result.status, 'degraded');
      assert.equal(slow.result.cause, 'slow-response');
      assert.match(slow.result.detail ?? '', /^the response took 3\d\dms, more than the 150ms allowed \(expect\.maxResponseTime\)$/);
      const relaxed = await waitFor('a result of relaxed', () => run.results.find((e) => e.monitor.name === 'relaxed'));
      assert.deepEqual([relaxed.result.status, relaxed.result.cause, relaxed.result.detail], ['up', 'ok', undefined]);
      assert.equal(run.opened.length, 0, 'degraded opens no incident');
    } finally {
      await run.stop();
      await app.stop();
    }
  });

  it('a JSON field that flips to "degraded" opens an incident with unexpected-response; flipping back closes it', async () => {
    let state = 'degraded';
    const app = await listen((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ status: state, checks: [{ name: 'db', up: state === 'ok' }] }));
    });
    const run = await engineFor(`  - name: health\n    url: http://127.0.0.1:${app.port}/health\n    expect:\n      json: {"$.status": ok, "$.checks[0].up": true}\n`);
    try {
      const incident = await waitFor('the incident', () => run.opened[0]);
      const failed = run.results.find((e) => e.monitor.name === 'health')!;
      assert.deepEqual([failed.result.status, failed.result.cause, failed.result.httpStatus], ['down', 'unexpected-response', 200]);
      assert.equal(failed.result.detail, '$.status is "degraded", expected "ok"');
      const verdict = incident.incident.verdict;
      assert.equal(verdict.cause, 'unexpected-response');
      assert.match(verdict.summary, /\(HTTP 200: \$\.status is "degraded", expected "ok"\)/);
      assert.match(verdict.summary, /what fails is what this monitor expects/);
      state = 'ok';
      const done = await waitFor('the incident closes', () => run.closed[0], 10_000);
      assert.equal(done.incident.id, incident.incident.id);
    } finally {
      await run.stop();
      await app.stop();
    }
  });

  it('a body that is not JSON, or a missing path, is unexpected-response saying so', async () => {
    const app = await listen((req, res) => res.end(req.url === '/json' ? '{"status": "ok"}' : '<html>maintenance</html>'));
    try {
      const html = await runCheck(checkTarget(monitorFrom(`  - {name: h, url: "http://127.0.0.1:${app.port}/html", expect: {json: {"$.status": ok}}}`)));
      assert.deepEqual([html.status, html.cause, html.detail], ['down', 'unexpected-response', 'the body is not JSON (it starts "<html>maintenance</html>")']);
      const missing = await runCheck(checkTarget(monitorFrom(`  - {name: h, url: "http://127.0.0.1:${app.port}/json", expect: {json: {"$.db.status": ok}}}`)));
      assert.deepEqual([missing.status, missing.cause, missing.detail], ['down', 'unexpected-response', '$.db.status is missing from the JSON body (expected "ok")']);
      const typed = await runCheck(checkTarget(monitorFrom(`  - {name: h, url: "http://127.0.0.1:${app.port}/json", expect: {json: {"$.status": ok}}}`)));
      assert.deepEqual([typed.status, typed.cause], ['up', 'ok']);
    } finally {
      await app.stop();
    }
  });
});
