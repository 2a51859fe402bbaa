#!/usr/bin/env node
// Runs every compiled *.test.js under dist/test with Node's test runner. Files are listed
// explicitly because Node 20 takes no glob and treats a folder differently from Node 22+.
// Optional arguments filter by substring of the path: `npm test -- probe`.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';

const root = path.join(path.dirname(new URL(import.meta.url).pathname), '..', 'dist', 'test');
const filters = process.argv.slice(2);
const files = readdirSync(root, { recursive: true, encoding: 'utf8' })
  .filter((file) => file.endsWith('.test.js'))
  .filter((file) => filters.length === 0 || filters.some((f) => file.includes(f)))
  .sort()
  .map((file) => path.join(root, file));
if (files.length === 0) {
  console.error('no test files found under dist/test');
  process.exit(1);
}
const result = spawnSync(process.execPath, ['--test', '--test-concurrency=2', '--test-timeout=300000', ...files], { stdio: 'inherit' });
process.exit(result.status ?? 1);
