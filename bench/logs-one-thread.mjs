#!/usr/bin/env node
// `whydown logs --json` on one thread (the library with threads: 1), to show the per-core speed
// next to the CLI, which reads a big file with one thread per core.
import { summarizeLogs } from '../dist/src/logs/index.js';

const summary = await summarizeLogs(process.argv.slice(2), { threads: 1 });
process.stdout.write(`${JSON.stringify(summary.toJSON())}\n`);
