// What the origin's own answer (--origin) says, on recorded attempts: the edges the real-server
// scenarios (test/scenarios/nginx-origin.test.ts) do not reach — an origin we cannot reach while
// the gateway failed at once, a quick origin behind a quick failure, and a public path that works.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Cause } from '../../src/core/model.js';
import type { ProbeResult } from '../../src/core/probe/types.js';
import { publicFailureMs, readOrigin } from '../../src/diagnose/origin-reading.js';

function result(status: number | null, cause: Cause, totalMs: number, firstByteMs?: number): ProbeResult {
  return {
    url: 'http://10.0.0.5:8080/?whydown-probe=wd1-origin', at: '2026-11-28T10:00:00.000Z', cause, failedPhase: null,
    error: status === null ? { code: 'ETIMEDOUT', message: 'no answer' } : null,
    address: '10.0.0.5:8080', localAddress: null, connectAttempts: [], dns: [], tls: null, httpVersion: status === null ? null : '1.1',
    status, statusText: '', headers: {}, bodySample: '', bodyBytes: 0, bodyTruncated: false, redirects: [],
    timings: { total: totalMs, ...(firstByteMs === undefined ? {} : { firstByte: firstByteMs }) },
  };
}

const quick502 = [result(502, 'unknown', 3, 2), result(502, 'unknown', 4, 3), result(502, 'unknown', 3, 2)];

describe('readOrigin', () => {
  it('an origin we cannot reach in time, behind a gateway that failed at once, decides nothing', () => {
    const reading = readOrigin(result(null, 'connect-timeout', 10_000), quick502, publicFailureMs(quick502, null));
    assert.equal(reading.implies, 'origin-unreachable');
  });

  it('an origin timing out behind a gateway that waited too is upstream-timeout', () => {
    const waited = [result(504, 'upstream-timeout', 60_010, 60_009), result(504, 'upstream-timeout', 60_020, 60_019)];
    const reading = readOrigin(result(null, 'response-timeout', 30_000), waited, publicFailureMs(waited, 60_015));
    assert.equal(reading.implies, 'upstream-timeout');
  });

  it('a quick failure is no time limit: an origin a little slower than it is still fine', () => {
    const reading = readOrigin(result(200, 'ok', 40, 35), quick502, publicFailureMs(quick502, null));
    assert.equal(reading.implies, 'gateway-path');
    assert.doesNotMatch(reading.said, /whydown-probe/, 'the origin is named as the user gave it');
  });

  it('an origin that answers with its own error is the origin\'s', () => {
    assert.equal(readOrigin(result(500, 'app-error', 20, 19), quick502, 3).implies, 'origin-error');
  });

  it('a public path that works leaves nothing to decide', () => {
    const fine = [result(200, 'ok', 5, 4)];
    assert.equal(readOrigin(result(null, 'connect-refused', 1), fine, null).implies, 'public-fine');
  });
});
