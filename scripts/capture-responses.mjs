#!/usr/bin/env node
// Captures the error responses of the real servers (Debian's nginx, Apache, HAProxy, Varnish,
// Caddy, lighttpd, Squid) into test/fixtures/responses/<server>-<case>.http, byte for byte as
// received on a raw socket, with a .json next to each: what the fingerprint must say, the server
// version and how the failure was made. Run as root on a machine with the servers installed
// (bash scripts/install-test-deps.sh):
//
//   node scripts/capture-responses.mjs            # every server
//   node scripts/capture-responses.mjs nginx squid
//
// The scenarios live in test/fingerprint/servers/*.ts and also run in test/fingerprint/live.test.ts;
// this script compiles them first (tsc), so it needs `npm ci` once. Only 127.0.0.1 is contacted.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
const outDir = path.join(root, 'test', 'fixtures', 'responses');
const args = process.argv.slice(2);
const only = args.filter((a) => !a.startsWith('--'));

if (!args.includes('--no-build')) {
  // Errors elsewhere in the tree do not stop tsc from emitting the files needed here.
  const tsc = spawnSync(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', path.join(root, 'tsconfig.json')], { stdio: 'inherit' });
  if (tsc.status !== 0) console.warn('capture: tsc reported errors; going on with what it emitted');
}
const needed = ['test/fingerprint/servers/index.js', 'test/fingerprint/support/upstreams.js', 'test/fingerprint/support/run-case.js', 'src/core/fingerprint/index.js'];
for (const file of needed) {
  if (!existsSync(path.join(dist, file))) {
    console.error(`capture: dist/${file} is missing; run npm ci (or npx tsc -p tsconfig.json) first`);
    process.exit(1);
  }
}
const load = (file) => import(path.join(dist, file));
const { SCENARIOS } = await load('test/fingerprint/servers/index.js');
const { isInstalled } = await load('test/fingerprint/servers/types.js');
const { startUpstreams } = await load('test/fingerprint/support/upstreams.js');
const { fetchCase } = await load('test/fingerprint/support/run-case.js');
const { requestHead } = await load('test/fingerprint/support/raw-response.js');
const { actualFor } = await load('test/fingerprint/support/expect.js');
const { fingerprint } = await load('src/core/fingerprint/index.js');

await mkdir(outDir, { recursive: true });
const upstreams = await startUpstreams();
const problems = [];
try {
  for (const scenario of SCENARIOS) {
    if (only.length > 0 && !only.includes(scenario.software)) continue;
    if (!isInstalled(scenario.binary)) {
      problems.push(`${scenario.software}: ${scenario.binary} is not installed`);
      continue;
    }
    const version = await scenario.version();
    const running = await scenario.start(upstreams);
    try {
      for (const testCase of scenario.cases) {
        const name = `${scenario.software}-${testCase.name}`;
        const { raw, response } = await fetchCase(running.port, testCase);
        const actual = actualFor(fingerprint(response), testCase.expect);
        const same = JSON.stringify(sorted(actual)) === JSON.stringify(sorted(testCase.expect));
        const json = {
          source: `captured from ${version} on 127.0.0.1 by scripts/capture-responses.mjs`,
          version,
          setup: testCase.setup,
          request: requestHead(testCase.path).split('\r\n')[0],
          status: response.status,
          ...testCase.expect,
        };
        await writeFile(path.join(outDir, `${name}.http`), raw);
        await writeFile(path.join(outDir, `${name}.json`), `${JSON.stringify(json, null, 2)}\n`);
        const statusNote = response.status === testCase.status ? '' : ` (expected ${testCase.status})`;
        console.log(`${same && !statusNote ? 'ok  ' : 'DIFF'} ${name}.http  ${response.status}${statusNote}  ${raw.length} bytes`);
        if (!same || statusNote) problems.push(`${name}: fingerprint ${JSON.stringify(actual)} != expected ${JSON.stringify(testCase.expect)}${statusNote}`);
      }
    } finally {
      await running.stop();
    }
  }
} finally {
  await upstreams.stop();
}
if (problems.length > 0) {
  console.error(`\n${problems.length} problem(s):\n${problems.map((p) => `  ${p}`).join('\n')}`);
  process.exit(1);
}

function sorted(object) {
  return Object.fromEntries(Object.entries(object).sort(([a], [b]) => a.localeCompare(b)));
}
