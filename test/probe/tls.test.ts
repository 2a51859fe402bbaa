// The probe and the verdict against real TLS servers with openssl-made certificates: a valid
// leaf, HTTP/2, expired, not yet valid, for another name, untrusted, no TLS at all, a stall.
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import * as http from 'node:http';
import * as http2 from 'node:http2';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import type * as net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { diagnose } from '../../src/diagnose/diagnose.js';
import { probe } from '../../src/core/probe/probe.js';
import type { ProbeOptions, ProbeResult } from '../../src/core/probe/types.js';
import { getTestCerts, type LeafCert, type TestCerts } from '../support/certs.js';
import { runCli } from '../support/cli.js';
import { startTlsStall, type RawServer } from '../support/raw-servers.js';

const PAGE = '<html><head><title>Secure</title></head><body><h1>secure hello</h1></body></html>';

interface Listening {
  port: number;
  stop(): Promise<void>;
}

/** Listens on a free 127.0.0.1 port and tracks sockets so stop() ends keep-alive connections too. */
async function listen(server: net.Server): Promise<Listening> {
  const sockets = new Set<net.Socket>();
  server.on('connection', (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    stop: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      for (const socket of sockets) socket.destroy();
    }),
  };
}

function answer(_request: unknown, response: http.ServerResponse | http2.Http2ServerResponse): void {
  response.writeHead(200, { 'content-type': 'text/html' });
  response.end(PAGE);
}

/** An HTTPS (HTTP/1.1) server sending the leaf followed by its CA. */
function startHttps(leaf: LeafCert): Promise<Listening> {
  return listen(https.createServer({ key: leaf.key, cert: leaf.chain }, answer));
}

function fingerprint(pem: string): string {
  return new X509Certificate(pem).fingerprint256;
}

