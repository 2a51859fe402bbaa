// The dashboard at 100,000 monitors (issue 12's targets: first meaningful paint of `/` under 1 s
// in headless Chromium, the list's p95 under 100 ms, the islands under 150 kB gzipped).
//
// Set-up: the real MonitorEngine over a real SQLite store in a temp dir, with 100,000 monitors
// (interval 60 s, tags team-0..team-49) and its check function replaced by a fake that answers at
// once (up, or down for every 37th monitor, with a made-up response time) — so the engine, its
// events, the board and the store all run at the full 1,667 checks/s while the dashboard is
// measured, without 100,000 real targets. Before measuring, 30 checks per monitor are fed to the
// engine's event bus (the bar's worth). The HTTP server is createApiServer with the dashboard, as
// `whydown serve` mounts it.
//
// Run: npm run build && node dist/bench/dashboard-bench.js [--monitors 100000] [--requests 200]
// (about 2 minutes here; BENCH_VERBOSE=1 prints each request's time)
import { readFileSync, readdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { createApiServer } from '../src/serve/api/api.js';
import { parseConfig, parseMonitorInput } from '../src/serve/config/load.js';
import type { MonitorConfig } from '../src/serve/config/types.js';
import { MonitorEngine } from '../src/serve/engine/engine.js';
import { openSqliteStore } from '../src/serve/store/sqlite.js';
import type { ResultInput } from '../src/serve/store/types.js';
import { DASHBOARD_CSS_ASSET, CSS_ASSET } from '../src/serve/web/assets.js';
import { hashPassword } from '../src/serve/web/dashboard/password.js';
import type { Dashboard } from '../src/serve/web/dashboard/dashboard.js';
import { MonitorList, parseListQuery } from '../src/serve/web/dashboard/list-query.js';
import { makeTempDir, removeTempDir } from '../test/support/cleanup.js';

const { values } = parseArgs({ options: { monitors: { type: 'string', default: '100000' }, requests: { type: 'string', default: '200' } } });
const MONITORS = Number(values.monitors);
const REQUESTS = Number(values.requests);
const log = (line: string): void => { process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`); };
const nameOf = (i: number): string => `monitor-${String(i).padStart(6, '0')}`;

const dir = await makeTempDir('dashboard-bench');
try {
  const store = await openSqliteStore(path.join(dir, 'whydown.db'));
  const config = parseConfig('{}', '(bench)', { env: {} });
  const hash = await hashPassword('bench-password');
  config.ui.users = [{ name: 'admin', passwordHash: hash }];
  const t0 = performance.now();
  for (let i = 0; i < MONITORS; i++) {
    config.monitors.push(parseMonitorInput({ name: nameOf(i), url: `http://10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}/health`, interval: '60s', tags: [`team-${i % 50}`] }, config));
  }
  log(`${MONITORS} monitors parsed in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const fakeCheck = (monitor: MonitorConfig, at: Date): Promise<ResultInput> => {
    const n = Number(monitor.name.slice(-6));
    const down = n % 37 === 0;
    const total = 20 + (n % 400) + Math.random() * 10;
    return Promise.resolve({
      monitor: monitor.name, at, status: down ? 'down' : 'up', cause: down ? 'connection-refused' : 'ok',
      timings: { total }, httpStatus: down ? null : 200, errorCode: down ? 'ECONNREFUSED' : null, durationMs: Math.round(total),
    } as ResultInput);
  };
  const engine = new MonitorEngine({ store, config, check: fakeCheck, log: () => {} });
  const api = createApiServer({ service: engine, api: () => config.api, ui: () => config.ui, log, env: {} });
  await new Promise<void>((resolve) => api.server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(api.server.address() as AddressInfo).port}`;
  const t1 = performance.now();
  await engine.start();
  log(`engine started (monitors stored) in ${((performance.now() - t1) / 1000).toFixed(1)} s`);
  // The bars' worth of history: 30 checks per monitor through the engine's own event bus.
  const t2 = performance.now();
  for (let k = 0; k < 30; k++) {
    const at = new Date(Date.now() - (30 - k) * 60_000).toISOString();
    for (let i = 0; i < MONITORS; i++) {
      const monitor = engine.monitor(nameOf(i))!;
      const status = (i + k) % 41 === 0 ? 'down' : 'up';
      engine.events.emit('check.finished', { monitor, delayMs: 0, result: { monitor: monitor.name, at, status, cause: status === 'up' ? 'ok' : 'connection-refused', timings: { total: 30 + (i % 300) }, httpStatus: 200, errorCode: null, durationMs: 30 } as never });
    }
  }
  log(`${30 * MONITORS} check events fed in ${((performance.now() - t2) / 1000).toFixed(1)} s; RSS ${Math.round(process.memoryUsage().rss / 1048576)} MB`);

  const login = await fetch(`${base}/login`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'name=admin&password=bench-password' });
  const cookie = /whydown_session=([^;]+)/.exec(login.headers.get('set-cookie') ?? '')?.[1];
  if (!cookie) throw new Error(`sign-in failed: ${login.status}`);

  // The list: varied searches, filters, sorts and pages.
  const queries = ['', '?page=2', '?sort=status', '?sort=time&dir=desc', '?sort=uptime', '?status=down', '?tag=team-7', '?q=monitor-0999', '?q=10.1.', '?tag=team-3&sort=time&page=5', '?per=100&page=999', '?status=up&sort=uptime&dir=desc&per=100'];
  const times: number[] = [];
  for (let i = 0; i < REQUESTS; i++) {
    const started = performance.now();
    const response = await fetch(`${base}/${queries[i % queries.length]}`, { headers: { cookie: `whydown_session=${cookie}` } });
    await response.text();
    if (response.status !== 200) throw new Error(`/${queries[i % queries.length]} answered ${response.status}`);
    times.push(performance.now() - started);
    if (process.env.BENCH_VERBOSE) log(`  /${queries[i % queries.length]} ${(performance.now() - started).toFixed(1)} ms`);
  }
  times.sort((a, b) => a - b);
  const pct = (p: number): string => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))]!.toFixed(1);
  log(`list, ${REQUESTS} requests over ${queries.length} query shapes: p50 ${pct(50)} ms, p95 ${pct(95)} ms, max ${times[times.length - 1]!.toFixed(1)} ms (checks running at ~${Math.round(MONITORS / 60)}/s)`);

  // The list's own work (filter, sort, page, no HTTP), on the same board, to tell it from the
  // event loop's share (checks, store writes) in the figures above.
  const dashboard = (api.handler as unknown as { dashboard: Dashboard }).dashboard;
  const list = new MonitorList(engine, dashboard.board);
  const own: number[] = [];
  for (let i = 0; i < REQUESTS; i++) {
    const started = performance.now();
    list.page(parseListQuery(new URLSearchParams(queries[i % queries.length]!.slice(1))));
    own.push(performance.now() - started);
    if (process.env.BENCH_VERBOSE) log(`  alone ${queries[i % queries.length]} ${(performance.now() - started).toFixed(1)} ms`);
  }
  own.sort((a, b) => a - b);
  log(`list query alone (no HTTP): p50 ${own[Math.floor(own.length / 2)]!.toFixed(1)} ms, p95 ${own[Math.floor(own.length * 0.95)]!.toFixed(1)} ms, max ${own[own.length - 1]!.toFixed(1)} ms`);

  // First meaningful paint in headless Chromium: the table is in the first HTML, so the first
  // contentful paint is the meaningful one; median of 5 loads.
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  const paints: number[] = [];
  try {
    const context = await browser.newContext();
    await context.addCookies([{ name: 'whydown_session', value: cookie, url: base }]);
    for (let i = 0; i < 6; i++) {
      const page = await context.newPage();
      await page.goto(`${base}/`, { waitUntil: 'load' });
      // The paint entry may come after `load`: wait for it (buffered), 10 s at most.
      const fcp = await page.evaluate<number>(`new Promise((resolve) => {
        new PerformanceObserver((list) => { for (const e of list.getEntries()) if (e.name === 'first-contentful-paint') resolve(e.startTime); }).observe({ type: 'paint', buffered: true });
        setTimeout(() => resolve(-1), 10000);
      })`);
      if (fcp < 0) throw new Error('no first-contentful-paint entry within 10 s');
      if (i > 0) paints.push(fcp); // the first load warms the browser's cache of the assets
      await page.close();
    }
  } finally {
    await browser.close();
  }
  paints.sort((a, b) => a - b);
  log(`first contentful paint of / (50 rows): median ${paints[Math.floor(paints.length / 2)]!.toFixed(0)} ms, worst ${paints[paints.length - 1]!.toFixed(0)} ms`);

  // The islands and stylesheets a dashboard page loads, gzipped.
  const web = path.resolve(import.meta.dirname, '../web');
  const islands = readdirSync(web).filter((f) => f.startsWith('dashboard-') && f.endsWith('.js'));
  const gz = (text: string | Buffer): number => gzipSync(text, { level: 9 }).length;
  const islandBytes = islands.reduce((n, f) => n + gz(readFileSync(path.join(web, f))), 0);
  const cssBytes = gz(CSS_ASSET.body) + gz(DASHBOARD_CSS_ASSET.body);
  log(`bundle: islands ${islands.join(', ')} ${islandBytes} B gzipped; stylesheets ${cssBytes} B gzipped; total ${islandBytes + cssBytes} B`);
  log(`RSS ${Math.round(process.memoryUsage().rss / 1048576)} MB`);

  await api.close();
  await engine.stop();
  await store.close();
} finally {
  await removeTempDir(dir);
}
