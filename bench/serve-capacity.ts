// The capacity of `whydown serve` (the issue's target: 100,000 monitors at a 60 s interval, about
// 1,667 checks a second, p95 start delay under 1 s and RSS under 1 GB, with SQLite and with
// PostgreSQL). Everything is real: a Debian nginx on loopback as the targets, the CLI from the
// bundle (`node bin/whydown.js serve`) as a child process, its own /metrics for the delays and
// the check count, /proc for its RSS and CPU, and the API read while it runs.
//
// Run: npx tsc -p tsconfig.json && node scripts/bundle.mjs
//      node dist/bench/serve-capacity.js [--monitors 100000] [--warmup 60] [--measure 120]
//        [--db sqlite|postgres|postgres://…] [--via config|api] [--concurrency N]
//        [--node-arg=--cpu-prof --node-arg=--cpu-prof-dir=/tmp/prof] [--json results.jsonl]
//        [--check-threads N] [--history MINUTES] [--bin other-checkout/bin/whydown.js]
// Environment instead of flags: N, WARMUP, DURATION (the measured seconds), DB, VIA, HISTORY.
// --history fills the database first with that many minutes of results per monitor (a restart of
// a long-running server rather than a first start on an empty database); with --warmup 540 the
// measured window holds serve's first housekeeping (rollup and prune, 10 minutes after start).
//
// The targets: nginx with 4 workers' worth of connections on 4 loopback addresses × 2 ports
// (8 endpoints, so 100,000 checks a minute do not queue on one address's ephemeral ports), a
// handful of `return 200` paths, access log off (the log is the target's cost, not ours).
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { parseConfig } from '../src/serve/config/load.js';
import { monitorSettings } from '../src/serve/engine/monitor-view.js';
import { nextSlot, slotOffset } from '../src/serve/engine/slots.js';
import { encodeCursor } from '../src/serve/store/cursor.js';
import { openStore } from '../src/serve/store/open-store.js';
import { openSqliteConnection } from '../src/serve/store/sqlite-connect.js';
import type { ResultInput } from '../src/serve/store/types.js';
import { startPostgres, type Postgres } from '../test/support/postgres.js';
import { keepTempDir } from '../test/support/cleanup.js';
import { delay, freePort, makeTempDir, startProcess, type RunningProcess } from '../test/support/process.js';

const ROOT = path.join(path.dirname(new URL(import.meta.url).pathname), '..', '..');
const DEFAULT_BIN = path.join(ROOT, 'bin', 'whydown.js');
const TOKEN = 'bench-token';
const ADDRESSES = ['127.0.0.1', '127.0.0.2', '127.0.0.3', '127.0.0.4'];
const PATHS = ['/', '/health', '/status', '/api/ping', '/healthz?full=1', '/index.html'];
const CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

const { values: args } = parseArgs({
  options: {
    monitors: { type: 'string', default: process.env.N ?? '5000' },
    warmup: { type: 'string', default: process.env.WARMUP ?? '60' },
    measure: { type: 'string', default: process.env.DURATION ?? '120' },
    db: { type: 'string', default: process.env.DB ?? 'sqlite' },
    via: { type: 'string', default: process.env.VIA ?? 'config' },
    concurrency: { type: 'string' },
    'nginx-workers': { type: 'string', default: '1' },
    'node-arg': { type: 'string', multiple: true, default: [] },
    'check-threads': { type: 'string' },
    history: { type: 'string', default: process.env.HISTORY ?? '0' },
    // Another build's bin/whydown.js (a checkout of an earlier commit), for before/after figures.
    bin: { type: 'string', default: DEFAULT_BIN },
    'api-every': { type: 'string', default: '500' },
    json: { type: 'string' },
    keep: { type: 'boolean', default: false },
  },
});
const N = Number(args.monitors);
const WARMUP_S = Number(args.warmup);
const MEASURE_S = Number(args.measure);
const VIA = args.via === 'api' ? 'api' : 'config';
const API_EVERY_MS = Number(args['api-every']);
const HISTORY_MIN = Number(args.history);
const BIN = path.resolve(args.bin!);
if (!Number.isInteger(N) || N < 1) throw new Error(`--monitors wants a whole number, got ${args.monitors}`);