describe('probe and diagnose against real TLS servers', () => {
  let certs: TestCerts;
  const servers: Record<'valid' | 'h2' | 'expired' | 'notYetValid' | 'wrongName' | 'untrusted' | 'plain', Listening> = {} as never;
  let stall: RawServer;

  before(async () => {
    certs = await getTestCerts();
    const { leaves } = certs;
    [servers.valid, servers.h2, servers.expired, servers.notYetValid, servers.wrongName, servers.untrusted, servers.plain, stall] = await Promise.all([
      startHttps(leaves.valid),
      listen(http2.createSecureServer({ key: leaves.valid.key, cert: leaves.valid.chain, allowHTTP1: true }, answer)),
      startHttps(leaves.expired),
      startHttps(leaves.notYetValid),
      startHttps(leaves.wrongName),
      startHttps(leaves.untrusted),
      listen(http.createServer(answer)),
      startTlsStall(),
    ]);
  });

  after(async () => {
    await Promise.all([...Object.values(servers).map((s) => s.stop()), stall?.stop()]);
  });

  /** https://localhost:PORT/, pinned to 127.0.0.1 so that the system resolver plays no part. */
  const at = (port: number, path = '/'): URL => new URL(`https://localhost:${port}${path}`);
  const pinned = (port: number): ProbeOptions['resolve'] => [{ host: 'localhost', port, address: '127.0.0.1' }];
  const get = (port: number, extra: Partial<ProbeOptions> = {}): Promise<ProbeResult> =>
    probe(at(port), { timeoutMs: 5000, ca: [certs.caCertPem], resolve: pinned(port), ...extra });

  /** The leaf the server sent is reported as it is, whatever verification thought of it. */
  function assertLeafReported(result: ProbeResult, leaf: LeafCert): void {
    assert.ok(result.tls, 'tls info kept');
    const reported = result.tls.chain[0];
    assert.ok(reported, 'the leaf is in the chain');
    assert.equal(reported.fingerprint256, fingerprint(leaf.cert));
    assert.equal(reported.validFrom, leaf.notBefore.toISOString());
    assert.equal(reported.validTo, leaf.notAfter.toISOString());
    assert.match(reported.issuer, /CN=whydown/);
  }

  it('a valid certificate from a trusted CA is ok, with the handshake timed and the certificate described', async () => {
    const result = await get(servers.valid.port);
    assert.equal(result.cause, 'ok', result.error?.message);
    assert.equal(result.status, 200);
    assert.match(result.bodySample, /secure hello/);
    assert.equal(result.httpVersion, '1.1');
    for (const phase of ['tcp', 'tls', 'firstByte', 'total'] as const) {
      assert.equal(typeof result.timings[phase], 'number', phase);
      assert.ok(result.timings[phase]! > 0, `${phase}: ${result.timings[phase]} ms`);
    }
    const t = result.timings;
    assert.ok(t.tcp! + t.tls! + t.firstByte! <= t.total, `phases ${JSON.stringify(result.timings)} fit in the total`);
    assert.equal(result.timings.dns, undefined, 'pinned: no DNS phase');
    const tls = result.tls!;
    assert.equal(tls.authorized, true);
    assert.equal(tls.verifyError, null);
    assert.equal(tls.hostnameMatches, true);
    assert.equal(tls.servername, 'localhost', 'SNI sent for a name');
    assert.match(tls.protocol ?? '', /^TLSv1\.[23]$/);
    assert.ok(tls.cipher && tls.cipher.length > 0, 'cipher');
    assert.equal(tls.alpn, 'http/1.1');
    assert.equal(tls.chain.length, 2, 'leaf and CA');
    const leaf = tls.chain[0]!;
    assert.equal(leaf.subject, 'CN=localhost');
    assert.ok(leaf.subjectAltNames.includes('DNS:localhost'), leaf.subjectAltNames.join());
    assert.ok(leaf.subjectAltNames.some((n) => n.endsWith('127.0.0.1')), leaf.subjectAltNames.join());
    assertLeafReported(result, certs.leaves.valid);
    assert.equal(leaf.selfSigned, false);
    assert.equal(tls.chain[1]!.subject, 'CN=whydown test CA');
    assert.equal(tls.chain[1]!.selfSigned, true);
  });

  it('an IP address in the URL is checked against the IP subjectAltName, without SNI', async () => {
    const port = servers.valid.port;
    const result = await probe(new URL(`https://127.0.0.1:${port}/`), { timeoutMs: 5000, ca: [certs.caCertPem] });
    assert.equal(result.cause, 'ok', result.error?.message);
    assert.equal(result.tls?.servername, null);
    assert.equal(result.tls?.hostnameMatches, true);
  });

  it('an HTTP/2 server is spoken to in HTTP/2 (ALPN h2) and is ok', async () => {
    const result = await get(servers.h2.port);
    assert.equal(result.cause, 'ok', result.error?.message);
    assert.equal(result.httpVersion, '2');
    assert.equal(result.tls?.alpn, 'h2');
    assert.equal(result.status, 200);
    assert.match(result.bodySample, /secure hello/);
    assert.equal(typeof result.timings.tls, 'number');
    assert.equal(typeof result.timings.firstByte, 'number');
  });

  const failures: [keyof TestCerts['leaves'] & keyof typeof servers, string][] = [
    ['expired', 'tls-cert-expired'],
    ['notYetValid', 'tls-cert-not-yet-valid'],
    ['wrongName', 'tls-cert-hostname-mismatch'],
    ['untrusted', 'tls-cert-untrusted'],
  ];
  for (const [name, cause] of failures) {
    it(`the ${name} certificate is ${cause}, and the certificate is still reported`, async () => {
      const result = await get(servers[name].port);
      assert.equal(result.cause, cause, result.error?.message);
      assert.equal(result.failedPhase, 'tls');
      assert.equal(result.status, null, 'no request is sent over a connection that failed verification');
      assert.equal(result.tls?.authorized, false);
      assert.ok(result.tls?.verifyError, 'the verification error is named');
      assert.ok(result.error?.message, 'an error message');
      assert.equal(typeof result.timings.tls, 'number', 'the handshake itself finished and is timed');
      assert.equal(result.timings.firstByte, undefined);
      assertLeafReported(result, certs.leaves[name]);
    });
  }

  it('the hostname mismatch names the certificate\'s own names', async () => {
    const result = await get(servers.wrongName.port);
    assert.equal(result.tls?.hostnameMatches, false);
    assert.deepEqual(result.tls?.chain[0]?.subjectAltNames, ['DNS:other.example']);
    assert.match(result.error?.message ?? '', /other\.example/);
  });

  it('without the test CA, even the valid certificate is untrusted', async () => {
    const result = await get(servers.valid.port, { ca: undefined });
    assert.equal(result.cause, 'tls-cert-untrusted');
    assertLeafReported(result, certs.leaves.valid);
  });

  it('a plain HTTP server on an https:// URL is tls-handshake-failed', async () => {
    const started = Date.now();
    const result = await get(servers.plain.port);
    assert.equal(result.cause, 'tls-handshake-failed');
    assert.equal(result.failedPhase, 'tls');
    assert.equal(result.status, null);
    assert.ok(result.error?.code, 'an error code');
    assert.equal(typeof result.timings.tcp, 'number');
    assert.ok(Date.now() - started < 2000, 'fails at once, not at the time limit');
  });

  it('a server that never answers the ClientHello is tls-handshake-failed within the time limit', async () => {
    const started = Date.now();
    const result = await get(stall.port, { timeoutMs: 1500 });
    const took = Date.now() - started;
    assert.equal(result.cause, 'tls-handshake-failed');
    assert.equal(result.failedPhase, 'tls');
    assert.equal(result.error?.code, 'ETIMEDOUT');
    assert.ok(took >= 1400 && took < 2500, `took ${took} ms`);
    assert.ok(stall.requests.length >= 1, 'the server did get a ClientHello');
    assert.equal(stall.requests[0]![0], 0x16, 'a TLS handshake record');
  });

  it('diagnose: the tls step passes for a valid certificate and gives its dates', async () => {
    const port = servers.valid.port;
    const report = await diagnose(at(port), { retries: 1, probe: { timeoutMs: 5000, ca: [certs.caCertPem], resolve: pinned(port) } });
    assert.equal(report.verdict.status, 'up');
    assert.equal(report.verdict.cause, 'ok');
    const step = report.steps.find((s) => s.id === 'tls')!;
    assert.equal(step.result, 'pass');
    const leaf = certs.leaves.valid;
    assert.ok(step.detail.includes(leaf.notBefore.toISOString().slice(0, 10)), step.detail);
    assert.ok(step.detail.includes(leaf.notAfter.toISOString().slice(0, 10)), step.detail);
  });

  it('diagnose: each certificate failure is down at the tls hop, and the tls step fails with the dates', async () => {
    await Promise.all(failures.map(async ([name, cause]) => {
      const port = servers[name].port;
      const report = await diagnose(at(port), { retries: 1, probe: { timeoutMs: 5000, ca: [certs.caCertPem], resolve: pinned(port) } });
      assert.equal(report.verdict.cause, cause, name);
      assert.equal(report.verdict.status, 'down', name);
      assert.equal(report.verdict.hop, 'tls', name);
      // From one vantage a TLS failure may be a middlebox of this network's: not "everyone".
      assert.equal(report.verdict.scope, 'unknown', name);
      assert.equal(report.verdict.scopeBasis, undefined, name);
      assert.ok(report.verdict.fixes.length >= 1, name);
      const step = report.steps.find((s) => s.id === 'tls')!;
      assert.equal(step.result, 'fail', name);
      const leaf = certs.leaves[name];
      assert.ok(step.detail.includes(leaf.notBefore.toISOString().slice(0, 10)), `${name}: ${step.detail}`);
      assert.ok(step.detail.includes(leaf.notAfter.toISOString().slice(0, 10)), `${name}: ${step.detail}`);
    }));
  });

  it('the CLI with --ca: 0 for the valid certificate, 2 for an expired one, 2 without --ca', async () => {
    const common = (port: number): string[] => ['--json', '--retries', '1', '--resolve', `localhost:${port}:127.0.0.1`, at(port).href];
    const [valid, h2, expired, noCa, stalled] = await Promise.all([
      runCli(['--ca', certs.caCertPath, ...common(servers.valid.port)]),
      runCli(['--ca', certs.caCertPath, ...common(servers.h2.port)]),
      runCli(['--ca', certs.caCertPath, ...common(servers.expired.port)]),
      runCli(common(servers.valid.port)),
      runCli(['--ca', certs.caCertPath, '--timeout', '1', ...common(stall.port)]),
    ]);
    for (const run of [valid, h2, expired, noCa, stalled]) assert.equal(run.stderr, '');
    type Report = { verdict: { status: string; cause: string; hop: string }; attempts: { httpVersion: string | null; timings: { tls?: number } }[]; steps: { id: string; result: string; detail: string }[] };
    const parse = (text: string): Report => JSON.parse(text) as Report;
    assert.equal(valid.code, 0);
    const validReport = parse(valid.stdout);
    assert.equal(validReport.verdict.cause, 'ok');
    assert.equal(typeof validReport.attempts[0]?.timings.tls, 'number');
    assert.equal(validReport.steps.find((s) => s.id === 'tls')?.result, 'pass');
    assert.equal(h2.code, 0);
    assert.equal(parse(h2.stdout).attempts[0]?.httpVersion, '2');
    assert.equal(expired.code, 2);
    const expiredReport = parse(expired.stdout);
    assert.equal(expiredReport.verdict.cause, 'tls-cert-expired');
    assert.equal(expiredReport.verdict.hop, 'tls');
    assert.ok(expiredReport.steps.find((s) => s.id === 'tls')!.detail.includes(certs.leaves.expired.notAfter.toISOString().slice(0, 10)));
    assert.equal(noCa.code, 2);
    assert.equal(parse(noCa.stdout).verdict.cause, 'tls-cert-untrusted');
    assert.equal(stalled.code, 2);
    assert.equal(parse(stalled.stdout).verdict.cause, 'tls-handshake-failed');
  });
});
