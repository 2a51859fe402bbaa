// Full diagnosis time of a failing gateway (issue: an immediate 502 under 3 s with the default
// attempts; a gateway that times out: its time limit plus under 1 s).
// Run: npm run build && node dist/bench/gateway-bench.js   (needs nginx, hyperfine)
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { startNginx } from '../test/support/nginx.js';
import { freePort } from '../test/support/process.js';
import { startSlowUpstream } from '../test/support/upstreams.js';

const BIN = path.join(path.dirname(new URL(import.meta.url).pathname), '..', '..', 'bin', 'whydown.js');
const RUNS = Number(process.env.RUNS ?? 10);
const LIMIT_S = 2;

const slow = await startSlowUpstream(60_000);
const nginx = await startNginx(`
  location /refused { proxy_pass http://127.0.0.1:${await freePort()}; }
  location /slow { proxy_pass http://127.0.0.1:${slow.port}; proxy_read_timeout ${LIMIT_S}s; }
`);
const base = `http://127.0.0.1:${nginx.port}`;
try {
  const out = path.join(os.tmpdir(), `whydown-gateway-bench-${process.pid}.json`);
  const commands = [
    `node ${BIN} --json ${base}/refused`,
    `node ${BIN} --json --log ${nginx.errorLog} ${base}/refused`,
    `node ${BIN} --json ${base}/slow`,
  ];
  // Exit status 2 (down) is the expected answer here.
  execFileSync('hyperfine', ['-N', '-i', '--warmup', '1', '--runs', String(RUNS), '--export-json', out, ...commands], { stdio: 'ignore' });
  const results = (JSON.parse(execFileSync('cat', [out], { encoding: 'utf8' })) as { results: { command: string; mean: number; stddev: number; max: number }[] }).results;
  console.log(`## Full diagnosis of a failing nginx gateway (default 3 attempts; ${RUNS} runs)`);
  console.log('| case | mean ± σ | max | target |\n|---|---|---|---|');
  const labels = ['immediate 502 (closed upstream port)', 'immediate 502 with --log', `504 after proxy_read_timeout ${LIMIT_S}s`];
  const targets = ['< 3 s', '< 3 s', `< ${LIMIT_S + 1} s (limit + 1 s)`];
  results.forEach((r, i) => console.log(`| ${labels[i]} | ${r.mean.toFixed(2)} s ± ${r.stddev.toFixed(2)} | ${r.max.toFixed(2)} s | ${targets[i]} |`));
} finally {
  await nginx.stop();
  await slow.stop();
}
