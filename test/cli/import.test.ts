// `whydown import` from the command line: YAML on stdout (or --out), one note per line on
// stderr, and the written file passes `whydown config check`.
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../support/cli.js';
import { makeTempDir } from '../support/process.js';

const FIXTURES = path.join(path.dirname(new URL(import.meta.url).pathname), '..', '..', '..', 'test', 'fixtures', 'import');

describe('whydown import (CLI)', () => {
  let dir: string;
  before(async () => { dir = await makeTempDir('import'); });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('uptime-kuma to stdout: the YAML, and the notes on stderr', async () => {
    const run = await runCli(['import', 'uptime-kuma', path.join(FIXTURES, 'uptime-kuma-backup.json')]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^# Imported by `whydown import` from an Uptime Kuma backup/);
    assert.match(run.stdout, /\n {2}- name: nightly-backup\n {4}type: push\n/);
    assert.match(run.stderr, /^whydown import: 10 monitors from .*uptime-kuma-backup\.json\n/);
    assert.match(run.stderr, /\n {2}note: monitor "Router ping" \(ping\): whydown has no ICMP/);
  });

  it('gatus --out file: the file passes whydown config check', async () => {
    const out = path.join(dir, 'whydown.yml');
    const run = await runCli(['import', 'gatus', path.join(FIXTURES, 'gatus-config.yaml'), '--out', out]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, '');
    assert.match(readFileSync(out, 'utf8'), /type: dns/);
    const check = await runCli(['config', 'check', out], { env: { API_TOKEN: 'x', PUSH_TOKEN_NIGHTLY: 'nightly-token-1' } });
    assert.deepEqual([check.code, check.stdout], [0, 'ok: 8 monitors, 0 notify targets\n']);
  });

  it('usage errors and unreadable files are one line, exit 3', async () => {
    for (const [args, message] of [
      [['import'], /say what to import/],
      [['import', 'nagios', 'x'], /unknown source `nagios`/],
      [['import', 'gatus'], /name the file/],
      [['import', 'gatus', path.join(dir, 'missing.yaml')], /cannot read .*missing\.yaml: ENOENT/],
      [['import', 'uptime-kuma', path.join(FIXTURES, 'gatus-config.yaml')], /not JSON/],
    ] as const) {
      const run = await runCli([...args]);
      assert.equal(run.code, 3, run.stderr);
      assert.match(run.stderr, message);
      assert.equal(run.stderr.trim().split('\n').length, 1, run.stderr);
    }
  });
});
