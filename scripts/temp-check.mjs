// What a test run leaves in the temporary folder. The run's test files get a temporary folder of
// their own (TMPDIR, inside the system's), so that what they leave is theirs alone: every entry
// still in it when the run ends was left by a test or a server it started, and fails the run.
// New `whydown-*` entries in the system's folder are listed too, as a warning only: on a shared
// machine another run going on at the same time makes them (the tests here all honour TMPDIR).
import { chmodSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const PREFIX = 'whydown-';
/** Node's own compile cache (Node 22+, enabled by bin/whydown.js): Node's, not a test's leftover. */
const NODE_OWN = new Set(['node-compile-cache']);

function whydownEntries(dir) {
  return readdirSync(dir).filter((name) => name.startsWith(PREFIX));
}

export function startTempCheck() {
  const system = os.tmpdir();
  const before = new Set(whydownEntries(system));
  const runDir = mkdtempSync(path.join(system, `${PREFIX}test-run-`));
  // Like /tmp itself: servers that drop to their own user (postgres, proxy) must reach their folders.
  chmodSync(runDir, 0o1777);
  return {
    env: { TMPDIR: runDir },
    /** Entries the tests left (paths) and new whydown-* entries beside the run's folder; removes the run's folder. */
    finish() {
      const left = readdirSync(runDir).filter((name) => !NODE_OWN.has(name)).map((name) => path.join(runDir, name));
      const appeared = whydownEntries(system)
        .filter((name) => !before.has(name) && path.join(system, name) !== runDir)
        .map((name) => path.join(system, name));
      rmSync(runDir, { recursive: true, force: true, maxRetries: 5 });
      return { left, appeared };
    },
  };
}
