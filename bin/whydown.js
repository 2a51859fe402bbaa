#!/usr/bin/env node
// Kept tiny on purpose: everything a command needs is imported lazily by the dispatcher.
import { main } from '../dist/src/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
