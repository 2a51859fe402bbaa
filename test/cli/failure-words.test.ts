// Verdict summaries describe a failed attempt in whydown's words; the library's text stays in
// the attempt's error.message.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { describeFailure, plainHttpDetail } from '../../src/core/knowledge/probe-errors.js';

it('library errors get words and keep their code; whydown\'s own messages stay', () => {
  const openssl = '80AC51CF9B7F0000:error:0A000410:SSL routines:ssl3_read_bytes:sslv3 alert handshake failure:../deps/openssl/openssl/ssl/record/rec_layer_s3.c:1605:SSL alert number 40\n';
  assert.equal(describeFailure({ cause: 'tls-handshake-failed', address: '10.0.0.5:443', error: { code: 'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE', message: openssl } }),
    'the server ended the TLS handshake with the alert "handshake failure" (ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE)');
  assert.equal(describeFailure({ cause: 'connect-refused', address: '127.0.0.1:1', error: { code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:1' } }),
    'nothing accepted the connection to 127.0.0.1:1 (ECONNREFUSED)');
  assert.equal(describeFailure({ cause: 'empty-response', address: '127.0.0.1:8080', error: { code: 'ECONNRESET', message: 'socket hang up' } }),
    'the server at 127.0.0.1:8080 closed the connection without sending anything (ECONNRESET)');
  assert.equal(describeFailure({ cause: 'malformed-response', address: null, error: { code: 'HPE_INVALID_CONSTANT', message: 'Parse Error: Expected HTTP/' } }),
    'the response is not valid HTTP (HPE_INVALID_CONSTANT)');
  const own = 'TLS handshake (the server stalled) did not finish within 2000 ms';
  assert.equal(describeFailure({ cause: 'response-timeout', address: null, error: { code: 'ETIMEDOUT', message: own } }), own);
  assert.equal(describeFailure({ cause: 'dns-nxdomain', address: null, error: { code: 'ENOTFOUND', message: 'system: x.test does not exist (NXDOMAIN)' } }), 'system: x.test does not exist (NXDOMAIN)');
  assert.equal(describeFailure({ cause: 'tls-handshake-failed', address: null, error: { code: 'ERR_SSL_WRONG_VERSION_NUMBER', message: 'raw', detail: 'said by whydown' } }), 'said by whydown');
});

it('plainHttpDetail keeps the port and the path, drops the query', () => {
  assert.equal(plainHttpDetail(new URL('https://localhost:8000/a/b?whydown-probe=x')), 'port 8000 of localhost speaks plain HTTP, not TLS: use http://localhost:8000/a/b');
  assert.equal(plainHttpDetail(new URL('https://shop.example/')), 'port 443 of shop.example speaks plain HTTP, not TLS: use http://shop.example:443/');
  assert.equal(plainHttpDetail(new URL('https://[::1]:80/')), 'port 80 of [::1] speaks plain HTTP, not TLS: use http://[::1]/');
});
