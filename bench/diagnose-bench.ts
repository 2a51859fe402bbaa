// Benchmarks for `whydown diagnose` against a real nginx on loopback:
//  1. start-up: `whydown --version` vs a bare `node -e 0` (hyperfine)
//  2. wall time of `whydown <url>` on a healthy page (hyperfine)
//  3. phase timings vs `curl -w` when nginx delays its first byte by 200 ms (echo_sleep)
// Run: npm run build && node dist/bench/diagnose-bench.js   (needs nginx, libnginx-mod-http-echo, hyperfine, curl)
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { startNginx } from '../test/support/nginx.js';

const ROOT = path.join(path.dirname(new URL(import.meta.url).pathname), '..', '..');
const BIN = path.join(ROOT, 'bin', 'whydown.js');
const RUNS = Number(process.env.RUNS ?? 30);

function hyperfine(commands: string[]): { command: string; mean: number; stddev: number; median: number }[] {
  const out = path.join(os.tmpdir(), `whydown-hyperfine-${process.pid}.json`);
  execFileSync('hyperfine', ['-N', '--warmup', '5', '--runs', String(RUNS), '--export-json', out, ...commands], { stdio: 'ignore' });
  const data = JSON.parse(execFileSync('cat', [out], { encoding: 'utf8' })) as { results: { command: string; mean: number; stddev: number; median: number }[] };
  return data.results;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const ms = (seconds: number): string => `${(seconds * 1000).toFixed(1)} ms`;

const nginx = await startNginx(`
  location = / { return 200 "<html><body><h1>healthy</h1></body></html>"; }
  location = /delayed { echo_sleep 0.2; echo "delayed"; }
`, '', { echoModule: true });
const base = `http://127.0.0.1:${nginx.port}`;
try {
  const startup = hyperfine(['node -e 0', `node ${BIN} --version`]);
  const [bare, version] = startup;
  console.log('## whydown --version start-up');
  console.log(`| command | mean ± σ | median |\n|---|---|---|`);
  for (const r of startup) console.log(`| \`${r.command.replace(BIN, 'bin/whydown.js')}\` | ${ms(r.mean)} ± ${ms(r.stddev)} | ${ms(r.median)} |`);
  console.log(`\nOverhead over bare node: ${ms(version!.median - bare!.median)} (median; target < 60 ms)\n`);

  const healthy = hyperfine([`node ${BIN} ${base}/`, `node ${BIN} --json ${base}/`]);
  console.log('## whydown <url> on a healthy nginx (default 3 attempts, wall time)');
  console.log(`| command | mean ± σ | median |\n|---|---|---|`);
  for (const r of healthy) console.log(`| \`${r.command.replace(BIN, 'bin/whydown.js').replace(base, 'http://127.0.0.1:PORT')}\` | ${ms(r.mean)} ± ${ms(r.stddev)} | ${ms(r.median)} |`);

  const samples = Number(process.env.SAMPLES ?? 15);
  const curl: Record<string, number[]> = { tcp: [], firstByte: [], download: [], total: [] };
  const ours: Record<string, number[]> = { tcp: [], firstByte: [], download: [], total: [] };
  for (let i = 0; i < samples; i++) {
    const text = execFileSync('curl', ['-s', '-o', '/dev/null', '-w',
      '%{time_namelookup} %{time_connect} %{time_appconnect} %{time_pretransfer} %{time_starttransfer} %{time_total}', `${base}/delayed`], { encoding: 'utf8' });
    const [, connect, , pretransfer, starttransfer, total] = text.trim().split(' ').map((s) => Number(s) * 1000) as number[];
    curl.tcp!.push(connect!);
    curl.firstByte!.push(starttransfer! - pretransfer!);
    curl.download!.push(total! - starttransfer!);
    curl.total!.push(total!);
    const report = JSON.parse(execFileSync('node', [BIN, '--json', '--retries', '1', `${base}/delayed`], { encoding: 'utf8' })) as {
      attempts: { timings: Record<string, number> }[];
    };
    const t = report.attempts[0]!.timings;
    for (const phase of Object.keys(ours)) ours[phase]!.push(t[phase]!);
  }
  console.log(`\n## Phase timings vs curl -w (nginx echo_sleep 0.2 before the first byte; median of ${samples})`);
  console.log('| phase | curl | whydown | difference |\n|---|---|---|---|');
  for (const phase of Object.keys(ours)) {
    const c = median(curl[phase]!);
    const w = median(ours[phase]!);
    console.log(`| ${phase} | ${c.toFixed(2)} ms | ${w.toFixed(2)} ms | ${(w - c).toFixed(2)} ms |`);
  }
  console.log('\n(curl: tcp = time_connect − time_namelookup≈0 for an IP; firstByte = time_starttransfer − time_pretransfer; download = time_total − time_starttransfer)');
} finally {
  await nginx.stop();
}
