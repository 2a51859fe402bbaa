// `whydown logs` as a user runs it: node bin/whydown.js logs … as a child process.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { describeCause } from '../../src/core/knowledge/causes.js';
import { makeTempDir } from '../support/process.js';
import { FIXTURES, ROOT } from './helpers.js';

const NGINX = path.join(FIXTURES, 'nginx/proxy.log');
const APACHE = path.join(FIXTURES, 'apache/proxy.log');

interface Run { code: number | null; stdout: string; stderr: string }

function whydown(args: string[], input?: Buffer): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin/whydown.js'), 'logs', ...args], {
      env: { ...process.env, TZ: 'UTC', NO_COLOR: undefined },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString(); });
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

describe('whydown logs (the CLI)', () => {
  test('--json: one summary object with the contract\'s fields', async () => {
    const run = await whydown(['--json', NGINX, APACHE]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stderr, '');
    const summary = JSON.parse(run.stdout) as Record<string, unknown>;
    for (const key of ['files', 'lines', 'recognised', 'byCause', 'byUpstream', 'firstAt', 'lastAt']) assert.ok(key in summary, key);
    assert.equal(summary.files, 2);
    assert.equal(run.stdout.trim().split('\n').length, 1);
    const byCause = summary.byCause as Record<string, number>;
    assert.equal(Object.values(byCause).reduce((a, b) => a + b, 0), summary.recognised);
    const golden = [...(await readFile(path.join(FIXTURES, 'nginx/proxy.ndjson'), 'utf8')).trim().split('\n'),
      ...(await readFile(path.join(FIXTURES, 'apache/proxy.ndjson'), 'utf8')).trim().split('\n')].map((line) => JSON.parse(line) as { cause: string });
    assert.equal(summary.recognised, golden.length);
    assert.equal(byCause['upstream-refused'], golden.filter((e) => e.cause === 'upstream-refused').length);
    assert.match(String(summary.firstAt), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  test('--ndjson: one object per failure, exactly the contract\'s keys in order', async () => {
    const run = await whydown(['--ndjson', NGINX]);
    assert.equal(run.code, 0);
    const lines = run.stdout.trim().split('\n');
    const expected = (await readFile(path.join(FIXTURES, 'nginx/proxy.ndjson'), 'utf8')).trim().split('\n');
    assert.equal(lines.length, expected.length);
    for (const line of lines) {
      assert.deepEqual(Object.keys(JSON.parse(line) as object), ['file', 'line', 'time', 'server', 'cause', 'upstream', 'client', 'request', 'message']);
    }
    assert.equal((JSON.parse(lines[0]!) as { file: string }).file, NGINX);
    // The same objects as the golden file (which names the file relative to the fixtures).
    assert.deepEqual(lines.map((line) => ({ ...(JSON.parse(line) as object), file: 'nginx/proxy.log' })), expected.map((line) => JSON.parse(line) as unknown));
  });

  test('default: a human summary ending with what to do, from the same wording as diagnose; no colour when piped', async () => {
    const run = await whydown([NGINX]);
    assert.equal(run.code, 0);
    for (const heading of ['Causes', 'Upstreams', 'Timeline', 'What to do']) assert.match(run.stdout, new RegExp(`^${heading}`, 'm'));
    assert.ok(run.stdout.includes(describeCause('upstream-refused').title));
    assert.ok(run.stdout.includes(describeCause('upstream-closed').fixes[0]!));
    assert.ok(!run.stdout.includes('\u001b['));
  });

  test('stdin (-), plain and gzip', async () => {
    const raw = await readFile(NGINX);
    const file = JSON.parse((await whydown(['--json', NGINX])).stdout) as { recognised: number };
    for (const input of [raw, gzipSync(raw)]) {
      const run = await whydown(['--json', '-'], input);
      assert.equal(run.code, 0, run.stderr);
      assert.equal((JSON.parse(run.stdout) as { recognised: number }).recognised, file.recognised);
    }
  });

  test('no failures: still exit 0', async () => {
    const dir = await makeTempDir('logs-cli');
    const quiet = path.join(dir, 'error.log');
    await writeFile(quiet, '2024/05/01 10:00:00 [notice] 7#7: signal process started\n');
    const run = await whydown([quiet]);
    assert.equal(run.code, 0);
    assert.match(run.stdout, /No upstream failures/);
  });

  test('an unreadable file: one line on stderr, nothing on stdout, exit 3', async () => {
    for (const args of [['/nonexistent/error.log'], ['--json', NGINX, '/nonexistent/error.log'], [FIXTURES]]) {
      const run = await whydown(args);
      assert.equal(run.code, 3, JSON.stringify(args));
      assert.equal(run.stdout, '');
      assert.equal(run.stderr.trimEnd().split('\n').length, 1, run.stderr);
      assert.match(run.stderr, /^whydown: cannot read /);
    }
  });

  test('usage errors: one line, exit 3; --help: exit 0', async () => {
    for (const args of [[], ['--server', 'iis', NGINX], ['--json', '--ndjson', NGINX], ['--bogus', NGINX]]) {
      const run = await whydown(args);
      assert.equal(run.code, 3, JSON.stringify(args));
      assert.equal(run.stderr.trimEnd().split('\n').length, 1, run.stderr);
    }
    const help = await whydown(['--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /--ndjson/);
  });
});
