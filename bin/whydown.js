#!/usr/bin/env node
// Kept tiny on purpose: the bundle's dispatcher imports each command only when it is asked for.
import { main } from '../dist/bundle/main.js';

process.exitCode = await main(process.argv.slice(2));
