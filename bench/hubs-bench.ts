// Several hubs on one PostgreSQL (issue 16): N monitors at 60 s (default 100,000) shared by three
// `whydown serve` processes (the CLI from the bundle) on one real PostgreSQL, checking a local
// nginx. Measured: how evenly the monitors are shared (GET /api/v1/hubs), the check rate of all
// hubs together (results written per second), and a take-over: one hub is killed with SIGKILL,
// then the time until its shards are held by the others and until each of its monitors has been
// checked again.
//
// Run: npm run build && node dist/bench/hubs-bench.js [--monitors 100000] [--measure 20] [--after-kill 75]
// Under 3 minutes at 100,000 monitors on 2 vCPUs. Prints one table; nothing is kept.
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { readFile } from 'node:fs/promises';
import { parseConfig } from '../src/serve/config/load.js';
import { monitorSettings } from '../src/serve/engine/monitor-view.js';
import { shardOf } from '../src/serve/hubs/shards.js';
import { openPostgresStore } from '../src/serve/store/postgres.js';
import { startPostgres } from '../test/support/postgres.js';
import { delay, freePort, makeTempDir, startProcess } from '../test/support/process.js';
import { startServeProcess, type ServeProcess } from '../test/support/serve.js';

const { values: args } = parseArgs({
  options: {
    monitors: { type: 'string', default: '100000' },
    measure: { type: 'string', default: '20' },
    'after-kill': { type: 'string', default: '75' },
  },
});
const N = Number(args.monitors);
const MEASURE_S = Number(args.measure);
const AFTER_KILL_S = Number(args['after-kill']);
const ADDRESSES = ['127.0.0.1', '127.0.0.2', '127.0.0.3', '127.0.0.4'];
const log = (line: string): void => { process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`); };
const nameOf = (i: number): string => `m${String(i).padStart(6, '0')}`;

interface HubRow { name: string; lastSeen: string; monitors: number }

async function main(): Promise<void> {
  const began = Date.now();
  const dir = await makeTempDir('hubs-bench');
  const port = await freePort();
  await writeFile(path.join(dir, 'nginx.conf'), `daemon off; worker_processes 1; worker_rlimit_nofile 16384; pid ${dir}/nginx.pid; error_log ${dir}/error.log warn;
events { worker_connections 8192; multi_accept on; }
http { access_log off; client_body_temp_path ${dir}/cb; proxy_temp_path ${dir}/p; fastcgi_temp_path ${dir}/f; uwsgi_temp_path ${dir}/u; scgi_temp_path ${dir}/s;
  server { ${ADDRESSES.map((a) => `listen ${a}:${port} backlog=4096;`).join(' ')} location / { return 200 "ok\\n"; } } }\n`);
  const nginx = await startProcess({
    command: 'nginx',
    args: ['-p', `${dir}/`, '-c', path.join(dir, 'nginx.conf'), '-e', path.join(dir, 'error.log')],
    waitForPort: { port, host: ADDRESSES.at(-1)! },
  });
  const postgres = await startPostgres();
  const hubs = new Map<string, ServeProcess>();
  try {
    const db = await postgres.createDatabase();
    const file = path.join(dir, 'whydown.yml');
    const lines = ['defaults: { interval: 60s, timeout: 5s }', 'monitors:'];
    for (let i = 0; i < N; i++) lines.push(`  - { name: ${nameOf(i)}, url: "http://${ADDRESSES[i % ADDRESSES.length]}:${port}/" }`);
    await writeFile(file, `${lines.join('\n')}\n`);
    // The monitors are stored first in one statement, as a hub would store them (a first start
    // stores 100,000 one by one: a minute on a busy machine, and not what this bench measures).
    await prefill(db, file);
    const env = { WHYDOWN_API_TOKEN: 'bench' };
    const startedAt = Date.now();
    await Promise.all(['hub-1', 'hub-2', 'hub-3'].map(async (name) => {
      const hub = await spawnHub(['--config', file, '--db', db, '--hub-name', name], env);
      hubs.set(name, hub);
      log(`${name} started in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
    }));
    const first = hubs.get('hub-1')!;
    const list = async (via: ServeProcess): Promise<HubRow[]> => (await via.api<{ hubs: HubRow[] }>('/api/v1/hubs', { token: 'bench' })).body.hubs;
    const evenAt = Date.now();
    let shares: HubRow[] = [];
    for (;;) {
      shares = await list(first);
      if (shares.length === 3 && shares.every((h) => Math.abs(h.monitors - N / 3) < N * 0.05) && shares.reduce((s, h) => s + h.monitors, 0) === N) break;
      if (Date.now() - evenAt > 60_000) break;
      await delay(500);
    }
    log(`shares after ${((Date.now() - evenAt) / 1000).toFixed(1)} s: ${shares.map((h) => `${h.name} ${h.monitors}`).join(', ')}`);

    const client = new pg.Client({ connectionString: db });
    await client.connect();
    try {
      const countBefore = await resultCount(client);
      const t0 = Date.now();
      await delay(MEASURE_S * 1000);
      const rate = (await resultCount(client) - countBefore) / ((Date.now() - t0) / 1000);
      log(`all hubs: ${rate.toFixed(1)} results/s stored (wanted ${(N / 60).toFixed(1)})`);

      // The take-over: which shards hub-2 holds, then kill it.
      const held = new Set((await client.query<{ shard: number }>("SELECT shard FROM hub_leases WHERE hub = 'hub-2' AND expires > (extract(epoch from clock_timestamp()) * 1000)::bigint")).rows.map((r) => r.shard));
      const victims = Array.from({ length: N }, (_, i) => nameOf(i)).filter((name) => held.has(shardOf(name)));
      const killedAt = Date.now();
      await hubs.get('hub-2')!.stop('SIGKILL');
      log(`hub-2 killed (held ${held.size} shards, ${victims.length} monitors)`);
      let shardsTakenMs = NaN;
      while (Date.now() - killedAt < AFTER_KILL_S * 1000) {
        if (Number.isNaN(shardsTakenMs)) {
          const left = (await client.query<{ n: number }>("SELECT count(*)::int AS n FROM hub_leases WHERE hub = 'hub-2'")).rows[0]!.n;
          if (left === 0) {
            shardsTakenMs = Date.now() - killedAt;
            log(`its shards held by the others after ${(shardsTakenMs / 1000).toFixed(1)} s`);
          }
        }
        await delay(500);
      }
      const { rows } = await client.query<{ name: string; at: string }>(
        'SELECT m.name, min(r.at) AS at FROM results r JOIN monitors m ON m.id = r.monitor_id WHERE r.at >= $1 AND m.name = ANY($2) GROUP BY m.name', [killedAt, victims]);
      const delays = rows.map((r) => Number(r.at) - killedAt).sort((a, b) => a - b);
      const q = (p: number): string => `${((delays[Math.min(delays.length - 1, Math.floor(p * delays.length))] ?? NaN) / 1000).toFixed(1)} s`;
      const after = await list(first);
      const table: [string, string][] = [
        ['monitors, interval', `${N}, 60 s`],
        ['shares of 3 hubs', shares.map((h) => `${h.name} ${h.monitors}`).join(', ')],
        ['largest share / smallest', (Math.max(...shares.map((h) => h.monitors)) / Math.max(1, Math.min(...shares.map((h) => h.monitors)))).toFixed(3)],
        ['results stored per second, all hubs', `${rate.toFixed(1)} (wanted ${(N / 60).toFixed(1)})`],
        ['killed hub: monitors', String(victims.length)],
        ['its shards taken by the others after', `${(shardsTakenMs / 1000).toFixed(1)} s`],
        [`its monitors checked again within ${AFTER_KILL_S} s`, `${rows.length} of ${victims.length}`],
        ['time to the next check, p50 / p95 / max', `${q(0.5)} / ${q(0.95)} / ${q(1)}`],
        ['shares after the take-over', after.map((h) => `${h.name} ${h.monitors}`).join(', ')],
        ['whole run', `${((Date.now() - began) / 1000).toFixed(0)} s`],
      ];
      for (const [what, figure] of table) process.stdout.write(`| ${what} | ${figure} |\n`);
    } finally {
      await client.end();
    }
  } finally {
    for (const hub of hubs.values()) await hub.stop('SIGKILL');
    await nginx.stop();
    await postgres.destroy();
    await rm(dir, { recursive: true, force: true });
  }
}

