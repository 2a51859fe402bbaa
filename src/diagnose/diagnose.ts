// Runs the checklist and hands all of its evidence to the verdict.
import { performance } from 'node:perf_hooks';
import type { AttemptReport, DiagnoseReport } from '../core/model.js';
import type { ProbeResult } from '../core/probe/types.js';
import { CHECKLIST, START_ORDER, STEP_ORDER } from './registry.js';
import { startSteps } from './run-steps.js';
import type { DiagnoseEvent, DiagnoseOptions, EvidenceMap, StepId } from './types.js';
import { decideVerdict } from './verdict.js';
import { roundTimings } from '../core/render/text.js';
import { finishBrowserCheck, startBrowserCheck } from './browser/run-browser.js';

export async function diagnose(
  url: URL,
  options: DiagnoseOptions,
  onEvent: (event: DiagnoseEvent) => void = () => {},
): Promise<DiagnoseReport> {
  const startedAt = new Date();
  const started = performance.now();
  const extraAttempts: { step: StepId; result: ProbeResult }[] = [];
  // The browser loads the page while the checklist runs (browser/run-browser.ts).
  const browserRun = options.browser
    ? startBrowserCheck(url, { ...options.browser, timeoutMs: options.probe.timeoutMs, headers: options.probe.headers ?? {} }, onEvent)
    : null;
  const running = startSteps(CHECKLIST, START_ORDER, {
    url,
    options,
    emit: onEvent,
    runId: newRunId(),
    recordAttempt: (step, result) => extraAttempts.push({ step, result }),
  });
  const outcomes = await Promise.all(STEP_ORDER.map((id) => running.get(id)!));
  const evidence = Object.fromEntries(STEP_ORDER.map((id, i) => [id, outcomes[i]!.evidence])) as unknown as EvidenceMap;
  let verdict = decideVerdict(url, evidence);
  const steps = outcomes.map((o) => o.report);
  if (browserRun) {
    // A failed request the page needs is diagnosed in turn: the same checklist, one attempt, no browser.
    const again = (target: URL) => diagnose(target, { ...options, browser: undefined, retries: 1 });
    const browser = await finishBrowserCheck(url, verdict, browserRun, onEvent, again);
    verdict = browser.verdict;
    steps.push(browser.step);
  }

  return {
    url: url.href,
    startedAt: startedAt.toISOString(),
    durationMs: Math.round(performance.now() - started),
    verdict,
    steps,
    attempts: [
      ...evidence.reload.attempts.map((r) => toAttemptReport(r, 'reload')),
      ...extraAttempts.map(({ step, result }) => toAttemptReport(result, step)),
    ],
  };
}

/**
 * Marks this run's requests in the server's logs: unique enough among a site's recent requests,
 * not a secret (so Math.random, not node:crypto, which would cost a few ms to load).
 */
function newRunId(): string {
  let id = 'wd';
  while (id.length < 12) id += Math.floor(Math.random() * 16).toString(16);
  return id;
}

const BODY_SAMPLE_IN_REPORT = 2048;

export function toAttemptReport(result: ProbeResult, step: StepId = 'reload'): AttemptReport {
  const timings = roundTimings(result.timings);
  return {
    at: result.at,
    step,
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
