// The stapled OCSP response reader on responses OpenSSL made (test/fixtures/ocsp), a stale one
// (judged after its nextUpdate), and arbitrary bytes, which never make it throw.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { judgeStaple, parseStapledOcsp } from '../../src/core/probe/ocsp-staple.js';

const fixture = (name: string): Buffer => readFileSync(fileURLToPath(new URL(`../../../test/fixtures/ocsp/${name}`, import.meta.url)));
const SERIAL = '250E31D49AA6437E0EA0C936FEAE762E4166BEFC';
const AT = Date.parse('2026-12-06T12:00:00Z'); // between thisUpdate and nextUpdate

describe('stapled OCSP responses', () => {
  test('good: status, serial and dates are read; nothing to say while it is current', () => {
    const good = parseStapledOcsp(fixture('good.der'));
    assert.deepEqual(good, {
      responseStatus: 'successful', certStatus: 'good', serial: SERIAL,
      thisUpdate: '2026-12-06T03:21:06.000Z', nextUpdate: '2026-12-07T03:21:06.000Z', revokedAt: null,
    });
    assert.equal(judgeStaple(good, SERIAL, AT), null);
    assert.equal(judgeStaple(good, SERIAL.toLowerCase(), AT), null);
  });

  test('revoked: blocking, with the revocation time', () => {
    const judged = judgeStaple(parseStapledOcsp(fixture('revoked.der')), SERIAL, AT);
    assert.equal(judged?.kind, 'ocsp-revoked');
    assert.equal(judged?.blocking, true);
    assert.match(judged!.detail, /revoked 2024-01-01T00:00:00\.000Z/);
  });

  test('stale (after nextUpdate), for another serial, an error status, garbage: warnings, not blocking', () => {
    const good = parseStapledOcsp(fixture('good.der'));
    const stale = judgeStaple(good, SERIAL, Date.parse('2026-12-09T00:00:00Z'));
    assert.equal(stale?.kind, 'ocsp-stale');
    assert.match(stale!.detail, /nextUpdate was 2026-12-07T03:21:06\.000Z/);
    assert.equal(judgeStaple(good, '01AB', AT)?.kind, 'ocsp-invalid');
    const tryLater = parseStapledOcsp(Buffer.from([0x30, 0x03, 0x0a, 0x01, 0x03]));
    assert.equal(tryLater?.responseStatus, 'tryLater');
    assert.match(judgeStaple(tryLater, SERIAL, AT)!.detail, /tryLater/);
    assert.equal(parseStapledOcsp(Buffer.from('not der at all')), null);
    assert.equal(judgeStaple(null, SERIAL, AT)?.blocking, false);
  });

  test('any bytes, and any cut or flipped response: a result or null, never a throw', () => {
    const real = fixture('revoked.der');
    fc.assert(fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => {
      parseStapledOcsp(Buffer.from(bytes));
    }), { numRuns: 2000 });
    fc.assert(fc.property(fc.nat(real.length), fc.nat(real.length - 1), fc.nat(255), (cut, at, value) => {
      const copy = Buffer.from(real.subarray(0, Math.max(cut, 1)));
      if (at < copy.length) copy[at] = value;
      parseStapledOcsp(copy);
    }), { numRuns: 3000 });
  });
});
