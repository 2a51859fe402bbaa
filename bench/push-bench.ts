// Push reports through a real `whydown serve` stack (engine + API on loopback, SQLite): how many
// reports a second it takes and how fast each is answered, while its push monitors are judged.
// Each report is checked (digest, limits), stored (push_reports), judged at once and its result
// written, like a job's `curl` would have it.
//
//   npm run build && node dist/bench/push-bench.js            # 2,000 monitors, 20,000 reports
//   MONITORS=500 REPORTS=5000 CONCURRENCY=16 node dist/bench/push-bench.js
//
// Bounded: one run takes a few seconds; it writes only to a temp folder it removes.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createApiServer } from '../src/serve/api/api.js';
import { createPushHandler } from '../src/serve/api/push-route.js';
import { parseConfig } from '../src/serve/config/load.js';
import { MonitorEngine } from '../src/serve/engine/engine.js';
import { openSqliteStore } from '../src/serve/store/sqlite.js';

const MONITORS = Number(process.env.MONITORS ?? 2000);
const REPORTS = Number(process.env.REPORTS ?? 20_000);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 32);

const dir = await mkdtemp(path.join(tmpdir(), 'whydown-push-bench-'));
try {
  const yaml = ['monitors:', ...Array.from({ length: MONITORS }, (_, i) => `  - {name: job-${i}, type: push, token: "token-of-job-${i}", interval: 1h, grace: 5m}`)].join('\n');
  const config = parseConfig(yaml);
  const store = await openSqliteStore(path.join(dir, 'push.db'));
  const engine = new MonitorEngine({ store, config, checkThreads: 0 });
  await engine.start();
  // Generous per-monitor limits: the bench sends several reports per monitor in a burst.
  const api = createApiServer({
    service: engine, api: () => config.api,
    push: createPushHandler(engine, { clientBurst: 30, clientEveryMs: 1000, monitorBurst: 1000, monitorEveryMs: 1 }),
  });
  await new Promise<void>((resolve) => api.server.listen(0, '127.0.0.1', resolve));
  const port = (api.server.address() as AddressInfo).port;
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const send = (i: number): Promise<{ status: number; ms: number }> => new Promise((resolve, reject) => {
    const job = i % MONITORS;
    const started = performance.now();
    const status = i % 50 === 0 ? 'down&msg=disk+full' : 'up';
    http.get({ agent, host: '127.0.0.1', port, path: `/api/v1/push/job-${job}?token=token-of-job-${job}&status=${status}&ping=1200` }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - started }));
    }).on('error', reject);
  });
  const times: number[] = [];
  let failed = 0;
  let next = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < REPORTS) {
      const { status, ms } = await send(next++);
      if (status !== 200) failed++;
      times.push(ms);
    }
  }));
  const seconds = (performance.now() - started) / 1000;
  times.sort((a, b) => a - b);
  const at = (q: number): string => times[Math.min(times.length - 1, Math.floor(q * times.length))]!.toFixed(2);
  agent.destroy();
  await api.close();
  await engine.stop();
  await store.close();
  console.log(`push reports: ${REPORTS} to ${MONITORS} monitors, concurrency ${CONCURRENCY}, Node ${process.version}`);
  console.log(`  ${(REPORTS / seconds).toFixed(0)} reports/s, latency p50 ${at(0.5)} ms, p95 ${at(0.95)} ms, p99 ${at(0.99)} ms, not 200: ${failed}`);
  console.log(`  incidents opened: ${engine.incidents.openCount} open at the end (every 50th report is a down), RSS ${(process.memoryUsage().rss / 1048576).toFixed(0)} MB`);
} finally {
  await rm(dir, { recursive: true, force: true });
}
