// The timing step's reading of when failures end, on recorded attempts: a limit shows as the same
// wait attempt after attempt, including attempts that joined a wait already under way (a cache
// fetching once for everyone) — and only those: failures that merely end close together do not
// borrow an earlier attempt's time. The real-server cases are in test/scenarios/.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findLimit } from '../../src/diagnose/steps/timing.js';
import type { ProbeResult } from '../../src/core/probe/types.js';

const T0 = Date.parse('2026-11-28T10:00:00.000Z');

/** A 503 that started `startMs` after T0 and took `tookMs`. */
function failure(startMs: number, tookMs: number): ProbeResult {
  return {
    url: 'http://shop.test/', at: new Date(T0 + startMs).toISOString(), cause: 'unknown', failedPhase: null, error: null,
    address: '127.0.0.1:80', localAddress: null, connectAttempts: [], dns: [], tls: null, httpVersion: '1.1', status: 503,
    statusText: 'Service Unavailable', headers: {}, bodySample: '', bodyBytes: 0, bodyTruncated: false, redirects: [],
    timings: { tcp: 0.2, firstByte: tookMs - 1, download: 0.5, total: tookMs },
  };
}

describe('timing: when failures end', () => {
  it('attempts that joined one wait and ended with it count from when it began', () => {
    // Varnish, first_byte_timeout 1s: the three reloads 250 ms apart end together; the cache
    // bypass and the browser-like attempt start later, at once, and wait a full second each.
    const found = findLimit([failure(0, 1010), failure(250, 760), failure(500, 510), failure(520, 1012), failure(521, 1011)], 'varnish');
    assert.equal(Math.round(found.limitMs ?? 0), 1010);
    assert.equal(found.coalesced, 2);
    assert.equal(found.ending, 'killed');
  });

  it('failures that end apart keep their own durations: no limit in 1.0, 0.75 and 0.5 s', () => {
    const found = findLimit([failure(0, 1000), failure(300, 750), failure(700, 500)]);
    assert.equal(found.limitMs, null);
    assert.equal(found.coalesced, 0);
  });

  it('failures started together and ending together are not coalesced, and quick ones set no limit', () => {
    const found = findLimit([failure(0, 12), failure(0, 13), failure(5, 8)]);
    assert.equal(found.limitMs, null);
    assert.equal(found.coalesced, 0);
  });

  it('the same wait each time is a limit, as before', () => {
    const found = findLimit([failure(0, 2010), failure(2300, 2005), failure(4600, 2008)]);
    assert.equal(Math.round(found.limitMs ?? 0), 2008);
    assert.equal(found.coalesced, 0);
  });
});