async function prefill(db: string, file: string): Promise<void> {
  const t0 = Date.now();
  const store = await openPostgresStore(db);
  await store.close();
  const config = parseConfig(await readFile(file, 'utf8'), file);
  const client = new pg.Client({ connectionString: db });
  await client.connect();
  try {
    const now = Date.now();
    await client.query(`INSERT INTO monitors (name, url, source, settings, created_at, updated_at)
      SELECT n, u, 'config', s::jsonb, $4, $4 FROM unnest($1::text[], $2::text[], $3::text[]) AS m(n, u, s)`,
    [config.monitors.map((m) => m.name), config.monitors.map((m) => m.url), config.monitors.map((m) => JSON.stringify(monitorSettings(m))), now]);
  } finally {
    await client.end();
  }
  log(`${config.monitors.length} monitors stored in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

/** `whydown serve` as a child process, waited for on its start line (a 100,000-monitor config takes a while to read). */
async function spawnHub(args: string[], env: NodeJS.ProcessEnv): Promise<ServeProcess> {
  const port = await freePort();
  const hub = await startServeProcess(args, port, env, { readyTimeoutMs: 150_000 });
  await waitForLog(hub, /whydown serve: /, 150_000);
  return hub;
}

async function resultCount(client: pg.Client): Promise<number> {
  return Number((await client.query<{ n: string }>('SELECT count(*) AS n FROM results')).rows[0]!.n);
}

async function waitForLog(hub: ServeProcess, pattern: RegExp, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!pattern.test(hub.log())) {
    if (Date.now() > end) throw new Error(`no ${pattern} in the log within ${timeoutMs} ms: ${hub.log()}`);
    await delay(200);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exitCode = 1;
});
