// The checklist: steps that do not depend on each other run concurrently; the verdict reads
// all of their evidence.
import { performance } from 'node:perf_hooks';
import type { AttemptReport, DiagnoseReport, Timings } from '../model.js';
import type { ProbeResult } from '../probe/types.js';
import { DNS_TITLE, runDns } from './steps/dns.js';
import { RELOAD_TITLE, runReload } from './steps/reload.js';
import { TLS_TITLE, runTls } from './steps/tls.js';
import type { DiagnoseContext, DiagnoseEvent, DiagnoseOptions, StepOutcome } from './types.js';
import { decideVerdict } from './verdict.js';

export async function diagnose(
  url: URL,
  options: DiagnoseOptions,
  onEvent: (event: DiagnoseEvent) => void = () => {},
): Promise<DiagnoseReport> {
  const startedAt = new Date();
  const started = performance.now();
  const context: DiagnoseContext = { url, options, emit: onEvent };
  const step = async <T>(id: string, title: string, run: () => Promise<StepOutcome<T>> | StepOutcome<T>): Promise<StepOutcome<T>> => {
    onEvent({ type: 'step-started', id, title });
    const outcome = await run();
    onEvent({ type: 'step-finished', step: outcome.report });
    return outcome;
  };

  const [reload, dns] = await Promise.all([
    step('reload', RELOAD_TITLE, () => runReload(context)),
    step('dns', DNS_TITLE, () => runDns(context)),
  ]);
  const attempts = reload.evidence.attempts;
  const tls = await step('tls', TLS_TITLE, () => runTls(url, attempts));
  const verdict = decideVerdict({ url, attempts, dns: dns.evidence });

  return {
    url: url.href,
    startedAt: startedAt.toISOString(),
    durationMs: Math.round(performance.now() - started),
    verdict,
    steps: [reload.report, dns.report, tls.report],
    attempts: attempts.map(toAttemptReport),
  };
}

const BODY_SAMPLE_IN_REPORT = 2048;

export function toAttemptReport(result: ProbeResult): AttemptReport {
  const timings = { ...result.timings };
  for (const phase of Object.keys(timings) as (keyof Timings)[]) {
    timings[phase] = Math.round(timings[phase]! * 1000) / 1000;
  }
  return {
    at: result.at,
    url: result.url,
    address: result.address,
    status: result.status,
    httpVersion: result.httpVersion,
    timings,
    error: result.error,
    headers: result.headers,
    bodySample: result.bodySample.slice(0, BODY_SAMPLE_IN_REPORT),
    cause: result.cause,
  };
}