const log = (line: string): void => { process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`); };
const nameOf = (i: number): string => `m${String(i).padStart(6, '0')}`;

// --- /proc ---------------------------------------------------------------------------------

interface ProcStat { ppid: number; cpuTicks: number; userTicks: number }

function procStat(pid: number): ProcStat | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may hold spaces: the fields start after the last ')'.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(fields[1]), cpuTicks: Number(fields[11]) + Number(fields[12]), userTicks: Number(fields[11]) };
  } catch {
    return null;
  }
}

/** CPU seconds (user + system) of a process and all its descendants alive now. */
function treeCpuSeconds(root: number): number {
  const children = new Map<number, number[]>();
  const ticks = new Map<number, number>();
  for (const entry of readdirNumeric('/proc')) {
    const stat = procStat(entry);
    if (!stat) continue;
    ticks.set(entry, stat.cpuTicks);
    const list = children.get(stat.ppid) ?? [];
    list.push(entry);
    children.set(stat.ppid, list);
  }
  let total = 0;
  const stack = [root];
  while (stack.length > 0) {
    const pid = stack.pop()!;
    total += ticks.get(pid) ?? 0;
    stack.push(...(children.get(pid) ?? []));
  }
  return total / CLK_TCK;
}

function readdirNumeric(dir: string): number[] {
  return readdirSync(dir).filter((name) => /^\d+$/.test(name)).map(Number);
}

function memoryKb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

const loadAverage = (): string => os.loadavg().map((l) => l.toFixed(2)).join(' ');

function machine(): Record<string, string> {
  const meminfo = readFileSync('/proc/meminfo', 'utf8');
  const totalKb = Number(/^MemTotal:\s+(\d+)/m.exec(meminfo)?.[1] ?? 0);
  return {
    nproc: execFileSync('nproc', { encoding: 'utf8' }).trim(),
    model: os.cpus()[0]?.model ?? '?',
    ram: `${(totalKb / 1024 / 1024).toFixed(1)} GiB`,
    node: process.version,
    // nginx -v writes its version to stderr.
    nginx: spawnSync('nginx', ['-v'], { encoding: 'utf8' }).stderr.trim().replace('nginx version: ', ''),
    kernel: os.release(),
  };
}

/** Share of all CPUs' time stolen by the hypervisor between two /proc/stat readings. */
function stealShare(before: string, after: string): number {
  const parse = (line: string): number[] => line.trim().split(/\s+/).slice(1).map(Number);
  const a = parse(before);
  const b = parse(after);
  const total = b.reduce((s, v, i) => s + v - (a[i] ?? 0), 0);
  return total > 0 ? ((b[7] ?? 0) - (a[7] ?? 0)) / total : 0;
}

// --- nginx -----------------------------------------------------------------------------------

async function startTargets(): Promise<{ ports: number[]; dir: string; proc: RunningProcess }> {
  const dir = await makeTempDir('capacity-nginx');
  const ports = [await freePort(), await freePort()];
  const listens = ADDRESSES.flatMap((address) => ports.map((port) => `listen ${address}:${port} backlog=4096;`)).join('\n    ');
  const conf = `
daemon off;
worker_processes ${args['nginx-workers']};
worker_rlimit_nofile 16384;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 8192; multi_accept on; }
http {
  access_log off;
  client_body_temp_path ${dir}/client_body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  default_type text/plain;
  server {
    ${listens}
    server_name localhost;
    location = / { default_type text/html; return 200 "<!doctype html><title>shop</title><h1>Welcome to the shop</h1>\\n"; }
    location = /index.html { default_type text/html; return 200 "<!doctype html><title>blog</title><p>Latest posts</p>\\n"; }
    location = /health { return 200 "ok\\n"; }
    location = /status { default_type application/json; return 200 '{"status":"ok","version":"1.2.3"}\\n'; }
    location = /api/ping { default_type application/json; return 200 '{"pong":true}\\n'; }
    location = /healthz { return 200 "healthy\\n"; }
    location / { return 404; }
  }
}
`;
  await writeFile(path.join(dir, 'nginx.conf'), conf);
  const proc = await startProcess({
    command: 'nginx',
    args: ['-p', `${dir}/`, '-c', path.join(dir, 'nginx.conf'), '-e', path.join(dir, 'error.log')],
    waitForPort: { port: ports[1]!, host: ADDRESSES.at(-1)! },
  });
  return { ports, dir, proc };
}

function monitorUrl(i: number, ports: number[]): string {
  const address = ADDRESSES[i % ADDRESSES.length]!;
  const port = ports[Math.floor(i / ADDRESSES.length) % ports.length]!;
  return `http://${address}:${port}${PATHS[i % PATHS.length]!}`;
}

