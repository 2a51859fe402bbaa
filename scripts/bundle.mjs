#!/usr/bin/env node
// Bundles the CLI into dist/bundle/ (one file per lazily loaded command, shared chunks split
// out): Node then resolves and parses a handful of files instead of a hundred, which halves the
// start-up of every command. The tsc output in dist/src stays the library and what tests import.
import { copyFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { build } from 'esbuild';

// Chunk names carry content hashes: start clean so old chunks do not pile up.
rmSync('dist/bundle', { recursive: true, force: true });
rmSync('dist/web', { recursive: true, force: true });

await build({
  // The threads' entries: each worker's script sits beside the module that starts it
  // (src/core/worker-thread.ts).
  entryPoints: [
    { in: 'src/cli/main.ts', out: 'main' },
    { in: 'src/serve/engine/check-worker.ts', out: 'check-worker' },
    { in: 'src/serve/config-worker.ts', out: 'config-worker' },
    { in: 'src/logs/range-worker.ts', out: 'range-worker' },
  ],
  outdir: 'dist/bundle',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Native or optional database drivers load from node_modules at run time; so does
  // playwright-core (the browser check), which reads its own files from its package.
  external: ['better-sqlite3', 'pg', 'playwright-core'],
  // CommonJS dependencies (dns-packet) call require(); give the ESM bundle one.
  banner: { js: "import { createRequire as __whydownRequire } from 'node:module'; const require = __whydownRequire(import.meta.url);" },
  // Less to scan and compile at each start (Node 20 keeps no compile cache): about 12 ms off a
  // `whydown <url>` here. Names are kept, so stack traces (--debug) still say which function.
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
});

// The web pages' scripts: each file directly in web/client/ is one island, bundled with what it
// imports (uPlot, for the charts) into dist/web/<name>.js, which src/serve/web/assets.ts serves
// under a hashed name. Nothing is fetched from elsewhere at run time, and the CSP stays 'self'.
const islands = readdirSync('web/client', { withFileTypes: true })
  .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
  .map((entry) => `web/client/${entry.name}`);
mkdirSync('dist/web', { recursive: true });
if (islands.length > 0) {
  await build({
    entryPoints: islands,
    outdir: 'dist/web',
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    minify: true,
    legalComments: 'none',
    logLevel: 'warning',
  });
}
copyFileSync('node_modules/uplot/dist/uPlot.min.css', 'dist/web/uplot.css');
