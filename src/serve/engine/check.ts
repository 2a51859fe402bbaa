// One scheduled check: the same probe as `whydown diagnose` makes for its first attempt, on a
// fresh connection (what a new visitor meets), judged against what the monitor expects.
import type { MonitorConfig } from '../config/types.js';
import type { ResultInput } from '../store/types.js';
import { probe } from '../../core/probe/probe.js';
import { roundTimings } from '../../core/render/text.js';
import { judge } from './judge.js';
import { tcpProbe } from './tcp-check.js';
import { dnsProbe } from './dns-check.js';

/** Enough of the page for bodyContains and expect.json; without them a small sample keeps each check cheap. */
export const SAMPLE_FOR_TEXT = 256 * 1024;
const SAMPLE_PLAIN = 4 * 1024;

/** What a check needs of a monitor: small, so it crosses to a check thread cheaply (check-pool.ts). */
export type CheckTarget = Pick<MonitorConfig, 'name' | 'type' | 'url' | 'target' | 'method' | 'headers' | 'body' | 'timeoutMs' | 'expect' | 'record' | 'dnsServers'>;

export function checkTarget(monitor: MonitorConfig): CheckTarget {
  const { name, url, method, headers, body, timeoutMs, expect, type, target } = monitor;
  if (type === 'dns') {
    const { record, dnsServers } = monitor;
    return { name, type, url, method, headers, timeoutMs, expect, ...(target === undefined ? {} : { target }), ...(record === undefined ? {} : { record }), ...(dnsServers === undefined ? {} : { dnsServers }) };
  }
  if (type === 'tcp') return { name, type, url, ...(target === undefined ? {} : { target }), method, headers, timeoutMs, expect };
  return body === undefined ? { name, url, method, headers, timeoutMs, expect } : { name, url, method, headers, body, timeoutMs, expect };
}

export async function runCheck(monitor: CheckTarget, at: Date = new Date()): Promise<ResultInput> {
  if (monitor.type === 'tcp') return runTcpCheck(monitor, at);
  if (monitor.type === 'dns') return runDnsCheck(monitor, at);
  const readsBody = monitor.expect.bodyContains !== undefined || monitor.expect.json !== undefined;
  const sampleBytes = readsBody ? SAMPLE_FOR_TEXT : SAMPLE_PLAIN;
  const result = await probe(new URL(monitor.url), {
    timeoutMs: monitor.timeoutMs,
    method: monitor.method,
    headers: monitor.headers,
    ...(monitor.body === undefined ? {} : { body: monitor.body }),
    bodySampleBytes: sampleBytes,
  });
  const { status, cause, detail } = judge(monitor, result, { at, sampleBytes });
  return {
    monitor: monitor.name,
    at,
    status,
    cause,
    timings: roundTimings(result.timings),
    httpStatus: result.status,
    errorCode: result.error?.code ?? null,
    durationMs: Math.round(result.timings.total),
    ...(detail === undefined ? {} : { detail }),
  };
}

/** Up when it connects (and the banner, if expected, is there); down with the cause otherwise. */
async function runTcpCheck(monitor: CheckTarget, at: Date): Promise<ResultInput> {
  const outcome = await tcpProbe(monitor.target ?? '', monitor.timeoutMs, monitor.expect.banner);
  return {
    monitor: monitor.name,
    at,
    status: outcome.cause === 'ok' ? 'up' : 'down',
    cause: outcome.cause,
    timings: roundTimings(outcome.timings),
    httpStatus: null,
    errorCode: outcome.error?.code ?? null,
    durationMs: Math.round(outcome.timings.total),
    ...(outcome.detail === undefined ? {} : { detail: outcome.detail }),
  };
}

/** Up when every resolver gives the expected (or any) record; see dns-check.ts for the rest. */
async function runDnsCheck(monitor: CheckTarget, at: Date): Promise<ResultInput> {
  const outcome = await dnsProbe(monitor);
  return {
    monitor: monitor.name,
    at,
    status: outcome.status,
    cause: outcome.cause,
    timings: roundTimings(outcome.timings),
    httpStatus: null,
    errorCode: outcome.error?.code ?? null,
    durationMs: Math.round(outcome.timings.total),
    ...(outcome.detail === undefined ? {} : { detail: outcome.detail }),
  };
}
