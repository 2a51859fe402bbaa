// `whydown … | head -1`: the reader goes away, the next write meets EPIPE. The command must end
// quietly (no stack, nothing on stderr) with the exit status it would have had.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCliClosingReader } from '../support/cli.js';

const FIXTURES = path.join(path.dirname(new URL(import.meta.url).pathname), '..', '..', '..', 'test', 'fixtures', 'logs');

describe('a closed pipe', () => {
  let server: http.Server;
  let up: string;
  let refused: string;
  let dir: string;

  before(async () => {
    server = http.createServer((_req, res) => res.end('<html><body>hello</body></html>'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    up = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    // A port that was just free: connections to it are refused.
    const probe = http.createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    refused = `http://127.0.0.1:${(probe.address() as AddressInfo).port}/`;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    dir = mkdtempSync(path.join(tmpdir(), 'whydown-pipe-'));
  });
  after(() => {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('diagnose of a site that is up: exit 0, nothing on stderr', async () => {
    const run = await runCliClosingReader([up, '--retries', '1']);
    assert.match(run.before, /^whydown http:\/\/127\.0\.0\.1/);
    assert.equal(run.other, '');
    assert.equal(run.code, 0);
  });

  it('diagnose of a site that is down: still exit 2', async () => {
    const run = await runCliClosingReader([refused, '--retries', '1']);
    assert.equal(run.other, '');
    assert.equal(run.code, 2);
  });

  it('explain with the reader gone before the first write: exit 0', async () => {
    const run = await runCliClosingReader(['explain', '502'], { afterFirstChunk: false });
    assert.equal(run.other, '');
    assert.equal(run.code, 0);
  });

  it('logs --ndjson of a big log, reader gone after the first chunk: exit 0 at once', async () => {
    const lines = readFileSync(path.join(FIXTURES, 'nginx', 'proxy.log'), 'utf8');
    const big = path.join(dir, 'error.log');
    writeFileSync(big, lines.repeat(2000));
    const run = await runCliClosingReader(['logs', big, '--ndjson']);
    assert.match(run.before, /^\{"file":/);
    assert.equal(run.other, '');
    assert.equal(run.code, 0);
  });

  it('logs summary with the reader gone before the first write: exit 0', async () => {
    const run = await runCliClosingReader(['logs', path.join(FIXTURES, 'nginx', 'proxy.log')], { afterFirstChunk: false });
    assert.equal(run.other, '');
    assert.equal(run.code, 0);
  });

  it('a usage error with stderr closed: exit 3, quietly', async () => {
    const run = await runCliClosingReader(['diagnose'], { stream: 'stderr', afterFirstChunk: false });
    assert.equal(run.other, '');
    assert.equal(run.code, 3);
  });

  it('diagnose with stderr closed (2>&- style reader gone) still prints the verdict and exits 2', async () => {
    const run = await runCliClosingReader([refused, '--retries', '1'], { stream: 'stderr', afterFirstChunk: false });
    assert.match(run.other, /DOWN/);
    assert.equal(run.code, 2);
  });
});
