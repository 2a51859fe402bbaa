// The monitor engine end to end: real nginx in front of upstreams the test starts and stops,
// the real probe and diagnosis, a real SQLite store. Intervals of 1 s keep it short.
import assert from 'node:assert/strict';
import http from 'node:http';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseConfig } from '../../src/serve/config/load.js';
import { MonitorEngine } from '../../src/serve/engine/engine.js';
import type { IncidentClosed, IncidentOpened } from '../../src/serve/engine/events.js';
import { openSqliteStore } from '../../src/serve/store/sqlite.js';
import type { Store } from '../../src/serve/store/types.js';
import { startNginx, type Nginx } from '../support/nginx.js';
import { deadPort, delay, makeTempDir } from '../support/process.js';
import { waitFor } from '../support/wait.js';


describe('monitor engine', () => {
  let nginx: Nginx;
  let dir: string;
  let appPort: number;
  let app: { stop(): Promise<void> } | undefined;
  let storeCount = 0;

  const startApp = async (): Promise<void> => {
    // The app comes back on the same port nginx proxies to.
    const server = http.createServer((_req, res) => res.end('<html><body>shop is open</body></html>'));
    await new Promise<void>((resolve) => server.listen(appPort, '127.0.0.1', resolve));
    app = { stop: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }) };
  };

  before(async () => {
    dir = await makeTempDir('engine');
    appPort = await deadPort(); // the app comes and goes here; no other server takes it meanwhile
    nginx = await startNginx(`
      location /ok { return 200 "fine\\n"; }
      location /shop { proxy_pass http://127.0.0.1:${appPort}; }
      location /teapot { return 418 "short and stout\\n"; }
    `);
  });
  after(async () => {
    await app?.stop();
    await nginx.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const configFor = (monitors: string): ReturnType<typeof parseConfig> => parseConfig(`
defaults:
  interval: 1s
  timeout: 900ms
  confirm: { failures: 2 }
monitors:
${monitors}
`);

  const openStore = (): Promise<Store> => openSqliteStore(path.join(dir, `engine-${++storeCount}.db`));

  it('checks, stores results, opens an incident with the diagnosis on a confirmed failure and closes it on recovery', async () => {
    // Nothing listens behind /shop yet: nginx answers 502 (connect() refused).
    const store = await openStore();
    const config = configFor(`
  - name: fine
    url: http://127.0.0.1:${nginx.port}/ok
  - name: shop
    url: http://127.0.0.1:${nginx.port}/shop
`);
    const engine = new MonitorEngine({ store, config });
    const opened: IncidentOpened[] = [];
    const closed: IncidentClosed[] = [];
    engine.events.on('incident.opened', (e) => opened.push(e));
    engine.events.on('incident.closed', (e) => closed.push(e));
    await engine.start();
    try {
      const incident = await waitFor('the incident', () => opened[0]);
      assert.equal(incident.monitor.name, 'shop');
      assert.equal(incident.incident.verdict.cause, 'upstream-refused');
      assert.equal(incident.incident.verdict.generatedBy, 'nginx');
      assert.equal(incident.incident.verdict.status, 'down');
      const shopResults = await store.listResults('shop');
      assert.ok(shopResults.length >= 2 && shopResults.every((r) => r.status === 'down' && r.httpStatus === 502));
      // The outage began at the first failed check, before the confirmation.
      assert.equal(incident.incident.openedAt, shopResults[shopResults.length - 1]!.at);

      const fine = await store.listResults('fine');
      assert.ok(fine.length >= 1 && fine.every((r) => r.status === 'up' && r.cause === 'ok' && r.httpStatus === 200));
      assert.equal((await store.listIncidents({ monitor: 'fine' })).incidents.length, 0);

      await startApp();
      const recovery = await waitFor('the close', () => closed[0]);
      assert.equal(recovery.incident.id, incident.incident.id);
      assert.ok(recovery.durationSeconds >= 1, `lasted ${recovery.durationSeconds} s`);
      const stored = (await store.listIncidents({ monitor: 'shop' })).incidents;
      assert.equal(stored.length, 1);
      assert.ok(stored[0]!.closedAt);
      assert.deepEqual(stored[0]!.timeline.map((e) => e.type), ['opened', 'closed']);
      assert.equal(opened.length, 1, 'one incident, not one per failed check');
    } finally {
      await engine.stop();
      await store.close();
      await app?.stop();
      app = undefined;
    }
  });

  it('gives the diagnosis the monitor\'s error log: upstream-refused with high confidence, low without; the whole diagnosis is stored', async () => {
    // nginx's 502 page is the same for a refused, a closed and a garbled upstream: only its log
    // tells them apart. Two monitors of the same dead upstream, one with the log.
    const store = await openStore();
    const engine = new MonitorEngine({
      store,
      config: configFor(`
  - name: guessed
    url: http://127.0.0.1:${nginx.port}/shop?plain
  - name: logged
    url: http://127.0.0.1:${nginx.port}/shop?logged
    diagnose: { log: [${nginx.errorLog}] }
`),
    });
    const opened = new Map<string, IncidentOpened>();
    engine.events.on('incident.opened', (e) => opened.set(e.monitor.name, e));
    await engine.start();
    try {
      await waitFor('both incidents', () => (opened.size === 2 ? true : undefined));
      const logged = opened.get('logged')!.incident;
      assert.equal(logged.verdict.cause, 'upstream-refused');
      assert.equal(logged.verdict.confidence, 'high', logged.verdict.summary);
      const guessed = opened.get('guessed')!.incident;
      assert.equal(guessed.verdict.cause, 'upstream-refused');
      assert.equal(guessed.verdict.confidence, 'low', guessed.verdict.summary);

      const detail = await store.getIncident(logged.id);
      assert.ok(detail?.diagnosis, 'the opening diagnosis is stored');
      assert.deepEqual(detail.diagnosis.verdict, logged.verdict);
      assert.equal(detail.diagnosis.url, `http://127.0.0.1:${nginx.port}/shop?logged`);
      const logs = detail.diagnosis.steps.find((step) => step.id === 'logs');
      assert.equal(logs?.result, 'fail', logs?.detail);
      assert.match(JSON.stringify(logs.evidence), /Connection refused/);
      assert.ok(detail.diagnosis.attempts.length >= 3 && detail.diagnosis.attempts.every((a) => a.status === 502));
      const plain = await store.getIncident(guessed.id);
      assert.equal(plain?.diagnosis?.steps.find((step) => step.id === 'logs')?.result, 'skip');
    } finally {
      await engine.stop();
      await store.close();
    }
  });

  it('does not open an incident for a single failed check', async () => {
    const store = await openStore();
    let calls = 0;
    const engine = new MonitorEngine({
      store,
      config: configFor(`
  - name: blip
    url: http://127.0.0.1:${nginx.port}/ok
`),
      // The real check, except that the second one meets a teapot: one failure, then fine again.
      check: async (monitor, at) => {
        const { runCheck } = await import('../../src/serve/engine/check.js');
        calls++;
        const url = calls === 2 ? monitor.url.replace('/ok', '/teapot') : monitor.url;
        return runCheck({ ...monitor, url }, at);
      },
    });
    const opened: IncidentOpened[] = [];
    engine.events.on('incident.opened', (e) => opened.push(e));
    await engine.start();
    try {
      await waitFor('four checks', async () => ((await store.listResults('blip')).length >= 4 ? true : undefined));
      const results = await store.listResults('blip');
      assert.deepEqual(results.reverse().slice(0, 3).map((r) => [r.status, r.cause]), [['up', 'ok'], ['down', 'unexpected-response'], ['up', 'ok']]);
      await engine.incidents.settled();
      assert.equal(opened.length, 0);
    } finally {
      await engine.stop();
      await store.close();
    }
  });

  it('picks up an incident left open by an earlier run and closes it on the first good check', async () => {
    const file = path.join(dir, 'restart.db');
    const config = configFor(`
  - name: shop
    url: http://127.0.0.1:${nginx.port}/shop
`);
    let store = await openSqliteStore(file);
    let engine = new MonitorEngine({ store, config });
    const opened: IncidentOpened[] = [];
    engine.events.on('incident.opened', (e) => opened.push(e));
    await engine.start();
    await waitFor('the incident', () => opened[0]);
    await engine.stop();
    await store.close();

    await startApp();
    try {
      store = await openSqliteStore(file);
      const logged: string[] = [];
      engine = new MonitorEngine({ store, config, log: (line) => logged.push(line) });
      const closed: IncidentClosed[] = [];
      engine.events.on('incident.closed', (e) => closed.push(e));
      const startedAt = Date.now();
      await engine.start();
      const close = await waitFor('the close after restart', () => closed[0]);
      // Checks resume within one interval (1 s) of the start; the close follows the first one.
      assert.ok(Date.now() - startedAt < 2500, `closed ${Date.now() - startedAt} ms after the restart`);
      assert.equal(close.incident.id, opened[0]!.incident.id);
      assert.ok(logged.includes('1 incident still open from the last run'), logged.join('\n'));
      await engine.stop();
      await store.close();
    } finally {
      await app?.stop();
      app = undefined;
    }
  });

  it('adds, changes and removes monitors: the config file\'s and the API\'s, each kept by its owner', async () => {
    const store = await openStore();
    const engine = new MonitorEngine({
      store,
      config: configFor(`
  - name: fine
    url: http://127.0.0.1:${nginx.port}/ok
`),
    });
    await engine.start();
    try {
      const { created } = await engine.putApiMonitor({ name: 'api-one', url: `http://127.0.0.1:${nginx.port}/ok`, interval: '2s' }, { replace: false });
      assert.equal(created, true);
      await assert.rejects(engine.putApiMonitor({ name: 'api-one', url: `http://127.0.0.1:${nginx.port}/ok` }, { replace: false }), { name: 'MonitorConflict' });
      await assert.rejects(engine.putApiMonitor({ name: 'fine', url: `http://127.0.0.1:${nginx.port}/ok` }, { replace: true }), { name: 'MonitorReadOnly' });
      await assert.rejects(engine.putApiMonitor({ name: 'Bad Name', url: 'ftp://x' }, { replace: false }), { name: 'ConfigError' });
      assert.equal(engine.monitor('api-one')?.intervalMs, 2000);
      assert.equal(engine.monitor('api-one')?.timeoutMs, 900, 'fields left out follow the defaults');
      await waitFor('a result of the API monitor', async () => ((await store.listResults('api-one')).length > 0 ? true : undefined));

      // A new config drops `fine` and adds `other`; the API monitor stays.
      await engine.applyConfig(configFor(`
  - name: other
    url: http://127.0.0.1:${nginx.port}/ok
`));
      assert.equal(engine.sourceOf('fine'), undefined);
      assert.equal(await store.getMonitor('fine'), null);
      assert.equal(engine.sourceOf('other'), 'config');
      assert.equal(engine.sourceOf('api-one'), 'api');
      assert.equal(await engine.removeApiMonitor('api-one'), true);
      assert.equal(await engine.removeApiMonitor('api-one'), false);
      await assert.rejects(engine.removeApiMonitor('other'), { name: 'MonitorReadOnly' });
      assert.deepEqual((await store.listMonitors()).monitors.map((m) => m.name), ['other']);
    } finally {
      await engine.stop();
      await store.close();
    }
  });
});
