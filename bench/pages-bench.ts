// The signed-in pages at their heaviest, through the real HTTP handler over SQLite: an incident
// with a large diagnosis (80 attempts with 4 KiB bodies, as the store trims it) and 20 re-diagnoses, and a
// monitor page over 7 days of 30-second checks (the chart reads the newest 5,000 and averages them
// into 600 points). Sequential requests from this process, keep-alive; p50 / p95 and page size.
//
// Run: npx tsc -p tsconfig.json && node dist/bench/pages-bench.js [--requests 100]
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { AttemptReport, DiagnoseReport } from '../src/core/model.js';
import { createApiServer } from '../src/serve/api/api.js';
import { openSqliteStore } from '../src/serve/store/sqlite.js';
import type { ResultInput } from '../src/serve/store/types.js';
import { StoreBackedServiceDouble } from '../test/server/service-double.js';
import { makeTempDir } from '../test/support/process.js';

const { values } = parseArgs({ options: { requests: { type: 'string', default: '100' } } });
const REQUESTS = Number(values.requests);
const NOW = Date.now();

function bigDiagnosis(at: number): DiagnoseReport {
  const body = '<html><script>alert(1)</script>'.padEnd(4096, 'x');
  const attempts: AttemptReport[] = Array.from({ length: 80 }, (_, i) => ({
    at: new Date(at + i).toISOString(), step: 'reload', url: 'https://shop.example/', address: '192.0.2.1', status: 502, httpVersion: '1.1',
    timings: { dns: 1, tcp: 2, firstByte: 30, total: 33 }, error: null, headers: { server: 'nginx', 'x-request-id': `r-${i}` }, bodySample: body, cause: 'upstream-refused',
  }));
  return {
    url: 'https://shop.example/', startedAt: new Date(at).toISOString(), durationMs: 900, attempts,
    steps: [{ id: 'reload', title: 'Reload the page', result: 'fail', detail: 'all failed', evidence: { statuses: attempts.map((a) => a.status) } }],
    verdict: { status: 'down', hop: 'origin', cause: 'upstream-refused', generatedBy: 'nginx', transient: false, scope: 'everyone', confidence: 'high', summary: 'nginx could not reach its upstream', fixes: ['Start the application'] },
  };
}

async function main(): Promise<void> {
  const dir = await makeTempDir('pages-bench');
  const store = await openSqliteStore(path.join(dir, 'bench.db'));
  try {
    const service = await StoreBackedServiceDouble.create(store, 'api:\n  publicRead: true\nmonitors:\n  - name: shop\n    url: https://shop.example/\n    interval: 30s\n');
    // 7 days of 30 s checks: 20,160 results.
    const results: ResultInput[] = [];
    for (let at = NOW - 7 * 86_400_000; at < NOW; at += 30_000) {
      const down = (at / 30_000) % 500 < 5;
      results.push({ monitor: 'shop', at: new Date(at), status: down ? 'down' : 'up', cause: down ? 'upstream-refused' : 'ok', timings: { dns: 3, tcp: 5, tls: 12, firstByte: 40 + (at % 17), download: 2, total: 62 }, httpStatus: down ? 502 : 200, errorCode: null, durationMs: 62 });
    }
    for (let i = 0; i < results.length; i += 2000) await store.insertResults(results.slice(i, i + 2000));
    const opened = NOW - 3_600_000;
    const incident = await store.openIncident('shop', bigDiagnosis(opened).verdict, new Date(opened), bigDiagnosis(opened));
    for (let i = 1; i <= 20; i++) await store.addIncidentDiagnosis(incident.id, bigDiagnosis(opened + i * 60_000), new Date(opened + i * 60_000));
    const stored = await store.getIncident(incident.id);
    {
      const t0 = performance.now();
      for (let i = 0; i < 10; i++) await store.listResults('shop', { since: new Date(NOW - 7 * 86_400_000), limit: 5000 });
      console.log(`store.listResults, 5,000 rows: ${((performance.now() - t0) / 10).toFixed(1)} ms each`);
    }
    const api = createApiServer({ service, api: () => service.apiConfig, log: () => {} });
    await new Promise<void>((resolve) => api.server.listen(0, '127.0.0.1', resolve));
    const { port } = api.server.address() as AddressInfo;
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const get = (url: string) => new Promise<{ ms: number; bytes: number; status: number }>((resolve, reject) => {
      const start = performance.now();
      http.get({ host: '127.0.0.1', port, path: url, agent }, (res) => {
        let bytes = 0;
        res.on('data', (chunk: Buffer) => { bytes += chunk.length; });
        res.on('end', () => resolve({ ms: performance.now() - start, bytes, status: res.statusCode ?? 0 }));
      }).on('error', reject);
    });
    const rows: string[] = [];
    for (const [label, url] of [
      [`incident page (21 diagnoses of 80 attempts with 4 KiB bodies, each stored trimmed to ${Math.round(JSON.stringify(stored?.diagnosis).length / 1024)} KiB)`, `/incidents/${incident.id}`],
      ['monitor page, 24h (2,880 results)', '/monitors/shop?range=24h'],
      ['monitor page, 7d (newest 5,000 of 20,160)', '/monitors/shop?range=7d'],
      ['incidents list', '/incidents'],
    ] as const) {
      for (let i = 0; i < 5; i++) await get(url); // warm up
      const times: number[] = [];
      let last = { ms: 0, bytes: 0, status: 0 };
      for (let i = 0; i < REQUESTS; i++) {
        last = await get(url);
        times.push(last.ms);
      }
      times.sort((a, b) => a - b);
      const pick = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!.toFixed(1);
      rows.push(`| ${label} | ${last.status} | ${pick(0.5)} | ${pick(0.95)} | ${Math.round(last.bytes / 1024)} |`);
    }
    console.log(`| page | status | p50 ms | p95 ms | KiB |\n|---|---:|---:|---:|---:|\n${rows.join('\n')}`);
    const bundle = readFileSync(new URL('../../dist/web/monitor-chart.js', import.meta.url));
    console.log(`\nmonitor-chart.js (uPlot included): ${(bundle.length / 1024).toFixed(1)} KiB, ${(gzipSync(bundle).length / 1024).toFixed(1)} KiB gzipped`);
    agent.destroy();
    await api.close();
  } finally {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
