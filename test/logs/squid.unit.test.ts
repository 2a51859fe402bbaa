// Squid lines the test's Squid 5.7 does not write at its default debug level (a dead peer, a
// failed TCP connect named in cache.log, TLS to a peer) or that need other setups (SMP workers'
// `kidN` prefix, ERR_CONNECT_FAIL): written by hand from Squid's sources (src/neighbors.cc,
// src/http.cc, src/security/PeerConnector.cc, errors/templates).
process.env.TZ = 'UTC';

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseLines } from '../../src/logs/read-logs.js';
import { detectParser } from '../../src/logs/registry.js';

const parse = (lines: string[]) => parseLines('hand-written.log', lines, 'squid').events;

describe('Squid: hand-written lines', () => {
  test('cache.log: a failed TCP connect to a peer, a dead parent, with the SMP kid prefix', () => {
    const events = parse([
      '2024/05/01 10:00:00 kid1| ERROR: TCP connection to 10.0.0.5/8080 failed',
      '    current master transaction: master53',
      '2024/05/01 10:00:01 kid1| Detected DEAD Parent: app1',
      '2024/05/01 10:00:09 kid1| Detected REVIVED Parent: app1',
    ]);
    assert.deepEqual(events.map((e) => [e.cause, e.upstream, e.time]), [
      ['upstream-refused', '10.0.0.5:8080', '2024-05-01T10:00:00.000Z'],
      ['no-healthy-upstream', 'app1', '2024-05-01T10:00:01.000Z'],
    ]);
  });

  test('cache.log: TLS to a peer, and an ERR_ code named in a message', () => {
    const events = parse([
      '2024/05/01 10:00:00| ERROR: negotiating TLS on FD 12: error:0A000086:SSL routines::certificate verify failed (1/-1/0)',
      '2024/05/01 10:00:02| WARNING: ERR_READ_TIMEOUT while reading from 10.0.0.5',
    ]);
    assert.deepEqual(events.map((e) => e.cause), ['upstream-tls-failed', 'upstream-timeout']);
  });

  test('access.log with %err_code: ERR_CONNECT_FAIL, ERR_CANNOT_FORWARD, client-side codes skipped', () => {
    const events = parse([
      '1714557600.000      3 203.0.113.9 TCP_MISS/503 4012 GET http://shop.example/ - FIRSTUP_PARENT/10.0.0.5 text/html ERR_CONNECT_FAIL/WITH_SERVER',
      '1714557601.000      0 203.0.113.9 TCP_MISS/503 3950 GET http://shop.example/ - HIER_NONE/- text/html ERR_CANNOT_FORWARD/WITH_SERVER',
      '1714557602.000      0 203.0.113.9 TCP_MISS_ABORTED/000 0 GET http://shop.example/ - FIRSTUP_PARENT/10.0.0.5 - ERR_CLIENT_GONE/WITH_CLIENT',
      '1714557603.000      0 203.0.113.9 TCP_DENIED/403 3900 GET http://shop.example/ - HIER_NONE/- text/html ERR_ACCESS_DENIED/-',
    ]);
    assert.deepEqual(events.map((e) => [e.cause, e.time]), [
      ['upstream-refused', '2024-05-01T10:00:00.000Z'],
      ['no-healthy-upstream', '2024-05-01T10:00:01.000Z'],
    ]);
  });

  test('an aborted client transfer without a code is not an upstream failure', () => {
    assert.deepEqual(parse(['1714557602.000      0 203.0.113.9 TCP_MISS_ABORTED/200 512 GET http://shop.example/ - FIRSTUP_PARENT/10.0.0.5 text/html']), []);
  });

  test('detection: Squid lines are Squid; a combined access log and an nginx error log are not', () => {
    assert.equal(detectParser(['1714557600.000      3 203.0.113.9 TCP_MISS/200 4012 GET http://shop.example/ - FIRSTUP_PARENT/10.0.0.5 text/html'])?.id, 'squid');
    assert.equal(detectParser(['2024/05/01 10:00:00| Starting Squid Cache version 5.7 for x86_64-pc-linux-gnu...'])?.id, 'squid');
    assert.notEqual(detectParser(['203.0.113.9 - - [01/May/2024:10:00:00 +0000] "GET / HTTP/1.1" 502 157 "-" "curl/7.88"'])?.id, 'squid');
    assert.notEqual(detectParser(['2024/05/01 10:00:00 [error] 7#7: *1 connect() failed (111: Connection refused) while connecting to upstream'])?.id, 'squid');
  });
});
