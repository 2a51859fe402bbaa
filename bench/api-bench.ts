// The API at scale (the targets: at 100,000 monitors, list and read calls under 200 ms
// p95, and at least 1,000 monitors added a second). The server — createApiServer over a SQLite
// store in a temp dir and StoreBackedServiceDouble (a test double of the monitor: store-backed,
// no scheduling) — runs on the main thread; the clients run in a worker thread, so they do not
// share the server's event loop, and use keep-alive agents as a real client would.
//
// Run: npx tsc -p tsconfig.json && node dist/bench/api-bench.js [--monitors 100000] [--clients 8]
//        [--results 10] [--calls 1000] [--concurrency 8]
import { rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { createApiServer } from '../src/serve/api/api.js';
import { encodeCursor } from '../src/serve/store/cursor.js';
import { openSqliteStore } from '../src/serve/store/sqlite.js';
import type { ResultRecord } from '../src/serve/store/types.js';
import { StoreBackedServiceDouble } from '../test/server/service-double.js';
import { makeTempDir } from '../test/support/process.js';
import { HOUR, hourOfResults } from './store-data.js';

const TOKEN = 'bench-token';

interface Settings { monitors: number; clients: number; results: number; calls: number; concurrency: number }
interface Timing { label: string; concurrency: number; times: number[]; seconds: number }
type ToWorker = { kind: 'fill' } | { kind: 'measure' } | { kind: 'stop' };
type FromWorker = { kind: 'filled'; rate: number; seconds: number } | { kind: 'measured'; timings: Timing[] };

const nameOf = (i: number): string => `monitor-${String(i).padStart(6, '0')}`;
const log = (line: string): void => { process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`); };

if (isMainThread) await server();
else await client(workerData as { port: number; settings: Settings });

// --- the server side ------------------------------------------------------------------------

async function server(): Promise<void> {
  const { values } = parseArgs({
    options: {
      monitors: { type: 'string', default: '100000' },
      clients: { type: 'string', default: '8' },
      results: { type: 'string', default: '10' },
      calls: { type: 'string', default: '1000' },
      concurrency: { type: 'string', default: '8' },
    },
  });
  const settings: Settings = {
    monitors: Number(values.monitors), clients: Number(values.clients), results: Number(values.results),
    calls: Number(values.calls), concurrency: Number(values.concurrency),
  };
  const dir = await makeTempDir('api-bench');
  const store = await openSqliteStore(path.join(dir, 'whydown.db'));
  const service = await StoreBackedServiceDouble.create(store);
  const api = createApiServer({ service, api: () => ({ tokens: [TOKEN], publicRead: false }), env: {} });
  await new Promise<void>((resolve) => api.server.listen(0, '127.0.0.1', resolve));
  const port = (api.server.address() as AddressInfo).port;
  const worker = new Worker(new URL(import.meta.url), { workerData: { port, settings } });
  const next = (): Promise<FromWorker> => new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  const tell = (message: ToWorker): void => worker.postMessage(message);

  try {
    tell({ kind: 'fill' });
    const filled = await next();
    if (filled.kind !== 'filled') throw new Error('the worker did not fill');
    log(`added ${settings.monitors} monitors through POST in ${filled.seconds.toFixed(1)} s: ${Math.round(filled.rate)}/s`);

    const start = performance.now();
    const names = Array.from({ length: settings.monitors }, (_, i) => nameOf(i));
    const hourStart = Date.parse('2027-01-01T00:00:00Z') - HOUR;
    for (let first = 0; first < names.length; first += 10_000) {
      const slice = names.slice(first, first + 10_000);
      const results = hourOfResults(slice, hourStart).slice(0, settings.results * slice.length);
      await store.insertResults(results);
      // The newest result of each monitor becomes its state, as after a real check.
      const newest = new Map<string, ResultRecord>();
      for (const r of results) newest.set(r.monitor, { ...r, at: new Date(r.at).toISOString() });
      for (const result of newest.values()) service.finishCheck(result, 3);
    }
    for (let i = 0; i < 500; i++) {
      const incident = await store.openIncident(nameOf((i * 197) % settings.monitors), {
        status: 'down', hop: 'origin', cause: 'upstream-refused', generatedBy: 'nginx', transient: false, scope: 'everyone',
        confidence: 'high', summary: 'the upstream refused', fixes: [], candidates: [], decideWith: [],
      }, new Date(hourStart + i * 1000));
      if (i % 2 === 0) await store.closeIncident(incident.id, new Date(hourStart + i * 1000 + 60_000));
    }
    log(`wrote ${settings.results} results per monitor and 500 incidents in ${((performance.now() - start) / 1000).toFixed(1)} s`);

    tell({ kind: 'measure' });
    const measured = await next();
    if (measured.kind !== 'measured') throw new Error('the worker did not measure');
    printTable(settings, filled, measured.timings);
    tell({ kind: 'stop' });
  } finally {
    await worker.terminate();
    await api.close();
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
}

function printTable(settings: Settings, filled: { rate: number }, timings: Timing[]): void {
  const q = (times: number[], p: number): string => times[Math.min(times.length - 1, Math.floor(p * times.length))]!.toFixed(1);
  const lines = [
    `api-bench: ${settings.monitors.toLocaleString('en')} monitors, ${settings.results} results each; SQLite; Node ${process.version}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? '?'})`,
    `POST /api/v1/monitors, ${settings.clients} keep-alive clients: ${Math.round(filled.rate).toLocaleString('en')} monitors/s`,
    '',
    `| call | in flight | calls | p50 ms | p95 ms | p99 ms | max ms | calls/s |`,
    `|---|---:|---:|---:|---:|---:|---:|---:|`,
  ];
  for (const t of timings) {
    const sorted = [...t.times].sort((a, b) => a - b);
    lines.push(`| ${t.label} | ${t.concurrency} | ${sorted.length} | ${q(sorted, 0.5)} | ${q(sorted, 0.95)} | ${q(sorted, 0.99)} | ${sorted.at(-1)!.toFixed(1)} | ${Math.round(sorted.length / t.seconds)} |`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

// --- the client side (worker thread) --------------------------------------------------------

async function client({ port, settings }: { port: number; settings: Settings }): Promise<void> {
  const port_ = parentPort!;
  const agents = Array.from({ length: Math.max(settings.clients, settings.concurrency) }, () => new http.Agent({ keepAlive: true, maxSockets: 1 }));
  const call = (agent: http.Agent, method: string, urlPath: string, body?: string): Promise<{ status: number; body: string }> =>
    new Promise((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port, method, path: urlPath, agent, headers: {
        authorization: `Bearer ${TOKEN}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }),
      } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(body);
    });
  const expect = async (agent: http.Agent, method: string, urlPath: string, status: number, body?: string): Promise<string> => {
    const answer = await call(agent, method, urlPath, body);
    if (answer.status !== status) throw new Error(`${method} ${urlPath}: ${answer.status} ${answer.body.slice(0, 300)}`);
    return answer.body;
  };
  const random = (): string => nameOf(Math.floor(Math.random() * settings.monitors));

  const fill = async (): Promise<void> => {
    const start = performance.now();
    let next = 0;
    await Promise.all(agents.slice(0, settings.clients).map(async (agent) => {
      while (next < settings.monitors) {
        const name = nameOf(next++);
        await expect(agent, 'POST', '/api/v1/monitors', 201, JSON.stringify({ name, url: `https://${name}.example/`, interval: '60s', tags: ['bench'] }));
      }
    }));
    const seconds = (performance.now() - start) / 1000;
    port_.postMessage({ kind: 'filled', rate: settings.monitors / seconds, seconds } satisfies FromWorker);
  };

  const timed = async (label: string, concurrency: number, path: () => string): Promise<Timing> => {
    for (let i = 0; i < 20; i++) await expect(agents[0]!, 'GET', path(), 200); // warm up
    const times: number[] = [];
    let left = settings.calls;
    const start = performance.now();
    await Promise.all(agents.slice(0, concurrency).map(async (agent) => {
      while (left-- > 0) {
        const t0 = performance.now();
        await expect(agent, 'GET', path(), 200);
        times.push(performance.now() - t0);
      }
    }));
    return { label, concurrency, times, seconds: (performance.now() - start) / 1000 };
  };

  const measure = async (): Promise<void> => {
    const timings: Timing[] = [];
    for (const concurrency of [1, settings.concurrency]) {
      timings.push(await timed('GET /monitors (first page, 100)', concurrency, () => '/api/v1/monitors'));
      timings.push(await timed('GET /monitors?cursor=random (100)', concurrency, () => `/api/v1/monitors?cursor=${encodeCursor(random())}`));
      timings.push(await timed('GET /monitors?limit=1000&cursor=random', concurrency, () => `/api/v1/monitors?limit=1000&cursor=${encodeCursor(random())}`));
      timings.push(await timed('GET /monitors/{name}', concurrency, () => `/api/v1/monitors/${random()}`));
      timings.push(await timed('GET /monitors/{name}/results (100)', concurrency, () => `/api/v1/monitors/${random()}/results`));
      timings.push(await timed('GET /incidents?open=true (50)', concurrency, () => '/api/v1/incidents?open=true'));
      timings.push(await timed('GET /metrics (per-monitor series capped at 1000)', concurrency, () => '/metrics'));
    }
    port_.postMessage({ kind: 'measured', timings } satisfies FromWorker);
  };

  port_.on('message', (message: ToWorker) => {
    const work = message.kind === 'fill' ? fill() : message.kind === 'measure' ? measure() : Promise.resolve(agents.forEach((a) => a.destroy()));
    work.catch((error: unknown) => { log(`client failed: ${String(error)}`); process.exit(1); });
  });
}
