#!/usr/bin/env node
// Kept tiny on purpose: the bundle's dispatcher imports each command only when it is asked for.
import module from 'node:module';

// Node 22+ can cache compiled code between runs; on Node 20 this does nothing.
module.enableCompileCache?.();
const { main } = await import('../dist/bundle/main.js');
process.exitCode = await main(process.argv.slice(2));
