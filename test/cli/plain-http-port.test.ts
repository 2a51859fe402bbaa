// `whydown https://localhost:8000/` (or `whydown localhost:8000`, which means https) against a
// development server that speaks plain HTTP. OpenSSL says "wrong version number"; the verdict
// must say what that means — the port speaks plain HTTP, use http:// — and keep OpenSSL's own
// text out of the summary (it stays in the attempt's error.message).
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../support/cli.js';
import { startNginx } from '../support/nginx.js';

interface Report {
  verdict: { status: string; hop: string; cause: string; summary: string; fixes: string[] };
  attempts: { error: { code: string; message: string; detail?: string } | null }[];
}

const RAW_TEXT = /SSL routines|wrong version number|packet length|openssl\/|:error:|ECONNREFUSED \d/;

describe('a TLS URL on a port that speaks plain HTTP', () => {
  let plain: http.Server;
  let notHttp: net.Server;
  let plainPort: number;
  let notHttpPort: number;

  before(async () => {
    plain = http.createServer((_req, res) => res.end('hello'));
    await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
    plainPort = (plain.address() as AddressInfo).port;
    // Neither TLS nor HTTP: an SSH-like banner, then close.
    notHttp = net.createServer((socket) => socket.end('SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n'));
    await new Promise<void>((resolve) => notHttp.listen(0, '127.0.0.1', resolve));
    notHttpPort = (notHttp.address() as AddressInfo).port;
  });
  after(() => {
    plain.close();
    notHttp.close();
  });

  it('localhost:PORT (https by default): tls-handshake-failed, says plain HTTP and which URL to use', async () => {
    const run = await runCli([`localhost:${plainPort}`, '--retries', '1', '--json']);
    assert.equal(run.code, 2, run.stderr);
    const report = JSON.parse(run.stdout) as Report;
    assert.equal(report.verdict.cause, 'tls-handshake-failed');
    assert.equal(report.verdict.hop, 'tls');
    assert.match(report.verdict.summary, new RegExp(`port ${plainPort} of localhost speaks plain HTTP, not TLS: use http://localhost:${plainPort}/`));
    assert.doesNotMatch(report.verdict.summary, RAW_TEXT);
    assert.doesNotMatch(report.verdict.fixes.join('\n'), /port 443/);
    // The library's own words are kept for whoever debugs.
    assert.match(report.attempts[0]!.error!.message, /wrong version number|packet length too long/);
    assert.match(report.attempts[0]!.error!.code, /^ERR_SSL_/);
  });

  it('nginx listening without ssl on the port: the same finding', async () => {
    const nginx = await startNginx('location / { return 200 "hello"; }');
    try {
      const run = await runCli([`https://localhost:${nginx.port}/shop`, '--retries', '1', '--json']);
      assert.equal(run.code, 2, run.stderr);
      const report = JSON.parse(run.stdout) as Report;
      assert.equal(report.verdict.cause, 'tls-handshake-failed');
      assert.match(report.verdict.summary, new RegExp(`speaks plain HTTP, not TLS: use http://localhost:${nginx.port}/shop`));
      assert.doesNotMatch(report.verdict.summary, RAW_TEXT);
    } finally {
      await nginx.stop();
    }
  });

  it('the terminal output says it too', async () => {
    const run = await runCli([`https://127.0.0.1:${plainPort}/some/page`, '--retries', '1']);
    assert.equal(run.code, 2);
    assert.match(run.stdout, new RegExp(`speaks plain HTTP, not TLS: use http://127\\.0\\.0\\.1:${plainPort}/some/page`));
    assert.doesNotMatch(run.stdout.split('\n').find((l) => l.startsWith('DOWN'))!, RAW_TEXT);
  });

  it('a port that speaks neither TLS nor HTTP is not called plain HTTP, and no raw OpenSSL text either', async () => {
    const run = await runCli([`https://127.0.0.1:${notHttpPort}/`, '--retries', '1', '--json']);
    assert.equal(run.code, 2, run.stderr);
    const report = JSON.parse(run.stdout) as Report;
    assert.equal(report.verdict.cause, 'tls-handshake-failed');
    assert.doesNotMatch(report.verdict.summary, /plain HTTP/);
    assert.doesNotMatch(report.verdict.summary, RAW_TEXT);
  });

  it('a refused connection is described without Node\'s raw text', async () => {
    const run = await runCli(['http://127.0.0.1:1/', '--retries', '1', '--json']);
    const report = JSON.parse(run.stdout) as Report;
    assert.equal(report.verdict.cause, 'connect-refused');
    assert.doesNotMatch(report.verdict.summary, /connect ECONNREFUSED/);
    assert.match(report.verdict.summary, /nothing accepted the connection to 127\.0\.0\.1:1 \(ECONNREFUSED\)/);
  });
});
