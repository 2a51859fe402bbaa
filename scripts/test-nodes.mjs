#!/usr/bin/env node
// `npm test`: the whole suite on this machine's Node, then again on Node 24 (which
// scripts/install-test-deps.sh puts in .tools/node24), and a line for each at the end. The build
// in dist/ is plain JavaScript for both; each Node runs its own SQLite binding (Node 20
// better-sqlite3, Node 24 node:sqlite). Arguments are passed on: `npm test -- store`.
// Without .tools/node24 the second run is skipped with a note, except under CI, where it fails.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

const root = path.join(path.dirname(new URL(import.meta.url).pathname), '..');
const runner = path.join(root, 'scripts', 'run-tests.mjs');
const node24 = path.join(root, '.tools', 'node24', 'bin', 'node');
const filters = process.argv.slice(2);

const nodes = [process.execPath];
const notes = [];
if (existsSync(node24)) nodes.push(node24);
else notes.push(`Node 24: not run — ${path.relative(root, node24)} is missing (bash scripts/install-test-deps.sh fetches it)`);

const lines = [];
let failed = false;
for (const node of nodes) {
  const version = spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim() || '(no version)';
  console.log(`\n# === the suite on Node ${version} (${node}) ===\n`);
  const started = Date.now();
  const other = node === process.execPath ? [] : ['--node', node];
  const result = spawnSync(process.execPath, [runner, ...other, ...filters], { stdio: 'inherit' });
  const ok = result.status === 0;
  failed ||= !ok;
  lines.push(`Node ${version}: ${ok ? 'passed' : `FAILED (exit ${result.status ?? result.signal})`} in ${Math.round((Date.now() - started) / 1000)} s`);
}
console.log(`\n# === summary ===\n${[...lines, ...notes].map((line) => `# ${line}`).join('\n')}`);
const missingInCi = nodes.length === 1 && Boolean(process.env.CI);
if (missingInCi) console.log('# CI runs the suite on Node 24 too: failing');
process.exit(failed || missingInCi ? 1 : 0);
