// The monitor engine with `browser: true` monitors against a real nginx: a page whose API call
// meets a dead upstream is degraded (not up), a page whose bundle throws is down (blank-page)
// and its incident's diagnosis carries the browser step and a screenshot in the screenshots
// folder; /metrics counts the browser checks; no chromium is left. The monitors' 5-minute
// floor is the config reader's (test/config/browser.unit.test.ts); here the parsed interval is
// shortened afterwards so the test does not wait for a 5-minute slot.
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { chmod, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { MonitorMetrics } from '../../src/serve/api/metrics.js';
import { parseConfig } from '../../src/serve/config/load.js';
import { MonitorEngine } from '../../src/serve/engine/engine.js';
import type { CheckFinished } from '../../src/serve/engine/events.js';
import { openSqliteStore } from '../../src/serve/store/sqlite.js';
import type { Store } from '../../src/serve/store/types.js';
import { makeTempDir } from '../support/cleanup.js';
import { startNginx, type Nginx } from '../support/nginx.js';
import { deadPort } from '../support/process.js';
import { waitFor } from '../support/wait.js';
import { ourChromiumProcesses } from './chromium-processes.js';

const CHROMIUM = '/usr/bin/chromium';

describe('monitor engine: browser monitors', { skip: existsSync(CHROMIUM) ? false : `${CHROMIUM} is not installed` }, () => {
  let nginx: Nginx;
  let store: Store;
  let engine: MonitorEngine;
  let metrics: MonitorMetrics;
  let shots: string;
  const results: CheckFinished[] = [];

  before(async () => {
    const site = await makeTempDir('browser-monitor-site');
    await chmod(site, 0o755);
    await writeFile(path.join(site, 'cart.html'), '<html><body><h1>Cart</h1><script>fetch("/api/cart").catch(() => {});</script></body></html>');
    await writeFile(path.join(site, 'spa.html'), '<html><body><div id="root"></div><script>document.getElementById("root").textContent = undefined.title;</script></body></html>');
    nginx = await startNginx(`root ${site};\nlocation /api/ { proxy_pass http://127.0.0.1:${await deadPort()}; }`);
    const dir = await makeTempDir('browser-monitor');
    shots = path.join(dir, 'shots');
    const config = parseConfig(`
browser:
  maxRunning: 1
  path: ${CHROMIUM}
  screenshots: ${shots}
defaults:
  timeout: 10s
  confirm: 1
monitors:
  - name: cart
    url: http://127.0.0.1:${nginx.port}/cart.html
    browser: true
  - name: spa
    url: http://127.0.0.1:${nginx.port}/spa.html
    browser: true
`, 'whydown.yml', { env: {} });
    for (const monitor of config.monitors) {
      assert.equal(monitor.intervalMs, 300_000, 'the floor applies');
      monitor.intervalMs = 30_000;
    }
    store = await openSqliteStore(path.join(dir, 'whydown.db'));
    engine = new MonitorEngine({ store, config, checkThreads: 0, diagnoseRetries: 1 });
    metrics = new MonitorMetrics(engine);
    engine.events.on('check.finished', (event) => results.push(event));
    await engine.start();
  });
  after(async () => {
    await engine?.stop();
    metrics?.close();
    await store?.close();
    await nginx?.stop();
    await waitFor('no chromium left', () => (ourChromiumProcesses().length === 0 ? true : undefined), 10_000);
  });

  it('a page whose API call fails is degraded, a blank one down; the incident keeps a screenshot; /metrics counts them', async () => {
    const cart = await waitFor('cart checked', () => results.find((r) => r.monitor.name === 'cart')?.result, 60_000);
    assert.equal(cart.status, 'degraded', JSON.stringify(cart));
    assert.equal(cart.cause, 'upstream-refused');
    assert.match(cart.detail ?? '', /its call to \/api\/cart gets a 502 from nginx/);
    const spa = await waitFor('spa checked', () => results.find((r) => r.monitor.name === 'spa')?.result, 60_000);
    assert.equal(spa.status, 'down');
    assert.equal(spa.cause, 'blank-page');

    const detail = await waitFor('an incident for spa, diagnosed', async () => {
      const open = await store.openIncidentFor('spa');
      const incident = open ? await store.getIncident(open.id) : null;
      return incident?.diagnosis ? incident : undefined;
    }, 60_000);
    const step = detail.diagnosis!.steps.find((s) => s.id === 'browser');
    assert.ok(step, 'the diagnosis has the browser step');
    const evidence = step.evidence as { screenshot?: string; blank?: boolean };
    assert.equal(evidence.blank, true);
    assert.ok(evidence.screenshot?.startsWith(shots), evidence.screenshot);
    assert.ok(existsSync(evidence.screenshot!), 'the screenshot file exists');
    assert.ok(readdirSync(shots).every((name) => name.endsWith('.png')));

    const text = metrics.render();
    assert.match(text, /^whydown_browser_checks_total\{result="degraded"\} [1-9]/m);
    assert.match(text, /^whydown_browser_checks_total\{result="down"\} [1-9]/m);
  });
});