// --- the config ------------------------------------------------------------------------------

function configText(ports: number[], withMonitors: boolean): string {
  const lines = [
    '# Generated by bench/serve-capacity.ts',
    'api:',
    '  tokens: []',
    'defaults:',
    '  interval: 60s',
    '  timeout: 10s',
  ];
  if (withMonitors) {
    lines.push('monitors:');
    for (let i = 0; i < N; i++) lines.push(`  - name: ${nameOf(i)}`, `    url: ${monitorUrl(i, ports)}`);
  }
  return `${lines.join('\n')}\n`;
}

// --- HTTP to the server under test -----------------------------------------------------------

interface Answer { status: number; body: string; ms: number }

const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });

function call(base: URL, method: string, urlPath: string, body?: string): Promise<Answer> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: base.hostname, port: base.port, method, path: urlPath, agent,
      headers: {
        authorization: `Bearer ${TOKEN}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }),
      },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), ms: performance.now() - started }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

interface Scrape {
  at: number;
  checks: number;
  byResult: Record<string, number>;
  /** Cumulative counts by upper bound (seconds), +Inf last. */
  delayBuckets: [number, number][];
  durationBuckets: [number, number][];
  monitors: number;
  ms: number;
}

async function scrape(base: URL): Promise<Scrape> {
  const answer = await call(base, 'GET', '/metrics');
  if (answer.status !== 200) throw new Error(`/metrics answered ${answer.status}: ${answer.body.slice(0, 200)}`);
  const byResult: Record<string, number> = {};
  const delayBuckets: [number, number][] = [];
  const durationBuckets: [number, number][] = [];
  let monitors = 0;
  for (const line of answer.body.split('\n')) {
    let match = /^whydown_checks_total\{result="(\w+)"\} (\S+)$/.exec(line);
    if (match) byResult[match[1]!] = Number(match[2]);
    match = /^whydown_check_(delay|duration)_seconds_bucket\{le="([^"]+)"\} (\S+)$/.exec(line);
    if (match) {
      const bound = match[2] === '+Inf' ? Infinity : Number(match[2]);
      (match[1] === 'delay' ? delayBuckets : durationBuckets).push([bound, Number(match[3])]);
    }
    match = /^whydown_monitors (\S+)$/.exec(line);
    if (match) monitors = Number(match[1]);
  }
  const checks = Object.values(byResult).reduce((a, b) => a + b, 0);
  return { at: performance.now(), checks, byResult, delayBuckets, durationBuckets, monitors, ms: answer.ms };
}

/** The q-quantile of the observations between two scrapes, interpolated within its bucket (as histogram_quantile does). */
function quantile(before: [number, number][], after: [number, number][], q: number): number {
  const counts = after.map(([bound, count], i) => [bound, count - (before[i]?.[1] ?? 0)] as const);
  const total = counts.at(-1)?.[1] ?? 0;
  if (total === 0) return NaN;
  const rank = q * total;
  let lowerBound = 0;
  let lowerCount = 0;
  for (const [bound, count] of counts) {
    if (count >= rank) {
      if (bound === Infinity) return lowerBound; // past the last finite bound: report that bound
      return lowerBound + (bound - lowerBound) * ((rank - lowerCount) / Math.max(1, count - lowerCount));
    }
    lowerBound = bound;
    lowerCount = count;
  }
  return lowerBound;
}

/** Share of the observations between two scrapes at or under `bound`. */
function shareUnder(before: [number, number][], after: [number, number][], bound: number): number {
  const index = after.findIndex(([b]) => b === bound);
  const total = (after.at(-1)?.[1] ?? 0) - (before.at(-1)?.[1] ?? 0);
  if (index < 0 || total === 0) return NaN;
  return (after[index]![1] - (before[index]?.[1] ?? 0)) / total;
}

// --- the run ---------------------------------------------------------------------------------

interface ApiTiming { label: string; times: number[]; errors: number }

async function main(): Promise<void> {
  const info = machine();
  log(`machine: ${info.nproc} CPUs (${info.model}), ${info.ram}, Node ${info.node}, load ${loadAverage()}`);
  const work = await makeTempDir('capacity');
  if (args.keep) keepTempDir(work); // makeTempDir's folders go when the process exits
  const targets = await startTargets();
  log(`nginx on ${ADDRESSES.join(', ')} × ports ${targets.ports.join(', ')}`);
  let postgres: Postgres | null = null;
  let dbUrl: string;
  if (args.db === 'sqlite') dbUrl = `sqlite:${path.join(work, 'whydown.db')}`;
  else if (args.db === 'postgres') {
    postgres = await startPostgres();
    dbUrl = await postgres.createDatabase();
  } else dbUrl = args.db!;
  const dbKind = dbUrl.startsWith('sqlite:') ? 'SQLite' : 'PostgreSQL';

  const configFile = path.join(work, 'whydown.yml');
  const written = performance.now();
  await writeFile(configFile, configText(targets.ports, VIA === 'config'));
  log(`config written (${VIA === 'config' ? `${N} monitors` : 'no monitors; they come through the API'}) in ${Math.round(performance.now() - written)} ms`);

  let history: { minutes: number; results: number; seconds: number } | null = null;
  if (HISTORY_MIN > 0) history = await writeHistory(dbUrl, configFile);

  const port = await freePort();
  const base = new URL(`http://127.0.0.1:${port}`);
  const serveArgs = [...args['node-arg']!, BIN, 'serve', '--config', configFile, '--db', dbUrl, '--listen', `127.0.0.1:${port}`,
    ...(args.concurrency === undefined ? [] : ['--concurrency', args.concurrency]),
    ...(args['check-threads'] === undefined ? [] : ['--check-threads', args['check-threads']])];
  const spawnedAt = performance.now();
  const child: ChildProcess = spawn(process.execPath, serveArgs, {
    cwd: work,
    env: { ...process.env, WHYDOWN_API_TOKEN: TOKEN, NO_COLOR: '1' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let serveLog = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    serveLog += chunk;
    for (const line of chunk.split('\n')) if (line.trim() && !/ is (up|down|degraded): /.test(line)) process.stderr.write(`  serve| ${line}\n`);
  });
  const exited = new Promise<number | string>((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal ?? '?')));
  let done = false;
  void exited.then(() => { done = true; });
  const pid = child.pid!;
  // SQLite's WAL file, from the start on (storing the config's monitors is where it once grew).
  const walFile = dbUrl.startsWith('sqlite:') ? `${path.resolve(work, dbUrl.slice('sqlite:'.length))}-wal` : null;
  let walPeak = 0;
  const walSampler = setInterval(() => {
    if (walFile !== null) walPeak = Math.max(walPeak, statSync(walFile, { throwIfNoEntry: false })?.size ?? 0);
  }, 200);

  const cleanup = async (): Promise<void> => {
    clearInterval(walSampler);
    if (!done) child.kill('SIGKILL');
    await targets.proc.stop();
    await postgres?.destroy();
    if (!args.keep) await rm(work, { recursive: true, force: true });
    await rm(targets.dir, { recursive: true, force: true });
    agent.destroy();
  };

  try {
    // Up when the log says how many monitors it loaded (the API answers /healthz just before).
    for (;;) {
      if (done) throw new Error(`whydown serve exited at start:\n${serveLog}`);
      if (/whydown serve: \d+ monitors/.test(serveLog)) break;
      await delay(100);
    }
    const startSeconds = (performance.now() - spawnedAt) / 1000;
    const startRssMb = memoryKb(pid, 'VmHWM') / 1024;
    log(`serve up in ${startSeconds.toFixed(1)} s (peak RSS so far ${startRssMb.toFixed(0)} MB)`);

    let addRate: number | null = null;
    if (VIA === 'api') {
      const started = performance.now();
      let next = 0;
      await Promise.all(Array.from({ length: 16 }, async () => {
        while (next < N) {
          const i = next++;
          const answer = await call(base, 'POST', '/api/v1/monitors', JSON.stringify({ name: nameOf(i), url: monitorUrl(i, targets.ports), interval: '60s' }));
          if (answer.status !== 201) throw new Error(`POST ${nameOf(i)}: ${answer.status} ${answer.body.slice(0, 200)}`);
        }
      }));
      addRate = N / ((performance.now() - started) / 1000);
      log(`added ${N} monitors through POST /api/v1/monitors (16 clients): ${Math.round(addRate)}/s`);
    }

    // Peak RSS over the whole run and over the measured part, sampled each second.
    let peakRssKb = 0;
    let measuring = false;
    let measuredPeakKb = 0;
    const sampler = setInterval(() => {
      const rss = memoryKb(pid, 'VmRSS');
      peakRssKb = Math.max(peakRssKb, rss);
      if (measuring) measuredPeakKb = Math.max(measuredPeakKb, rss);
    }, 1000);

    log(`warm-up ${WARMUP_S} s`);
    await delay(WARMUP_S * 1000);
    const nginxPid = targets.proc.pid;
    const postgresPid = postgres === null ? null : postmasterPid(postgres);
    const before = await scrape(base);
    const cpuBefore = { serve: treeCpuSeconds(pid), nginx: treeCpuSeconds(nginxPid), db: postgresPid === null ? 0 : treeCpuSeconds(postgresPid), bench: process.cpuUsage() };
    const statBefore = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
    const serveUserBefore = procStat(pid)?.userTicks ?? 0;
    const loadBefore = loadAverage();
    measuring = true;
    log(`measuring ${MEASURE_S} s (load ${loadBefore}); ${before.monitors} monitors, ${before.checks} checks so far`);

    const timings: ApiTiming[] = [
      { label: 'GET /api/v1/monitors (first page, 100)', times: [], errors: 0 },
      { label: 'GET /api/v1/monitors?cursor=random (100)', times: [], errors: 0 },
      { label: 'GET /api/v1/monitors?limit=1000&cursor=random', times: [], errors: 0 },
      { label: 'GET /api/v1/monitors/{name}', times: [], errors: 0 },
      { label: 'GET /api/v1/monitors/{name}/results (100)', times: [], errors: 0 },
      { label: 'GET /api/v1/incidents?open=true', times: [], errors: 0 },
    ];
    const random = (): string => nameOf(Math.floor(Math.random() * N));
    const paths = [
      () => '/api/v1/monitors',
      () => `/api/v1/monitors?cursor=${encodeCursor(random())}`,
      () => `/api/v1/monitors?limit=1000&cursor=${encodeCursor(random())}`,
      () => `/api/v1/monitors/${random()}`,
      () => `/api/v1/monitors/${random()}/results`,
      () => '/api/v1/incidents?open=true',
    ];
    // First half: the checks alone (and a /metrics scrape every 15 s, as Prometheus would), for
    // the CPU a check costs; second half: the same with the API read as a dashboard would, one
    // call of each kind every API_EVERY_MS, one at a time. The delays count over both halves.
    const scrapes: Scrape[] = [before];
    const startedAt = performance.now();
    const halfAt = startedAt + (MEASURE_S * 1000) / 2;
    const endAt = startedAt + MEASURE_S * 1000;
    let nextScrape = startedAt + 15_000;
    let half: { scrape: Scrape; serveCpu: number } | null = null;
    while (performance.now() < endAt) {
      const round = performance.now();
      if (half === null && round >= halfAt) {
        half = { scrape: await scrape(base), serveCpu: treeCpuSeconds(pid) };
        scrapes.push(half.scrape);
      }
      if (half !== null) {
        for (let k = 0; k < paths.length; k++) {
          try {
            const answer = await call(base, 'GET', paths[k]!());
            if (answer.status === 200) timings[k]!.times.push(answer.ms);
            else timings[k]!.errors++;
          } catch {
            timings[k]!.errors++;
          }
        }
      }
      if (performance.now() >= nextScrape) {
        scrapes.push(await scrape(base));
        nextScrape += 15_000;
      }
      await delay(Math.max(0, (half === null ? 200 : API_EVERY_MS) - (performance.now() - round)));
    }
    const after = await scrape(base);
    measuring = false;
    const cpuAfter = { serve: treeCpuSeconds(pid), nginx: treeCpuSeconds(nginxPid), db: postgresPid === null ? 0 : treeCpuSeconds(postgresPid), bench: process.cpuUsage(cpuBefore.bench) };
    const statAfter = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
    const loadAfter = loadAverage();
    clearInterval(sampler);
    const hwmKb = memoryKb(pid, 'VmHWM');

    const seconds = (after.at - before.at) / 1000;
    const checks = after.checks - before.checks;
    const checksPerSecond = checks / seconds;
    const wanted = N / 60;
    const p50 = quantile(before.delayBuckets, after.delayBuckets, 0.5);
    const p95 = quantile(before.delayBuckets, after.delayBuckets, 0.95);
    const p99 = quantile(before.delayBuckets, after.delayBuckets, 0.99);
    const underOne = shareUnder(before.delayBuckets, after.delayBuckets, 1);
    const durationP95 = quantile(before.durationBuckets, after.durationBuckets, 0.95);
    const serveCpu = cpuAfter.serve - cpuBefore.serve;
    const quiet = half ?? { scrape: after, serveCpu: cpuAfter.serve };
    const cpuMsPerCheck = ((quiet.serveCpu - cpuBefore.serve) * 1000) / (quiet.scrape.checks - before.checks);
    const cpuMsPerCheckWithApi = ((cpuAfter.serve - quiet.serveCpu) * 1000) / Math.max(1, after.checks - quiet.scrape.checks);
    const down = (after.byResult.down ?? 0) - (before.byResult.down ?? 0);

    // Stop it the way a user does, and see that every check reached the database.
    const userShare = ((procStat(pid)?.userTicks ?? 0) - serveUserBefore) / CLK_TCK / Math.max(1e-9, serveCpu);
    clearInterval(walSampler);
    const walAtStop = walFile === null ? 0 : statSync(walFile, { throwIfNoEntry: false })?.size ?? 0;
    const stopping = performance.now();
    child.kill('SIGTERM');
    const code = await exited;
    const stopSeconds = (performance.now() - stopping) / 1000;
    const stored = await countResults(dbUrl);

    const holds = p95 < 1 && checksPerSecond >= wanted * 0.98 && peakRssKb < 1024 * 1024;
    const api = timings.map((t) => {
      const sorted = [...t.times].sort((a, b) => a - b);
      const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
      return { label: t.label, calls: sorted.length, errors: t.errors, p50: at(0.5), p95: at(0.95), max: sorted.at(-1) ?? NaN };
    });
    const summary = {
      date: new Date().toISOString(), db: dbKind, via: VIA, monitors: N, warmupS: WARMUP_S, measuredS: Number(seconds.toFixed(1)),
      checksPerSecond: Number(checksPerSecond.toFixed(1)), wantedPerSecond: Number(wanted.toFixed(1)), down,
      delayP50s: Number(p50.toFixed(4)), delayP95s: Number(p95.toFixed(4)), delayP99s: Number(p99.toFixed(4)), delayUnder1s: Number(underOne.toFixed(4)),
      durationP95s: Number(durationP95.toFixed(4)),
      cpuMsPerCheck: Number(cpuMsPerCheck.toFixed(3)), cpuMsPerCheckWithApi: Number(cpuMsPerCheckWithApi.toFixed(3)), serveCores: Number((serveCpu / seconds).toFixed(2)),
      nginxCores: Number(((cpuAfter.nginx - cpuBefore.nginx) / seconds).toFixed(2)),
      dbCores: Number(((cpuAfter.db - cpuBefore.db) / seconds).toFixed(2)),
      benchCores: Number(((cpuAfter.bench.user + cpuAfter.bench.system) / 1e6 / seconds).toFixed(2)),
      steal: Number(stealShare(statBefore, statAfter).toFixed(3)),
      rssPeakMb: Math.round(Math.max(peakRssKb, hwmKb) / 1024), rssMeasuredPeakMb: Math.round(measuredPeakKb / 1024),
      startSeconds: Number(startSeconds.toFixed(1)), startRssMb: Math.round(startRssMb), addPerSecond: addRate === null ? null : Math.round(addRate),
      stopSeconds: Number(stopSeconds.toFixed(1)), exit: code, stored, checksTotal: after.checks,
      walPeakMb: walFile === null ? null : Number((walPeak / 1e6).toFixed(1)), walAtStopMb: walFile === null ? null : Number((walAtStop / 1e6).toFixed(1)),
      metricsScrapeMs: Number(Math.max(...scrapes.map((s) => s.ms), after.ms).toFixed(1)),
      loadBefore, loadAfter, holds, api, machine: info, nodeArgs: args['node-arg'], checkThreads: args['check-threads'] ?? 'default', bin: BIN,
      history, serveUserShare: Number(userShare.toFixed(2)), logLines: serveLog.split('\n').filter((l) => /last 60 s|checks on|rollup|not stored|failed/.test(l)),
    };
    printSummary(summary);
    if (args.json) await writeFile(args.json, `${JSON.stringify(summary)}\n`, { flag: 'a' });
  } finally {
    await cleanup();
  }
}

