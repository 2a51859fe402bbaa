// Vantage agents at scale (issue #13's targets): three agents, each in its own network namespace,
// checking 30,000 monitor-vantage checks a minute each with a p95 start delay under 1 s, and a hub
// ingesting at least 5,000 results a second from them. Everything is real: `whydown serve` and
// `whydown agent` from the CLI as child processes, nginx as the target, the namespaces of
// test/support/vantage-netns.ts (198.18.13.0/24; root only).
//
// Run (as root): npx tsc -p tsconfig.json && node scripts/bundle.mjs
//      node dist/bench/agents-bench.js [--monitors 5000] [--interval 10] [--measure 60] [--outage 20]
// Steady state: `monitors` monitors every `interval` seconds, each checked from all three vantages
// (5,000 at 10 s = 30,000 checks a minute per agent). The agents' own figures line (--stats-every)
// gives checks and p95 start delay; /proc gives their CPU and memory. Ingest: the hub is stopped
// for `outage` seconds (the agents spool), started again, and the time to store what they
// spooled is measured. Takes about 40 + measure + outage + 30 seconds.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createNamespaces } from '../test/support/vantage-netns.js';
import { delay, freePort, makeTempDir, removeTempDir, startProcess } from '../test/support/process.js';

const ROOT = path.join(path.dirname(new URL(import.meta.url).pathname), '..', '..');
const BIN = path.join(ROOT, 'bin', 'whydown.js');
const HUB = '198.18.13.251';
const NAMES = ['fra-1', 'nyc-1', 'sgp-1'];
const PORTS = 4;

const { values } = parseArgs({ options: {
  monitors: { type: 'string', default: '5000' }, interval: { type: 'string', default: '10' },
  measure: { type: 'string', default: '60' }, outage: { type: 'string', default: '20' },
} });
const monitors = Number(values.monitors);
const interval = Number(values.interval);
const measure = Number(values.measure);
const outage = Number(values.outage);

interface Proc { child: ChildProcess; log: () => string; exited: Promise<unknown> }
function run(command: string, args: string[], env: NodeJS.ProcessEnv = {}): Proc {
  const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr!.setEncoding('utf8').on('data', (c: string) => { log = (log + c).slice(-100_000); });
  return { child, log: () => log, exited: new Promise((resolve) => child.on('exit', resolve)) };
}

function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, clock ticks
}
function rssMiB(pid: number): number {
  return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;
}

