// Self-test of the test certificates: each leaf served by a real TLS server, checked by node's client.
import * as assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import * as tls from 'node:tls';
import { after, before, describe, test } from 'node:test';
import { getTestCerts, type LeafCert, type TestCerts } from './certs.js';

interface Outcome {
  authorized: boolean;
  authorizationError: string | null;
  /** The error code when the client rejects unauthorized servers (the default). */
  rejectCode: string | null;
}

const servers: tls.Server[] = [];

async function serve(cert: string, key: string): Promise<number> {
  const server = tls.createServer({ cert, key }, (socket) => socket.end('hello'));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return typeof address === 'object' && address ? address.port : 0;
}

function connect(port: number, ca: string, servername: string | undefined, rejectUnauthorized: boolean): Promise<tls.TLSSocket | Error> {
  return new Promise((resolve) => {
    const socket = tls.connect({ port, host: '127.0.0.1', ca, rejectUnauthorized, ...(servername ? { servername } : {}) });
    socket.once('secureConnect', () => resolve(socket));
    socket.once('error', (error) => resolve(error));
  });
}

async function check(leaf: LeafCert, useChain: boolean, ca: string, servername: string | undefined = 'localhost'): Promise<Outcome> {
  const port = await serve(useChain ? leaf.chain : leaf.cert, leaf.key);
  const lenient = await connect(port, ca, servername, false);
  assert.ok(lenient instanceof tls.TLSSocket, `handshake failed: ${String(lenient)}`);
  const outcome: Outcome = {
    authorized: lenient.authorized,
    authorizationError: lenient.authorizationError ? String(lenient.authorizationError) : null,
    rejectCode: null,
  };
  lenient.destroy();
  const strict = await connect(port, ca, servername, true);
  if (strict instanceof Error) outcome.rejectCode = (strict as NodeJS.ErrnoException).code ?? strict.message;
  else strict.destroy();
  return outcome;
}

describe('test certificates', () => {
  let certs: TestCerts;
  before(async () => { certs = await getTestCerts({ extraNames: ['ok.whydown.test'] }); });
  after(async () => {
    await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  });

  test('generated once per process and per set of names', async () => {
    assert.equal(await getTestCerts({ extraNames: ['ok.whydown.test'] }), certs);
    assert.match(certs.caCertPem, /^-----BEGIN CERTIFICATE-----/);
    assert.match(certs.leaves.valid.key, /PRIVATE KEY/);
  });

  test('dates and names are as promised', () => {
    const now = Date.now();
    const x = (leaf: LeafCert): X509Certificate => new X509Certificate(leaf.cert);
    const { valid, expired, notYetValid, wrongName, untrusted } = certs.leaves;
    assert.ok(new Date(x(expired).validTo).getTime() < now);
    assert.ok(new Date(x(notYetValid).validFrom).getTime() > now);
    assert.equal(new Date(x(expired).validTo).getTime(), expired.notAfter.getTime());
    assert.equal(x(valid).subjectAltName, 'DNS:localhost, IP Address:127.0.0.1, DNS:ok.whydown.test');
    assert.equal(x(wrongName).subjectAltName, 'DNS:other.example');
    assert.ok(x(valid).verify(new X509Certificate(certs.caCertPem).publicKey));
    assert.ok(x(untrusted).verify(new X509Certificate(certs.otherCaCertPem).publicKey));
    assert.ok(!x(untrusted).verify(new X509Certificate(certs.caCertPem).publicKey));
  });

  test('valid: trusted for localhost, 127.0.0.1 and the extra name', async () => {
    for (const servername of ['localhost', undefined, 'ok.whydown.test']) {
      const outcome = await check(certs.leaves.valid, false, certs.caCertPem, servername);
      assert.deepEqual(outcome, { authorized: true, authorizationError: null, rejectCode: null }, String(servername));
    }
    const withChain = await check(certs.leaves.valid, true, certs.caCertPem);
    assert.equal(withChain.authorized, true);
  });

  test('valid leaf is untrusted without the test CA', async () => {
    const outcome = await check(certs.leaves.valid, false, certs.otherCaCertPem);
    assert.equal(outcome.authorizationError, 'UNABLE_TO_VERIFY_LEAF_SIGNATURE');
  });

  test('expired → CERT_HAS_EXPIRED', async (t) => {
    const outcome = await check(certs.leaves.expired, false, certs.caCertPem);
    t.diagnostic(JSON.stringify(outcome));
    assert.deepEqual(outcome, { authorized: false, authorizationError: 'CERT_HAS_EXPIRED', rejectCode: 'CERT_HAS_EXPIRED' });
  });

  test('not yet valid → CERT_NOT_YET_VALID', async (t) => {
    const outcome = await check(certs.leaves.notYetValid, false, certs.caCertPem);
    t.diagnostic(JSON.stringify(outcome));
    assert.deepEqual(outcome, { authorized: false, authorizationError: 'CERT_NOT_YET_VALID', rejectCode: 'CERT_NOT_YET_VALID' });
  });

  test('wrong name → ERR_TLS_CERT_ALTNAME_INVALID (checkServerIdentity)', async (t) => {
    for (const servername of ['localhost', undefined]) {
      const outcome = await check(certs.leaves.wrongName, false, certs.caCertPem, servername);
      t.diagnostic(`${String(servername)}: ${JSON.stringify(outcome)}`);
      assert.deepEqual(outcome, {
        authorized: false,
        authorizationError: 'ERR_TLS_CERT_ALTNAME_INVALID',
        rejectCode: 'ERR_TLS_CERT_ALTNAME_INVALID',
      });
    }
  });

  test('untrusted, leaf alone → UNABLE_TO_VERIFY_LEAF_SIGNATURE', async (t) => {
    const outcome = await check(certs.leaves.untrusted, false, certs.caCertPem);
    t.diagnostic(JSON.stringify(outcome));
    assert.deepEqual(outcome, {
      authorized: false,
      authorizationError: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
      rejectCode: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
    });
  });

  test('untrusted, leaf + its CA → SELF_SIGNED_CERT_IN_CHAIN', async (t) => {
    const outcome = await check(certs.leaves.untrusted, true, certs.caCertPem);
    t.diagnostic(JSON.stringify(outcome));
    assert.deepEqual(outcome, {
      authorized: false,
      authorizationError: 'SELF_SIGNED_CERT_IN_CHAIN',
      rejectCode: 'SELF_SIGNED_CERT_IN_CHAIN',
    });
  });
});
