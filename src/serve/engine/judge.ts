// How a check's probe result measures up to what the monitor expects. down: not the expected
// answer; degraded: the expected answer, but late or over a certificate about to run out; up:
// the rest. `detail` says in words what an expectation of the monitor's own found (the measured
// and the allowed), since the cause id alone cannot say which path or how many days.
import type { MonitorConfig } from '../config/types.js';
import { statusExpected } from '../config/status.js';
import { formatDuration } from '../config/duration.js';
import type { Cause, Status } from '../../core/model.js';
import type { ProbeResult } from '../../core/probe/types.js';
import { jsonMismatch } from './expect-json.js';

const DAY = 86_400_000;

export interface Judgement {
  status: Exclude<Status, 'unknown'>;
  cause: Cause;
  detail?: string;
}

/**
 * A status the monitor names explicitly is what it wants (a check that expects 503 during a
 * migration), so the probe's reading of that status does not count against it.
 */
export function judge(
  monitor: Pick<MonitorConfig, 'expect'>,
  result: ProbeResult,
  context: { at?: Date; sampleBytes?: number } = {},
): Judgement {
  const expect = monitor.expect;
  if (result.status === null) return { status: 'down', cause: result.cause };
  const answered = result.cause === 'ok' || result.cause === 'slow-response';
  if (!statusExpected(expect, result.status)) {
    // The probe's reading when it has one (502 from nginx → …); else simply not what is expected.
    return { status: 'down', cause: answered || result.cause === 'unknown' ? 'unexpected-response' : result.cause };
  }
  const text = expect.bodyContains;
  if (text !== undefined && !result.bodySample.includes(text)) {
    return { status: 'down', cause: 'unexpected-response', detail: `the body does not contain ${JSON.stringify(text)}` };
  }
  if (expect.json !== undefined) {
    const mismatch = jsonMismatch(expect.json, result.bodySample, result.bodyTruncated, context.sampleBytes ?? result.bodyBytes);
    if (mismatch !== undefined) return { status: 'down', cause: 'unexpected-response', detail: mismatch };
  }
  if (!answered && expect.status === undefined) {
    // An expected-looking status whose page says otherwise (blank page, challenge, maintenance).
    return { status: 'down', cause: result.cause };
  }
  const late = lateness(expect.maxResponseTimeMs, result.timings.total);
  if (late !== undefined) return { status: 'degraded', cause: 'slow-response', detail: late };
  const expiring = certificateExpiring(expect.certValidForMs, result, context.at ?? new Date());
  if (expiring !== undefined) return { status: 'degraded', cause: 'tls-cert-expiring', detail: expiring };
  if (result.cause === 'slow-response') return { status: 'degraded', cause: 'slow-response' };
  return { status: 'up', cause: 'ok' };
}

function lateness(allowedMs: number | undefined, totalMs: number): string | undefined {
  if (allowedMs === undefined || totalMs <= allowedMs) return undefined;
  return `the response took ${formatDuration(Math.round(totalMs))}, more than the ${formatDuration(allowedMs)} allowed (expect.maxResponseTime)`;
}

/** The leaf certificate of the final request; a plain-http monitor has none and passes. */
function certificateExpiring(wantedMs: number | undefined, result: ProbeResult, at: Date): string | undefined {
  const leaf = result.tls?.chain[0];
  if (wantedMs === undefined || !leaf) return undefined;
  const expires = new Date(leaf.validTo);
  if (Number.isNaN(expires.getTime())) return undefined;
  const leftMs = expires.getTime() - at.getTime();
  if (leftMs >= wantedMs) return undefined;
  const days = Math.max(1, Math.round(leftMs / DAY));
  const left = leftMs < DAY ? `less than a day` : `${days} day${days === 1 ? '' : 's'}`;
  return `the certificate expires on ${expires.toISOString().slice(0, 10)} (${left} left); the monitor asks for at least ${formatDuration(wantedMs)} (expect.certValidFor)`;
}