const ns = createNamespaces(3, 'b', HUB);
const dir = await makeTempDir('agents-bench');
const procs: Proc[] = [];
let nginxStop: (() => Promise<void>) | undefined;
try {
  for (let i = 0; i < 3; i++) ns.exec(i, 'sysctl', ['-q', '-w', 'net.ipv4.tcp_tw_reuse=1', 'net.ipv4.ip_local_port_range=10000 65000']);
  const ports = await Promise.all(Array.from({ length: PORTS }, () => freePort(HUB)));
  await writeFile(path.join(dir, 'nginx.conf'), `daemon off; worker_processes 1; pid ${dir}/nginx.pid; error_log ${dir}/error.log;
events { worker_connections 4096; }
http { access_log off; client_body_temp_path ${dir}/cb; proxy_temp_path ${dir}/px; fastcgi_temp_path ${dir}/fc; uwsgi_temp_path ${dir}/uw; scgi_temp_path ${dir}/sc;
  server { ${ports.map((p) => `listen ${HUB}:${p};`).join(' ')} location / { return 200 "ok\\n"; } } }
`);
  const nginx = await startProcess({ command: 'nginx', args: ['-p', `${dir}/`, '-c', path.join(dir, 'nginx.conf'), '-e', `${dir}/error.log`], waitForPort: { port: ports[0]!, host: HUB } });
  nginxStop = () => nginx.stop();
  const hubPort = await freePort(HUB);
  const tokens = NAMES.map((n) => `${n}-bench-token-0123456789`);
  const lines = [`db: sqlite:${dir}/hub.db`, 'vantages:', ...NAMES.map((n, i) => `  - {name: ${n}, token: "${tokens[i]}"}`),
    'defaults:', `  interval: ${interval}s`, '  timeout: 5s', '  confirm: {failures: 2}', 'monitors:'];
  for (let m = 0; m < monitors; m++) lines.push(`  - {name: m${m}, url: "http://${HUB}:${ports[m % PORTS]}/m${m}", vantages: [fra-1, nyc-1, sgp-1]}`);
  await writeFile(path.join(dir, 'whydown.yml'), `${lines.join('\n')}\n`);
  const base = `http://${HUB}:${hubPort}`;
  const startHub = async (): Promise<Proc> => {
    const hub = run(process.execPath, [BIN, 'serve', '--config', path.join(dir, 'whydown.yml'), '--listen', `${HUB}:${hubPort}`], { WHYDOWN_API_TOKEN: 'bench' });
    procs.push(hub);
    for (let i = 0; ; i++) {
      try { if ((await fetch(`${base}/healthz`)).ok) break; } catch { /* starting */ }
      if (i > 600) throw new Error(`hub did not start: ${hub.log()}`);
      await delay(100);
    }
    return hub;
  };
  const vantages = async () => ((await (await fetch(`${base}/api/v1/vantages`, { headers: { authorization: 'Bearer bench' } })).json()) as { vantages: { name: string; online: boolean; results: number }[] }).vantages;
  let hub = await startHub();
  const agents = NAMES.map((name, i) => {
    const agent = run('ip', ['netns', 'exec', ns.names[i]!, process.execPath, BIN, 'agent', '--hub', base, '--token', tokens[i]!, '--name', name,
      '--spool', path.join(dir, `spool-${name}`), '--spool-max', '1000000', '--stats-every', String(measure)]);
    procs.push(agent);
    return agent;
  });
  // Warm-up: every monitor has had its first slot.
  await delay((interval * 2 + 5) * 1000);
  const cpu0 = agents.map((a) => cpuSeconds(a.child.pid!));
  const marks = agents.map((a) => a.log().length);
  const before = await vantages();
  await delay(measure * 1000 + 1500);
  const after = await vantages();
  const cpu1 = agents.map((a) => cpuSeconds(a.child.pid!));
  console.log(`steady state: ${monitors} monitors × 3 vantages every ${interval} s, ${measure} s measured`);
  agents.forEach((a, i) => {
    const line = a.log().slice(marks[i]).split('\n').find((l) => l.includes('checks, p95 start delay')) ?? '(no figures line)';
    const checks = Number(/(\d+) checks/.exec(line)?.[1] ?? NaN);
    const perMinute = (checks / measure) * 60;
    console.log(`  ${NAMES[i]}: ${Math.round(perMinute)} checks/min, ${line.replace(/^.*?s: /, '')}; rss ${rssMiB(a.child.pid!).toFixed(0)} MiB, `
      + `${(((cpu1[i]! - cpu0[i]!) / checks) * 1e6).toFixed(0)} µs CPU per check (${((cpu1[i]! - cpu0[i]!) / measure * 100).toFixed(0)} % of a core)`);
    const stored = after.find((v) => v.name === NAMES[i])!.results - before.find((v) => v.name === NAMES[i])!.results;
    console.log(`          hub stored ${stored} of its results in the window (${Math.round(stored / measure)}/s)`);
  });
  // Ingest: stop the hub, let the agents spool, start it again and time the catch-up.
  hub.child.kill('SIGTERM');
  await hub.exited;
  await delay(outage * 1000);
  const restartAt = Date.now();
  hub = await startHub();
  const started = Date.now();
  const total = (v: { results: number }[]): number => v.reduce((s, x) => s + x.results, 0);
  // Spooled: outage × checks a second; caught up when the store's count grows no faster than the steady rate.
  const steadyPerSecond = (3 * monitors) / interval;
  // Polled each second: the store's count. The agents come back at their own times (back-off
  // with jitter), so ingest is read from the busy seconds: those storing more than the steady
  // rate (1.3×), until all three are online and three quiet seconds pass.
  let last = total(await vantages());
  let lastAt = Date.now();
  let quiet = 0;
  let busySeconds = 0;
  let busyResults = 0;
  let peak = 0;
  for (let i = 0; i < 90 && quiet < 3; i++) {
    await delay(1000);
    const list = await vantages();
    const now = total(list);
    const at = Date.now();
    const seconds = (at - lastAt) / 1000;
    const rate = (now - last) / seconds;
    if (process.env.DEBUG_BENCH) console.log(`  +${((at - started) / 1000).toFixed(1)} s: ${now} stored, ${Math.round(rate)}/s, online ${list.filter((v) => v.online).map((v) => v.name).join(',')}`);
    peak = Math.max(peak, rate);
    if (rate > steadyPerSecond * 1.3) {
      busySeconds += seconds;
      busyResults += now - last;
      quiet = 0;
    } else if (list.every((v) => v.online)) quiet++;
    last = now;
    lastAt = at;
  }
  const spooled = agents.map((a) => Number([...a.log().matchAll(/sending (\d+) spooled results/g)].at(-1)?.[1] ?? 0));
  const sum = spooled.reduce((s, x) => s + x, 0);
  console.log(`ingest: hub away ${outage} s, ${sum} results spooled (${spooled.join(' + ')}); hub listening ${((started - restartAt) / 1000).toFixed(1)} s `
    + `after its start; ${busyResults} results stored in the ${busySeconds.toFixed(1)} busy seconds: `
    + `${Math.round(busyResults / busySeconds)} results/s on average, peak ${Math.round(peak)}/s over 1 s`);
} finally {
  for (const p of procs) { p.child.kill('SIGKILL'); }
  await Promise.all(procs.map((p) => p.exited));
  await nginxStop?.();
  ns.remove();
  await removeTempDir(dir);
}
