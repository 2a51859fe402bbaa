// A real nginx with a three-level PKI (root → intermediate → leaf): the leaf sent without its
// intermediate is an incomplete chain, the full chain is fine; and SNI: a name the server has no
// block for gets the default certificate, a block with the wrong certificate is named as such.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { diagnose } from '../../src/diagnose/diagnose.js';
import { makeChainPki, makeOcspResponse, type ChainPki } from '../support/chain-certs.js';
import { runCli } from '../support/cli.js';
import { startNginx, type Nginx } from '../support/nginx.js';
import { freePort } from '../support/process.js';

describe('TLS chains and SNI against a real nginx', () => {
  let pki: ChainPki;
  let nginx: Nginx;
  const ports = { leafOnly: 0, fullChain: 0, sniDefault: 0, sniWrong: 0, ocspGood: 0, ocspRevoked: 0, ocspOther: 0 };

  before(async () => {
    pki = await makeChainPki(['other.example', 'known.whydown.test', 'wrong.whydown.test', 'default.example']);
    for (const key of Object.keys(ports) as (keyof typeof ports)[]) ports[key] = await freePort();
    const { site, named } = pki;
    const tlsServer = (port: number, cert: string, key: string, names: string, extra = ''): string => `
  server {
    listen 127.0.0.1:${port} ssl${extra.startsWith(';') ? '' : extra};
    server_name ${names}${extra.startsWith(';') ? extra : ''};
    ssl_certificate ${cert};
    ssl_certificate_key ${key};
    location / { return 200 "secure hello\\n"; }
  }`;
    // Stapled OCSP responses from files (nginx staples them as they are, when the client asks).
    const stapling = (file: string): string => `;\n    ssl_stapling on;\n    ssl_stapling_file ${file}`;
    const good = await makeOcspResponse(pki, site, 'good');
    const revoked = await makeOcspResponse(pki, site, 'revoked');
    const otherCertificate = await makeOcspResponse(pki, named['other.example']!, 'good');
    nginx = await startNginx('location / { return 200 "plain\\n"; }', [
      tlsServer(ports.ocspGood, site.fullChainPath, site.keyPath, 'localhost', stapling(good)),
      tlsServer(ports.ocspRevoked, site.fullChainPath, site.keyPath, 'localhost', stapling(revoked)),
      tlsServer(ports.ocspOther, site.fullChainPath, site.keyPath, 'localhost', stapling(otherCertificate)),
      tlsServer(ports.leafOnly, site.certPath, site.keyPath, 'localhost'),
      tlsServer(ports.fullChain, site.fullChainPath, site.keyPath, 'localhost'),
      // A default server holding another name's certificate, and a block for known.whydown.test only.
      tlsServer(ports.sniDefault, named['other.example']!.fullChainPath, named['other.example']!.keyPath, 'other.example', ' default_server'),
      tlsServer(ports.sniDefault, named['known.whydown.test']!.fullChainPath, named['known.whydown.test']!.keyPath, 'known.whydown.test'),
      // The block for wrong.whydown.test points at default.example's certificate.
      tlsServer(ports.sniWrong, site.fullChainPath, site.keyPath, 'localhost', ' default_server'),
      tlsServer(ports.sniWrong, named['default.example']!.fullChainPath, named['default.example']!.keyPath, 'wrong.whydown.test'),
    ].join('\n'));
  });

  after(async () => {
    await nginx?.stop();
  });

  const run = (host: string, port: number, ca = true) => diagnose(new URL(`https://${host}:${port}/`), {
    retries: 1,
    probe: { timeoutMs: 5000, ...(ca ? { ca: [pki.rootPem] } : {}), resolve: [{ host, port, address: '127.0.0.1' }] },
  });

  it('the leaf without its intermediate: tls-cert-untrusted, the chain is incomplete, install the intermediate', async () => {
    const report = await run('localhost', ports.leafOnly);
    const { verdict } = report;
    assert.equal(verdict.status, 'down');
    assert.equal(verdict.cause, 'tls-cert-untrusted');
    assert.equal(verdict.hop, 'tls');
    const step = report.steps.find((s) => s.id === 'tls')!;
    assert.match(verdict.summary, /chain is incomplete/);
    assert.match(verdict.summary, /sent 1 certificate/);
    assert.match(verdict.summary, /CN=whydown chain test intermediate/);
    assert.match(verdict.summary, new RegExp(`AIA ${pki.aiaUrl.replace(/[.]/g, '\\.')}`));
    assert.match(verdict.summary, /browsers may still work while curl, apps and APIs fail/);
    assert.match(verdict.fixes[0]!, /^Install the intermediate certificate: send the full chain/);
    assert.match(verdict.fixes[1]!, /AIA/);
    assert.equal((step.evidence as { finding?: { kind: string } }).finding?.kind, 'incomplete-chain');
    assert.deepEqual((step.evidence as { chain: { caIssuers?: string[] }[] }).chain[0]?.caIssuers, [pki.aiaUrl]);
    assert.equal(step.result, 'fail');
    assert.match(step.detail, /chain is incomplete/);
  });

  it('the full chain (leaf + intermediate): up', async () => {
    const report = await run('localhost', ports.fullChain);
    assert.equal(report.verdict.status, 'up', report.verdict.summary);
    assert.equal((report.steps.find((s) => s.id === 'tls')!.evidence as { finding?: unknown }).finding, undefined);
  });

  it('a root nobody trusts, full chain sent: untrusted, but not called an incomplete chain', async () => {
    const report = await run('localhost', ports.fullChain, false);
    assert.equal(report.verdict.cause, 'tls-cert-untrusted');
    assert.equal((report.steps.find((s) => s.id === 'tls')!.evidence as { finding?: unknown }).finding, undefined);
    assert.doesNotMatch(report.verdict.summary, /incomplete/);
  });

  it('a name with no server block: tls-cert-hostname-mismatch, "it sent the default certificate for other.example"', async () => {
    const known = await run('known.whydown.test', ports.sniDefault);
    assert.equal(known.verdict.status, 'up', known.verdict.summary);
    const report = await run('missing.whydown.test', ports.sniDefault);
    const { verdict } = report;
    assert.equal(verdict.cause, 'tls-cert-hostname-mismatch');
    assert.equal(verdict.hop, 'tls');
    assert.match(verdict.summary, /the server has no certificate for this name \(SNI\): asked for missing\.whydown\.test, it sent its default certificate \(the one it sends without SNI\), for other\.example/);
    assert.match(verdict.fixes[0]!, /Add a TLS server block for this name/);
    assert.equal((report.steps.find((s) => s.id === 'tls')!.evidence as { finding?: { kind: string } }).finding?.kind, 'no-certificate-for-name');
  });

  it('a server block holding another name\'s certificate: named as the wrong certificate, not the default', async () => {
    const report = await run('wrong.whydown.test', ports.sniWrong);
    assert.equal(report.verdict.cause, 'tls-cert-hostname-mismatch');
    assert.match(report.verdict.summary, /certificate for this name is for another name: asked for wrong\.whydown\.test \(SNI\), it sent a certificate for default\.example, not its default one/);
    assert.equal((report.steps.find((s) => s.id === 'tls')!.evidence as { finding?: { kind: string } }).finding?.kind, 'wrong-certificate-for-name');
  });

  it('the CLI prints the incomplete chain and the fix', async () => {
    const result = await runCli(['--ca', pki.rootPath, '--retries', '1', '--resolve', `localhost:${ports.leafOnly}:127.0.0.1`, `https://localhost:${ports.leafOnly}/`]);
    assert.equal(result.stderr, '');
    assert.match(result.stdout, /chain is incomplete/);
    assert.match(result.stdout, /Install the intermediate certificate/);
  });

  it('a stapled OCSP response saying "revoked": tls-cert-untrusted, named as revoked', async () => {
    const report = await run('localhost', ports.ocspRevoked);
    assert.equal(report.verdict.status, 'down');
    assert.equal(report.verdict.cause, 'tls-cert-untrusted');
    assert.match(report.verdict.summary, /the certificate is revoked: the OCSP response the server staples says so \(revoked 2024-01-01T00:00:00\.000Z\)/);
    assert.match(report.verdict.fixes[0]!, /Get a new certificate/);
  });

  it('a good stapled response: up, no finding', async () => {
    const report = await run('localhost', ports.ocspGood);
    assert.equal(report.verdict.status, 'up', report.verdict.summary);
    assert.equal(report.steps.find((s) => s.id === 'tls')!.result, 'pass');
  });

  it('a stapled response for another certificate: up (clients soft-fail), the tls step warns', async () => {
    const report = await run('localhost', ports.ocspOther);
    assert.equal(report.verdict.status, 'up', report.verdict.summary);
    const step = report.steps.find((s) => s.id === 'tls')!;
    assert.equal(step.result, 'warn');
    assert.match(step.detail, /the stapled OCSP response is about another certificate/);
  });
});
