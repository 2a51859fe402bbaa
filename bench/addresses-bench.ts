// Wall time of `whydown <url>` on a healthy local target reached through a name, with one address
// and with two (A 127.0.0.1 + AAAA ::1, nginx on both): what the `addresses` and `authority` steps
// cost. NSD serves the names on a loopback port (passed with --dns-server). Optionally compares
// with another build: WHYDOWN_BEFORE=/path/to/other/checkout/bin/whydown.js (e.g. a `git archive`
// of an older commit, built with `npx tsc -p tsconfig.json && node scripts/bundle.mjs`).
// Run: npm run build && node dist/bench/addresses-bench.js   (needs nginx and nsd; about a minute; RUNS=20)
import { execFileSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import path from 'node:path';
import { startDnsServer } from '../test/support/dns-server.js';
import { startNginx } from '../test/support/nginx.js';

const ROOT = path.join(path.dirname(new URL(import.meta.url).pathname), '..', '..');
const AFTER = path.join(ROOT, 'bin', 'whydown.js');
const BEFORE = process.env.WHYDOWN_BEFORE;
const RUNS = Number(process.env.RUNS ?? 20);

/** Median of a list of numbers. */
function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Runs every command once per round, in a rotating order, so a machine whose load drifts (a shared
 * one) weighs on each command alike; hyperfine would run all of one command's runs first.
 */
function interleaved(commands: string[][], rounds: number): { wall: number[]; diagnosis: number[] }[] {
  const samples = commands.map(() => ({ wall: [] as number[], diagnosis: [] as number[] }));
  for (let round = 0; round < rounds + 2; round++) {
    for (let k = 0; k < commands.length; k++) {
      const i = (k + round) % commands.length;
      const started = performance.now();
      const out = execFileSync('node', commands[i]!, { encoding: 'utf8' });
      const wall = performance.now() - started;
      if (round < 2) continue; // warm-up rounds
      samples[i]!.wall.push(wall);
      samples[i]!.diagnosis.push((JSON.parse(out) as { durationMs: number }).durationMs);
    }
  }
  return samples;
}

const [nginx, dns] = await Promise.all([
  startNginx('location = / { return 200 "<html><body><h1>healthy</h1></body></html>"; }', '', { listen: ['127.0.0.1', '[::1]'] }),
  startDnsServer([{
    zone: 'bench.test',
    records: [
      { name: 'one', type: 'A', value: '127.0.0.1' },
      { name: 'two', type: 'A', value: '127.0.0.1' },
      { name: 'two', type: 'AAAA', value: '::1' },
    ],
  }]),
]);
try {
  const url = (name: string): string => `http://${name}.bench.test:${nginx.port}/`;
  const builds = [...(BEFORE ? [['before', BEFORE] as const] : []), ['after', AFTER] as const];
  const cases = builds.flatMap(([build, bin]) => (['one', 'two'] as const).map((name) => ({ build, name, args: [bin, '--json', '--dns-server', dns.address, url(name)] })));
  const results = interleaved(cases.map((c) => c.args), RUNS);
  console.log(`## whydown --json <name> on a healthy nginx through NSD (default 3 attempts; median of ${RUNS} interleaved runs)`);
  console.log('| build | addresses | wall time (process) | durationMs (the diagnosis) |\n|---|---|---|---|');
  cases.forEach((c, i) => {
    const r = results[i]!;
    console.log(`| ${c.build} | ${c.name === 'one' ? 'one (A)' : 'two (A + AAAA)'} | ${median(r.wall).toFixed(1)} ms | ${median(r.diagnosis).toFixed(1)} ms |`);
  });
} finally {
  await Promise.all([nginx.stop(), dns.stop()]);
}
