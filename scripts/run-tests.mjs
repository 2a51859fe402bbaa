#!/usr/bin/env node
// Runs every compiled *.test.js under dist/test with Node's test runner. Files are listed
// explicitly because Node 20 takes no glob and treats a folder differently from Node 22+.
// Optional arguments filter by substring of the path: `npm test -- probe`. `--node <binary>` runs
// them on another Node (scripts/test-nodes.mjs: Node 24 beside the machine's), its folder first
// on PATH so that what the tests start as `node` is that Node too.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';

const root = path.join(path.dirname(new URL(import.meta.url).pathname), '..', 'dist', 'test');
const args = process.argv.slice(2);
const nodeAt = args.indexOf('--node');
const node = nodeAt === -1 ? process.execPath : path.resolve(args.splice(nodeAt, 2)[1] ?? '');
const filters = args;
const files = readdirSync(root, { recursive: true, encoding: 'utf8' })
  .filter((file) => file.endsWith('.test.js'))
  .filter((file) => filters.length === 0 || filters.some((f) => file.includes(f)))
  .sort()
  .map((file) => path.join(root, file));
if (files.length === 0) {
  console.error('no test files found under dist/test');
  process.exit(1);
}
const env = nodeAt === -1 ? process.env : { ...process.env, PATH: `${path.dirname(node)}${path.delimiter}${process.env.PATH ?? ''}` };
const result = spawnSync(node, ['--test', '--test-concurrency=2', '--test-timeout=300000', ...files], { stdio: 'inherit', env });
process.exit(result.status ?? 1);
