// The store under the API's load at scale: 100,000 monitors added one call at a time (the API's
// "at least 1,000 a second"), each with recent results, then the reads the API makes — a page of
// the monitor list from a random cursor, one monitor, its newest results — timed one by one
// (the API's "under 200 ms p95"). This measures the store alone; HTTP adds its own time on top.
//
// Run: npm run build && node dist/bench/store-scale.js [--db sqlite|postgres] [--monitors 100000]
//        [--results 10] [--calls 1000] [--concurrency 8] [--driver node:sqlite|better-sqlite3]
// --driver: SQLite's binding (default: node:sqlite where this Node has it, else better-sqlite3).
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openPostgresStore } from '../src/serve/store/postgres.js';
import type { SqlStore } from '../src/serve/store/sql-store.js';
import { openSqliteStore } from '../src/serve/store/sqlite.js';
import { defaultSqliteDriver } from '../src/serve/store/sqlite-connect.js';
import type { SqliteDriverName } from '../src/serve/store/sqlite-driver.js';
import { startPostgres, type Postgres } from '../test/support/postgres.js';
import { makeTempDir } from '../test/support/process.js';
import { HOUR, hourOfResults } from './store-data.js';

const { values: args } = parseArgs({
  options: {
    db: { type: 'string', default: 'sqlite' },
    monitors: { type: 'string', default: '100000' },
    results: { type: 'string', default: '10' },
    calls: { type: 'string', default: '1000' },
    concurrency: { type: 'string', default: '8' },
    driver: { type: 'string' },
  },
});
const DRIVER = (args.driver ?? defaultSqliteDriver()) as SqliteDriverName;
const MONITORS = Number(args.monitors);
const CALLS = Number(args.calls);
const CONCURRENCY = Number(args.concurrency);
const names = Array.from({ length: MONITORS }, (_, i) => `monitor-${String(i).padStart(6, '0')}`);
const log = (line: string): void => { process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`); };

/** Runs `work(i)` for i in [0, count) with `concurrency` calls in flight. */
async function pool(count: number, concurrency: number, work: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < count) await work(next++);
  }));
}

async function timed(label: string, call: () => Promise<unknown>): Promise<string> {
  const times: number[] = [];
  for (let i = 0; i < CALLS; i++) {
    const start = performance.now();
    await call();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const at = (q: number): string => times[Math.min(times.length - 1, Math.floor(q * times.length))]!.toFixed(2);
  return `  ${label.padEnd(44)} p50 ${at(0.5).padStart(7)} ms   p95 ${at(0.95).padStart(7)} ms   max ${at(1).padStart(7)} ms`;
}

const random = (): string => names[Math.floor(Math.random() * names.length)]!;
const dir = await makeTempDir('store-scale');
let server: Postgres | null = null;
let store: SqlStore;
if (args.db === 'postgres') {
  server = await startPostgres();
  store = await openPostgresStore(await server.createDatabase(), { maxConnections: CONCURRENCY + 2 });
} else {
  store = await openSqliteStore(path.join(dir, 'whydown.db'), { driver: DRIVER });
}

try {
  let start = performance.now();
  await pool(MONITORS, CONCURRENCY, (i) =>
    store.upsertMonitor({ name: names[i]!, url: `https://${names[i]}.example/`, source: 'api', settings: { interval: '60s' } }));
  const addRate = MONITORS / ((performance.now() - start) / 1000);
  log(`added ${MONITORS} monitors: ${Math.round(addRate)}/s`);

  start = performance.now();
  const now = Date.parse('2027-01-01T00:00:00Z');
  const minutes = Number(args.results);
  for (let first = 0; first < names.length; first += 10_000) {
    const results = hourOfResults(names.slice(first, first + 10_000), now - HOUR).filter((_, i) => i < minutes * 10_000);
    await store.insertResults(results);
  }
  const writeSeconds = (performance.now() - start) / 1000;
  log(`wrote ${minutes} results per monitor in ${writeSeconds.toFixed(1)} s`);

  // What `whydown serve` does at 100,000 monitors: every 20 ms a transaction of the ~34 results
  // that came in, each of another monitor. The main thread's CPU per result, over 1,000 commits.
  const perCommit = Math.max(1, Math.round(MONITORS / 60 / 50));
  const commits = Array.from({ length: 1000 }, (_, commit) =>
    hourOfResults(Array.from({ length: perCommit }, () => random()), now + commit * HOUR).slice(0, perCommit));
  const cpuBefore = process.cpuUsage();
  for (const batch of commits) await store.insertResults(batch);
  const cpu = process.cpuUsage(cpuBefore);
  const servePath = `  serve's writes: 1,000 commits of ${perCommit} results on random monitors: ${((cpu.user + cpu.system) / (1000 * perCommit)).toFixed(1)} µs CPU per result`;

  const lines = [
    `store-scale (${args.db === 'postgres' ? 'postgres' : `sqlite through ${DRIVER}`}, Node ${process.versions.node}, ${MONITORS.toLocaleString('en')} monitors, ${minutes} results each; ${CALLS} calls per read, one at a time)`,
    `  monitors added one call at a time, ${CONCURRENCY} in flight: ${Math.round(addRate).toLocaleString('en')}/s`,
    `  results written through insertResults, 10,000 per call: ${Math.round((MONITORS * minutes) / writeSeconds).toLocaleString('en')}/s`,
    servePath,
    await timed('listMonitors limit 100, random cursor', async () => {
      const page = await store.listMonitors({ limit: 100, cursor: Buffer.from(JSON.stringify(random())).toString('base64url') });
      if (page.monitors.length === 0 && page.next !== null) throw new Error('empty page');
    }),
    await timed('listMonitors limit 100, first page', () => store.listMonitors({ limit: 100 })),
    await timed('getMonitor', () => store.getMonitor(random())),
    await timed('listResults limit 100', () => store.listResults(random(), { limit: 100 })),
    await timed('listIncidents open', () => store.listIncidents({ open: true, limit: 50 })),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
} finally {
  await store.close();
  await server?.destroy();
  await rm(dir, { recursive: true, force: true });
}