/**
 * A database as a long-running server has it: the config's monitors stored (as serve stores them,
 * so its start finds them unchanged: a restart) and HISTORY_MIN minutes of one-minute results for
 * each, at its own slot. A monitor's newest results then sit on a leaf page of their own, as after
 * a day, rather than sharing pages with other monitors' first results, as in an empty database.
 */
async function writeHistory(dbUrl: string, configFile: string): Promise<{ minutes: number; results: number; seconds: number }> {
  const started = performance.now();
  const config = parseConfig(await readFile(configFile, 'utf8'), configFile);
  const store = await openStore(dbUrl);
  try {
    let next = 0;
    await Promise.all(Array.from({ length: 8 }, async () => {
      while (next < config.monitors.length) {
        const monitor = config.monitors[next++]!;
        await store.upsertMonitor({ name: monitor.name, url: monitor.url, source: 'config', settings: monitorSettings(monitor) });
      }
    }));
    log(`history: ${config.monitors.length} monitors stored in ${((performance.now() - started) / 1000).toFixed(0)} s`);
    const end = Date.now() - 60_000;
    let results = 0;
    for (let first = 0; first < config.monitors.length; first += 100) {
      const batch: ResultInput[] = [];
      for (const monitor of config.monitors.slice(first, first + 100)) {
        const offset = slotOffset(monitor.name, 60_000);
        const last = nextSlot(end - 60_000, 60_000, offset);
        for (let minute = HISTORY_MIN - 1; minute >= 0; minute--) {
          const total = 0.6 + Math.random();
          batch.push({
            monitor: monitor.name, at: new Date(last - minute * 60_000), status: 'up', cause: 'ok',
            timings: { tcp: 0.1, firstByte: total - 0.2, download: 0.02, total }, httpStatus: 200, errorCode: null, durationMs: Math.round(total),
          });
        }
      }
      await store.insertResults(batch);
      results += batch.length;
      if (first % 10_000 === 0 && first > 0) log(`history: ${results.toLocaleString('en')} results`);
    }
    const seconds = (performance.now() - started) / 1000;
    log(`history: ${results.toLocaleString('en')} results (${HISTORY_MIN} min per monitor) in ${seconds.toFixed(0)} s`);
    return { minutes: HISTORY_MIN, results, seconds: Math.round(seconds) };
  } finally {
    await store.close();
  }
}

