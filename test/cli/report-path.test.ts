// `--report` to a path that cannot be written fails before the run (one line, exit 3), not after
// minutes of checks whose findings would then be lost. The server counts requests: none may come.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { BIN, runCli, type CliRun } from '../support/cli.js';

/** nobody: root ignores permission bits, so a read-only folder is tested as another user. */
const NOBODY = 65534;

function runAs(uid: number | undefined, args: string[]): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(uid === undefined ? {} : { uid, gid: uid }),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => { stdout += c.toString('utf8'); });
    child.stderr.on('data', (c: Buffer) => { stderr += c.toString('utf8'); });
    child.once('error', reject);
    child.once('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

describe('--report to a path that cannot be written', () => {
  let server: http.Server;
  let url: string;
  let requests = 0;
  let dir: string;

  before(async () => {
    server = http.createServer((_req, res) => {
      requests++;
      res.end('<html><body>hello</body></html>');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    dir = mkdtempSync(path.join(tmpdir(), 'whydown-report-'));
    chmodSync(dir, 0o755);
  });
  after(() => {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function assertFailedBeforeTheRun(run: CliRun, why: RegExp): void {
    assert.equal(run.code, 3, run.stderr);
    assert.equal(run.stdout, '', 'nothing of a run was printed');
    assert.equal(run.stderr.trim().split('\n').length, 1, run.stderr);
    assert.match(run.stderr, /^whydown: cannot write --report /);
    assert.match(run.stderr, why);
    assert.equal(requests, 0, 'the site was not asked');
  }

  it('a file in a folder that does not exist', async () => {
    const run = await runCli([url, '--report', path.join(dir, 'missing', 'ticket.md')]);
    assertFailedBeforeTheRun(run, /its folder does not exist/);
  });

  it('a file in a read-only folder', async () => {
    const readOnly = path.join(dir, 'read-only');
    mkdirSync(readOnly);
    chmodSync(readOnly, 0o555);
    const uid = process.getuid?.() === 0 ? NOBODY : undefined;
    const run = await runAs(uid, [url, '--report', path.join(readOnly, 'ticket.html')]);
    assertFailedBeforeTheRun(run, /permission denied \(EACCES\)/);
    assert.equal(existsSync(path.join(readOnly, 'ticket.html')), false);
  });

  it('a path that is a folder', async () => {
    mkdirSync(path.join(dir, 'folder.md'));
    const run = await runCli([url, '--report', path.join(dir, 'folder.md')]);
    assertFailedBeforeTheRun(run, /it is a folder/);
  });

  it('a writable path: the check leaves no file behind when the run is refused for another reason', async () => {
    const file = path.join(dir, 'ticket.md');
    const run = await runCli([url, '--report', file, '--retries', 'many']);
    assert.equal(run.code, 3);
    assert.equal(existsSync(file), false);
  });

  it('a writable path: the report is written after the run', async () => {
    const file = path.join(dir, 'written.md');
    const run = await runCli([url, '--report', file, '--retries', '1']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(readFileSync(file, 'utf8'), /127\.0\.0\.1/);
    assert.ok(requests > 0);
  });
});
