// One scheduled check: the same probe as `whydown diagnose` makes for its first attempt, on a
// fresh connection (what a new visitor meets), judged against what the monitor expects.
import type { MonitorConfig } from '../config/types.js';
import { statusExpected } from '../config/status.js';
import type { Cause, Status } from '../../core/model.js';
import { probe } from '../../core/probe/probe.js';
import type { ProbeResult } from '../../core/probe/types.js';
import type { ResultInput } from '../store/types.js';
import { roundTimings } from '../../core/render/text.js';

/** Enough of the page for bodyContains; without it a small sample keeps each check cheap. */
const SAMPLE_FOR_TEXT = 256 * 1024;
const SAMPLE_PLAIN = 4 * 1024;

/** What a check needs of a monitor: small, so it crosses to a check thread cheaply (check-pool.ts). */
export type CheckTarget = Pick<MonitorConfig, 'name' | 'url' | 'method' | 'headers' | 'body' | 'timeoutMs' | 'expect'>;

export function checkTarget(monitor: MonitorConfig): CheckTarget {
  const { name, url, method, headers, body, timeoutMs, expect } = monitor;
  return body === undefined ? { name, url, method, headers, timeoutMs, expect } : { name, url, method, headers, body, timeoutMs, expect };
}

export async function runCheck(monitor: CheckTarget, at: Date = new Date()): Promise<ResultInput> {
  const result = await probe(new URL(monitor.url), {
    timeoutMs: monitor.timeoutMs,
    method: monitor.method,
    headers: monitor.headers,
    ...(monitor.body === undefined ? {} : { body: monitor.body }),
    bodySampleBytes: monitor.expect.bodyContains === undefined ? SAMPLE_PLAIN : SAMPLE_FOR_TEXT,
  });
  const { status, cause } = judge(monitor, result);
  return {
    monitor: monitor.name,
    at,
    status,
    cause,
    timings: roundTimings(result.timings),
    httpStatus: result.status,
    errorCode: result.error?.code ?? null,
    durationMs: Math.round(result.timings.total),
  };
}

/**
 * up: the expected answer; degraded: the expected answer, late; down: anything else. A status
 * the monitor names explicitly is what it wants (a check that expects 503 during a migration),
 * so the probe's reading of that status does not count against it.
 */
export function judge(monitor: Pick<MonitorConfig, 'expect'>, result: ProbeResult): { status: Exclude<Status, 'unknown'>; cause: Cause } {
  if (result.status === null) return { status: 'down', cause: result.cause };
  const answered = result.cause === 'ok' || result.cause === 'slow-response';
  if (!statusExpected(monitor.expect, result.status)) {
    // The probe's reading when it has one (502 from nginx → …); else simply not what is expected.
    return { status: 'down', cause: answered || result.cause === 'unknown' ? 'unexpected-response' : result.cause };
  }
  const text = monitor.expect.bodyContains;
  if (text !== undefined && !result.bodySample.includes(text)) return { status: 'down', cause: 'unexpected-response' };
  if (result.cause === 'slow-response') return { status: 'degraded', cause: 'slow-response' };
  if (answered || monitor.expect.status !== undefined) return { status: 'up', cause: 'ok' };
  // An expected-looking status whose page says otherwise (blank page, challenge, maintenance).
  return { status: 'down', cause: result.cause };
}

