// Checks on threads give the same results as on the main thread, report when they really started,
// and the threads stop with the pool.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { after, before, describe, it } from 'node:test';
import { parseConfig } from '../../src/serve/config/load.js';
import type { MonitorConfig } from '../../src/serve/config/types.js';
import { runCheck } from '../../src/serve/engine/check.js';
import { CheckPool, defaultCheckThreads } from '../../src/serve/engine/check-pool.js';

describe('check pool', () => {
  let server: http.Server;
  let monitors: MonitorConfig[];

  before(async () => {
    server = http.createServer((req, res) => {
      if (req.url === '/teapot') res.writeHead(418).end('short and stout');
      else res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>shop is open</body></html>');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    monitors = parseConfig(`
monitors:
  - { name: fine, url: "http://127.0.0.1:${port}/" }
  - { name: text, url: "http://127.0.0.1:${port}/", expect: { bodyContains: "closed" } }
  - { name: teapot, url: "http://127.0.0.1:${port}/teapot" }
  - { name: post, url: "http://127.0.0.1:${port}/", method: POST, body: "{}", headers: { Content-Type: application/json } }
  - { name: refused, url: "http://127.0.0.1:1/", timeout: 2s }
  - { name: json, url: "http://127.0.0.1:${port}/", expect: { json: { "$.status": ok } } }
  - { name: port, type: tcp, target: "127.0.0.1:${port}" }
  - { name: closed, type: tcp, target: "127.0.0.1:1", timeout: 2s }
`).monitors;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('a thread per CPU by default, at most 4', () => {
    const threads = defaultCheckThreads();
    assert.ok(threads >= 1 && threads <= 4, `${threads} threads`);
  });

  it('judges every monitor as runCheck on the main thread does', async () => {
    const pool = new CheckPool(2);
    try {
      const at = new Date();
      const started = performance.now();
      const onThreads = await Promise.all(monitors.map((monitor) => pool.run(monitor, at)));
      const wallMs = performance.now() - started;
      const here = await Promise.all(monitors.map((monitor) => runCheck(monitor, at)));
      const judged = (results: typeof here): unknown[] => results.map((r) => [r.monitor, r.status, r.cause, r.httpStatus, r.errorCode, r.detail]);
      assert.deepEqual(judged(onThreads), judged(here));
      assert.deepEqual(judged(onThreads).map((r) => (r as unknown[]).slice(0, 3)), [
        ['fine', 'up', 'ok'], ['text', 'down', 'unexpected-response'], ['teapot', 'down', 'unexpected-response'],
        ['post', 'up', 'ok'], ['refused', 'down', 'connect-refused'],
        ['json', 'down', 'unexpected-response'], ['port', 'up', 'ok'], ['closed', 'down', 'connect-refused'],
      ]);
      for (const result of onThreads) {
        assert.ok(new Date(result.at).getTime() >= at.getTime(), 'the time a check starts is never before it was asked for');
        // Measured on the thread, not a default: some time passed, within the pool's own wall
        // time, and the phases fit inside the total.
        const { total, ...phases } = result.timings;
        assert.ok(total > 0 && total <= wallMs, `${result.monitor}: total ${total} ms of ${wallMs} ms`);
        assert.ok(Object.values(phases).reduce((sum, ms) => sum + ms, 0) <= total + 0.01, `${result.monitor}: phases ${JSON.stringify(phases)} exceed ${total} ms`);
        if (result.httpStatus !== null) assert.ok((phases.tcp ?? 0) > 0 && (phases.firstByte ?? 0) > 0, `${result.monitor}: ${JSON.stringify(phases)}`);
      }
    } finally {
      await pool.close();
    }
  });

  it('refuses checks once closed', async () => {
    const pool = new CheckPool(1);
    await pool.run(monitors[0]!, new Date());
    await pool.close();
    await assert.rejects(pool.run(monitors[0]!, new Date()), /stopped/);
  });
});