function postmasterPid(server: Postgres): number | null {
  try {
    return Number(readFileSync(path.join(server.dir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]) || null;
  } catch {
    return null;
  }
}

/** Results in the database after the server stopped: every finished check should be there. */
async function countResults(dbUrl: string): Promise<number> {
  if (dbUrl.startsWith('sqlite:')) {
    const db = await openSqliteConnection(dbUrl.slice('sqlite:'.length), { readonly: true });
    try {
      return (db.prepare('SELECT count(*) AS n FROM results').get() as { n: number }).n;
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: dbUrl });
  await client.connect();
  try {
    return Number((await client.query<{ n: string }>('SELECT count(*) AS n FROM results')).rows[0]!.n);
  } finally {
    await client.end();
  }
}

type Summary = Record<string, unknown> & {
  api: { label: string; calls: number; errors: number; p50: number; p95: number; max: number }[];
  machine: Record<string, string>;
};

function printSummary(s: Summary): void {
  const rows: [string, unknown][] = [
    ['database', s.db], ['monitors (interval 60 s)', s.monitors], ['added through', s.via],
    ['checks/s measured (wanted)', `${s.checksPerSecond} (${s.wantedPerSecond})`],
    ['start delay p50 / p95 / p99 (s)', `${s.delayP50s} / ${s.delayP95s} / ${s.delayP99s}`],
    ['checks started within 1 s', `${((s.delayUnder1s as number) * 100).toFixed(2)} %`],
    ['check duration p95 (s)', s.durationP95s], ['checks down', s.down],
    ['serve CPU ms per check: checks alone / with the API reads', `${s.cpuMsPerCheck} / ${s.cpuMsPerCheckWithApi}`], ['cores used: serve / nginx / db / bench', `${s.serveCores} / ${s.nginxCores} / ${s.dbCores} / ${s.benchCores}`],
    ['serve CPU in user space (rest: kernel)', `${Math.round((s.serveUserShare as number) * 100)} %`],
    ['CPU steal', `${((s.steal as number) * 100).toFixed(1)} %`],
    ['RSS peak whole run / measured window (MB)', `${s.rssPeakMb} / ${s.rssMeasuredPeakMb}`],
    ['start-up (s) / peak RSS by then (MB)', `${s.startSeconds} / ${s.startRssMb}`],
    ['monitors added through the API (/s)', s.addPerSecond ?? '–'],
    ['SQLite WAL file peak / before the stop (MB)', s.walPeakMb === null ? '–' : `${s.walPeakMb} / ${s.walAtStopMb}`],
    ['stop (s), exit', `${s.stopSeconds}, ${s.exit}`], ['results stored / checks finished', `${s.stored} / ${s.checksTotal}`],
    ['slowest /metrics scrape (ms)', s.metricsScrapeMs], ['load before / after', `${s.loadBefore} / ${s.loadAfter}`],
    ['history in the database before the start', s.history === null ? 'none (empty database)' : `${(s.history as { minutes: number }).minutes} min per monitor, ${(s.history as { results: number }).results.toLocaleString('en')} results`],
    ['holds (p95 < 1 s, checks/s ≥ 98 % of N/60, RSS < 1 GB)', s.holds ? 'yes' : 'NO'],
  ];
  const lines = [
    `serve-capacity ${s.date}: ${s.machine.nproc} CPUs (${s.machine.model}), ${s.machine.ram}, Node ${s.machine.node}, ${s.machine.nginx}`,
    '', '| | |', '|---|---|', ...rows.map(([k, v]) => `| ${k} | ${String(v)} |`),
    '', '| API call while it runs (one at a time) | calls | errors | p50 ms | p95 ms | max ms |', '|---|---:|---:|---:|---:|---:|',
    ...s.api.map((a) => `| ${a.label} | ${a.calls} | ${a.errors} | ${a.p50.toFixed(1)} | ${a.p95.toFixed(1)} | ${a.max.toFixed(1)} |`),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

await mkdir(os.tmpdir(), { recursive: true });
await main();
