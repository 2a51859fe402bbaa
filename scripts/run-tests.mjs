#!/usr/bin/env node
// Runs every compiled *.test.js under dist/test with Node's test runner. Files are listed
// explicitly because Node 20 takes no glob and treats a folder differently from Node 22+.
// Optional arguments filter by substring of the path: `npm test -- probe`. `--unit` runs only
// the fast tier, files named *.unit.test.ts (no child processes; see README, Tests). `--node
// <binary>` runs them on another Node (scripts/test-nodes.mjs: Node 24 beside the machine's), its
// folder first on PATH so that what the tests start as `node` is that Node too.
// The run fails if its tests leave anything in the temporary folder (temp-check.mjs).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { startTempCheck } from './temp-check.mjs';

const root = path.join(path.dirname(new URL(import.meta.url).pathname), '..', 'dist', 'test');
const args = process.argv.slice(2);
const nodeAt = args.indexOf('--node');
const node = nodeAt === -1 ? process.execPath : path.resolve(args.splice(nodeAt, 2)[1] ?? '');
const unitOnly = args.includes('--unit');
const filters = args.filter((arg) => arg !== '--unit');
const files = readdirSync(root, { recursive: true, encoding: 'utf8' })
  .filter((file) => file.endsWith(unitOnly ? '.unit.test.js' : '.test.js'))
  .filter((file) => filters.length === 0 || filters.some((f) => file.includes(f)))
  // A compiled file whose source was renamed or deleted is stale: tsc does not remove it.
  .filter((file) => existsSync(path.join(root, '..', '..', 'test', file.replace(/\.js$/, '.ts'))))
  .sort()
  .map((file) => path.join(root, file));
if (files.length === 0) {
  console.error('no test files found under dist/test');
  process.exit(1);
}
const temp = startTempCheck();
// The other Node's folder first on PATH, so that the `node` the tests start is that Node too.
const onPath = nodeAt === -1 ? {} : { PATH: `${path.dirname(node)}${path.delimiter}${process.env.PATH ?? ''}` };
const result = spawnSync(node, ['--test', '--test-concurrency=2', '--test-timeout=300000', ...files], {
  stdio: 'inherit',
  env: { ...process.env, ...onPath, ...temp.env },
});
const { left, appeared } = temp.finish();
const list = (paths) => paths.map((p) => `  ${p}`).join('\n');
if (appeared.length > 0) console.error(`warning: ${appeared.length} whydown-* entries appeared in ${path.dirname(temp.env.TMPDIR)} during the run (another run? the tests used ${temp.env.TMPDIR}):\n${list(appeared)}`);
if (left.length > 0) {
  console.error(`the tests left ${left.length} entr${left.length === 1 ? 'y' : 'ies'} in their temporary folder (now removed):\n${list(left)}`);
  process.exit(1);
}
process.exit(result.status ?? 1);
