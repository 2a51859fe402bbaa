// What a year of 1-minute checks of 1,000 monitors costs on disk, under the default retention
// (raw 14 days, hourly 90 days, daily forever): the database holds exactly
//   raw results  14 days × 1,440 × 1,000 = 20,160,000 rows   (written for real, through insertResults)
//   hour buckets 90 days × 24 × 1,000    =  2,160,000 rows   (the last 14 days made by rollup() from
//                                                               those results, the 76 before imported)
//   day buckets  365 days × 1,000        =    365,000 rows   (likewise: 14 rolled up, 351 imported)
// and its size is measured, not extrapolated. Older data is imported as buckets because the raw
// results it came from would be pruned anyway: writing 525,600,000 results to delete 96% of them
// would measure nothing more.
//
// Run: npm run build && node dist/bench/store-size.js [--db sqlite|postgres] [--monitors 1000]
//        [--raw-days 14] [--steady-days 1] [--keep] [--driver node:sqlite|better-sqlite3]
// --driver: SQLite's binding (default: node:sqlite where this Node has it, else better-sqlite3).
// With --raw-days below 14 the raw part is measured per row and the full figure is computed
// (and labelled so).
import { statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { openPostgresStore } from '../src/serve/store/postgres.js';
import type { SqlStore } from '../src/serve/store/sql-store.js';
import { openSqliteStore } from '../src/serve/store/sqlite.js';
import { defaultSqliteDriver, openSqliteConnection } from '../src/serve/store/sqlite-connect.js';
import type { SqliteDriverName } from '../src/serve/store/sqlite-driver.js';
import { startPostgres, type Postgres } from '../test/support/postgres.js';
import { keepTempDir } from '../test/support/cleanup.js';
import { makeTempDir } from '../test/support/process.js';
import { DAY, HOUR, hourOfResults, syntheticBuckets } from './store-data.js';

const { values: args } = parseArgs({
  options: {
    db: { type: 'string', default: 'sqlite' },
    monitors: { type: 'string', default: '1000' },
    'raw-days': { type: 'string', default: '14' },
    'steady-days': { type: 'string', default: '1' },
    keep: { type: 'boolean', default: false },
    driver: { type: 'string' },
  },
});
const DRIVER = (args.driver ?? defaultSqliteDriver()) as SqliteDriverName;
const MONITORS = Number(args.monitors);
const RAW_DAYS = Number(args['raw-days']);
const STEADY_DAYS = Number(args['steady-days']);
const NOW = Date.parse('2027-01-01T00:00:00Z');
const names = Array.from({ length: MONITORS }, (_, i) => `monitor-${String(i).padStart(5, '0')}`);
const log = (line: string): void => { process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`); };
const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

const dir = await makeTempDir('store-size');
if (args.keep) keepTempDir(dir); // makeTempDir's folders go when the process exits
let server: Postgres | null = null;
let store: SqlStore;
let measure: () => Promise<{ total: number; tables: Record<string, number> }>;
if (args.db === 'postgres') {
  server = await startPostgres();
  const url = await server.createDatabase();
  store = await openPostgresStore(url, { buffer: { maxBatch: 20_000, maxHeld: 10_000_000 } });
  measure = async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query('VACUUM ANALYZE');
    const { rows } = await client.query<{ name: string; bytes: string }>(
      `SELECT relname AS name, pg_total_relation_size(oid) AS bytes FROM pg_class WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace`);
    const total = Number((await client.query<{ b: string }>('SELECT pg_database_size(current_database()) AS b')).rows[0]!.b);
    await client.end();
    return { total, tables: Object.fromEntries(rows.map((r) => [r.name, Number(r.bytes)])) };
  };
} else {
  const file = path.join(dir, 'whydown.db');
  store = await openSqliteStore(file, { driver: DRIVER, buffer: { maxBatch: 60_000, maxHeld: 10_000_000 } });
  log(`SQLite through ${DRIVER}, Node ${process.versions.node}`);
  measure = async () => {
    const db = await openSqliteConnection(file, { driver: DRIVER });
    db.pragma('PRAGMA wal_checkpoint(TRUNCATE)');
    const tables = db.prepare('SELECT name, SUM(pgsize) AS bytes FROM dbstat GROUP BY name').all() as { name: string; bytes: number }[];
    const pages = (db.pragma('PRAGMA freelist_count') as { freelist_count: number }).freelist_count;
    const freelist = pages * (db.pragma('PRAGMA page_size') as { page_size: number }).page_size;
    db.close();
    const total = statSync(file).size + (statSync(`${file}-wal`, { throwIfNoEntry: false })?.size ?? 0);
    return { total, tables: { ...Object.fromEntries(tables.map((t) => [t.name, t.bytes])), '(free pages)': freelist } };
  };
}

try {
  let t = performance.now();
  for (const name of names) await store.upsertMonitor({ name, url: `https://${name}.example/`, source: 'api', settings: { interval: '60s' } });
  const monitorRate = MONITORS / ((performance.now() - t) / 1000);
  log(`${MONITORS} monitors added one by one: ${Math.round(monitorRate)}/s`);

  // Raw results, in time order as the monitor writes them, handed in an hour at a time.
  const rawFrom = NOW - RAW_DAYS * DAY;
  t = performance.now();
  let written = 0;
  for (let hour = rawFrom; hour < NOW; hour += HOUR) {
    await store.insertResults(hourOfResults(names, hour));
    written += names.length * 60;
    if ((hour - rawFrom + HOUR) % DAY === 0) log(`raw: ${written.toLocaleString('en')} results, ${Math.round(written / ((performance.now() - t) / 1000))}/s`);
  }
  const rawSeconds = (performance.now() - t) / 1000;

  t = performance.now();
  const rolled = await store.rollup(new Date(NOW));
  const rollupSeconds = (performance.now() - t) / 1000;
  log(`rollup of ${RAW_DAYS} days: ${rolled.hours} hour and ${rolled.days} day buckets in ${rollupSeconds.toFixed(1)} s`);

  // History older than the raw window, as the retention keeps it.
  t = performance.now();
  const hourlyFrom = NOW - 90 * DAY;
  for (let day = hourlyFrom; day < rawFrom; day += DAY) await store.importRollups(syntheticBuckets(names, 'hour', day, day + DAY));
  const yearFrom = NOW - 365 * DAY;
  for (let day = yearFrom; day < rawFrom; day += 30 * DAY) await store.importRollups(syntheticBuckets(names, 'day', day, Math.min(day + 30 * DAY, rawFrom)));
  log(`imported older buckets in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  const pruned = await store.prune(new Date(NOW));

  const year = await measure();
  const rawRows = written;
  const rawBytes = year.tables.results ?? 0;
  const fullRawRows = 14 * 1440 * MONITORS;
  const report: string[] = [
    `store-size (${args.db}, ${MONITORS} monitors, 1-minute checks, retention raw 14 d / hourly 90 d / daily forever)`,
    `  raw results written through insertResults: ${rawRows.toLocaleString('en')} in ${rawSeconds.toFixed(0)} s = ${Math.round(rawRows / rawSeconds).toLocaleString('en')} results/s (batches of one hour)`,
    `  monitors added one by one (upsertMonitor): ${Math.round(monitorRate).toLocaleString('en')}/s`,
    `  rollup() over ${RAW_DAYS} days: ${rolled.hours.toLocaleString('en')} hour + ${rolled.days} day buckets in ${rollupSeconds.toFixed(1)} s; prune(now) removed ${JSON.stringify(pruned)}`,
    `  measured database size: ${mb(year.total)} (${year.total.toLocaleString('en')} bytes)`,
    ...Object.entries(year.tables).filter(([, bytes]) => bytes > 64 * 1024).sort((a, b) => b[1] - a[1])
      .map(([name, bytes]) => `    ${name.padEnd(28)} ${mb(bytes).padStart(12)}`),
    `  raw: ${(rawBytes / rawRows).toFixed(1)} bytes per result, table and indexes`,
  ];
  if (rawRows < fullRawRows) {
    const computed = year.total + (rawBytes / rawRows) * (fullRawRows - rawRows);
    report.push(`  COMPUTED, not measured: with all 14 raw days (${fullRawRows.toLocaleString('en')} results) ≈ ${mb(computed)}`);
  }

  // Steady state, as `serve` runs it: each hour brings an hour of results, then rollup and prune.
  // Pages freed by pruning the oldest hour are reused by the next ones, so the size levels off.
  for (let d = 0; d < STEADY_DAYS; d++) {
    const from = NOW + d * DAY;
    const removed = { raw: 0, hourly: 0, daily: 0 };
    const upkeep: number[] = [];
    for (let hour = from; hour < from + DAY; hour += HOUR) {
      await store.insertResults(hourOfResults(names, hour));
      const started = performance.now();
      await store.rollup(new Date(hour + HOUR));
      const out = await store.prune(new Date(hour + HOUR));
      upkeep.push(performance.now() - started);
      removed.raw += out.raw; removed.hourly += out.hourly; removed.daily += out.daily;
    }
    const steady = await measure();
    log(`steady day ${d + 1}: pruned ${JSON.stringify(removed)}`);
    report.push(`  after ${d + 1} more day(s) of hourly writes, rollups and prunes: ${mb(steady.total)}` +
      (steady.tables['(free pages)'] === undefined ? '' : ` (${mb(steady.tables['(free pages)'])} of it free pages)`) +
      `; hourly rollup + prune took ${(upkeep.reduce((a, b) => a + b, 0) / upkeep.length / 1000).toFixed(2)} s on average, ${(Math.max(...upkeep) / 1000).toFixed(2)} s at most`);
  }
  process.stdout.write(`${report.join('\n')}\n`);
} finally {
  await store.close();
  await server?.destroy();
  if (!args.keep) await rm(dir, { recursive: true, force: true });
  else log(`kept ${dir}`);
}
