// Alerts from `whydown serve` end to end: a real nginx whose upstream the test stops and starts,
// the real engine and diagnosis, and a webhook receiver on loopback that checks each request as
// the contract describes it (JSON body, HMAC signature). Maintenance windows hold alerts back;
// a flapping monitor gets one alert that says so.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import http from 'node:http';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startServe, type RunningServe } from '../../src/serve/serve.js';
import { startNginx, type Nginx } from '../support/nginx.js';
import { deadPort, delay, freePort, makeTempDir } from '../support/process.js';
import { waitFor } from '../support/wait.js';

interface Hook { event: string; monitor: string; url: string; at: string; verdict: { cause: string; generatedBy: string | null; summary: string }; durationSeconds?: number; flapping?: boolean }


describe('serve alerts', () => {
  let nginx: Nginx;
  let dir: string;
  let appPort: number;
  let receiver: http.Server;
  let hookUrl: string;
  const received: { body: Hook; signature: string | undefined; raw: string }[] = [];
  let app: http.Server | null = null;

  const startApp = async (): Promise<void> => {
    app = http.createServer((_req, res) => res.end('shop is open'));
    await new Promise<void>((resolve) => app!.listen(appPort, '127.0.0.1', resolve));
  };
  const stopApp = async (): Promise<void> => {
    if (!app) return;
    const server = app;
    app = null;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };

  before(async () => {
    dir = await makeTempDir('serve-alerts');
    appPort = await deadPort(); // the app comes and goes here; no other server takes it meanwhile
    nginx = await startNginx(`location /shop { proxy_pass http://127.0.0.1:${appPort}; }`);
    receiver = http.createServer((req, res) => {
      let raw = '';
      req.setEncoding('utf8').on('data', (c: string) => { raw += c; }).on('end', () => {
        assert.equal(req.method, 'POST');
        assert.equal(req.url, '/hook');
        assert.match(req.headers['content-type'] ?? '', /^application\/json/);
        received.push({ body: JSON.parse(raw) as Hook, signature: req.headers['x-whydown-signature'] as string | undefined, raw });
        res.statusCode = 204;
        res.end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    hookUrl = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hook`;
  });
  after(async () => {
    await stopApp();
    await nginx.stop();
    receiver.closeAllConnections();
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
    await rm(dir, { recursive: true, force: true });
  });

  const serveWith = async (name: string, extra: string, monitorExtra = ''): Promise<RunningServe> => {
    const file = path.join(dir, `${name}.yml`);
    await writeFile(file, `
notify:
  - { name: hook, type: webhook, url: "${hookUrl}", secret: s3cret }
defaults: { interval: 1s, timeout: 900ms, confirm: { failures: 2 }, notify: [hook] }
monitors:
  - name: shop
    url: http://127.0.0.1:${nginx.port}/shop
${monitorExtra}
${extra}
`);
    return startServe({ configFile: file, db: `sqlite:${path.join(dir, `${name}.db`)}`, listen: `127.0.0.1:${await freePort()}`, log: () => {} });
  };

  it('tells the hook why the site is down, signed, and how long it lasted when it is back', async () => {
    received.length = 0;
    const serve = await serveWith('plain', '');
    try {
      const opened = await waitFor('the opened alert', () => received.find((r) => r.body.event === 'incident.opened'));
      assert.equal(opened.body.monitor, 'shop');
      assert.equal(opened.body.url, `http://127.0.0.1:${nginx.port}/shop`);
      assert.equal(opened.body.verdict.cause, 'upstream-refused');
      assert.equal(opened.body.verdict.generatedBy, 'nginx');
      assert.ok(!Number.isNaN(Date.parse(opened.body.at)));
      assert.equal(opened.signature, `sha256=${createHmac('sha256', 's3cret').update(opened.raw).digest('hex')}`);
      await startApp();
      const closed = await waitFor('the closed alert', () => received.find((r) => r.body.event === 'incident.closed'));
      assert.ok(typeof closed.body.durationSeconds === 'number' && closed.body.durationSeconds >= 1);
      assert.equal(received.filter((r) => r.body.event === 'incident.opened').length, 1);
      // /metrics counts what the channel delivered (read from the handler: this config has no
      // API token). The count follows the receiver's answer, a moment after the request arrived.
      const metrics = await waitFor('both alerts counted as delivered', () => {
        const text = serve.api.metrics.render();
        return /^whydown_alerts_total\{target="hook",type="webhook",outcome="delivered"\} 2$/m.test(text) ? text : undefined;
      });
      assert.match(metrics, /^whydown_alerts_total\{target="hook",type="webhook",outcome="failed"\} 0$/m);
      assert.match(metrics, /^whydown_alerts_queued\{target="hook",type="webhook"\} 0$/m);
    } finally {
      await serve.stop();
      await stopApp();
    }
  });

  it('sends nothing inside a maintenance window, yet keeps the incident', async () => {
    received.length = 0;
    const start = new Date(Date.now() - 60_000).toISOString();
    const serve = await serveWith('maintenance', `
maintenance:
  - { reason: test window, start: "${start}", duration: 1h, monitors: [shop] }
`);
    try {
      await waitFor('the incident', () => (serve.engine.incidents.openIncident('shop') ? true : undefined));
      await delay(1500);
      await serve.alerts.dispatcher.idle();
      assert.deepEqual(received.map((r) => r.body.event), []);
      assert.equal(serve.alerts.dispatcher.stats().suppressed, 1);
    } finally {
      await serve.stop();
    }
  });

  it('gives a monitor that keeps going up and down one alert saying it is flapping', async () => {
    received.length = 0;
    const serve = await serveWith('flapping', '', '    confirm: { failures: 1 }\n    flapping: { changes: 3, within: 1m }');
    try {
      // Down (opened), up (closed), down (opened again): the third change is flapping.
      await waitFor('the first opened alert', () => received.find((r) => r.body.event === 'incident.opened'));
      await startApp();
      await waitFor('the closed alert', () => received.find((r) => r.body.event === 'incident.closed'));
      await stopApp();
      await waitFor('the flapping alert', () => received.find((r) => r.body.flapping === true));
      await startApp();
      await delay(2500); // up again, down again: held back while it flaps
      await stopApp();
      await delay(2500);
      await serve.alerts.dispatcher.idle();
      const events = received.map((r) => `${r.body.event}${r.body.flapping ? ' (flapping)' : ''}`);
      assert.deepEqual(events, ['incident.opened', 'incident.closed', 'incident.opened (flapping)']);
    } finally {
      await serve.stop();
      await stopApp();
    }
  });
});
