// "Reload the page": several attempts, each on a fresh connection. After a failure the next
// attempt waits a growing back-off; a slow attempt does not hold the next one back longer than
// the hedge, so a time-out costs the time limit once, not once per attempt.
import { performance } from 'node:perf_hooks';
import { CAUSE_INFO } from '../../core/knowledge/causes.js';
import { probe } from '../../core/probe/probe.js';
import type { ProbeResult } from '../../core/probe/types.js';
import type { ChecklistStep, DiagnoseContext, StepOutcome } from '../types.js';
import { roundMs } from '../../core/render/text.js';

export const RELOAD_TITLE = 'Reload the page (several attempts)';
const BACKOFF_MS = [250, 500, 1000, 2000];
const HEDGE_MS = 250;

export interface ReloadEvidence {
  attempts: ProbeResult[];
}

export const reloadStep: ChecklistStep<'reload'> = { id: 'reload', title: RELOAD_TITLE, needs: [], run: runReload };

async function runReload(context: DiagnoseContext): Promise<StepOutcome<ReloadEvidence>> {
  const count = Math.max(1, context.options.retries);
  const attempts: Promise<ProbeResult>[] = [];
  for (let index = 0; index < count; index++) {
    const options = { ...context.options.probe, queryMarker: markerFor(context, `r${index + 1}`) };
    const attempt = probe(context.url, options).then((result) => {
      context.emit({ type: 'attempt', index, result });
      return result;
    });
    attempts.push(attempt);
    if (index === count - 1) break;
    const started = performance.now();
    const hedge = cancellableSleep(HEDGE_MS);
    const finished = await Promise.race([attempt, hedge.promise.then(() => null)]);
    hedge.cancel(); // a pending timer would keep the process alive after the verdict
    if (finished && finished.cause !== 'ok') {
      const waited = performance.now() - started;
      await sleep(Math.max(0, (BACKOFF_MS[index] ?? 2000) - waited));
    }
  }
  const results = await Promise.all(attempts);
  return { report: reloadReport(results), evidence: { attempts: results } };
}

/** With --log, each request carries a marker the server's error log will show. */
export function markerFor(context: DiagnoseContext, label: string): string | undefined {
  return context.options.logs && context.options.logs.length > 0 ? `${context.runId}-${label}` : undefined;
}

function reloadReport(results: ProbeResult[]): StepOutcome<ReloadEvidence>['report'] {
  const failed = results.filter((r) => !isSuccess(r));
  const tally = new Map<string, number>();
  for (const r of results) {
    const label = r.status === null ? r.cause : r.cause === 'unknown' ? `${r.status}` : `${r.status} (${r.cause})`;
    tally.set(label, (tally.get(label) ?? 0) + 1);
  }
  const breakdown = [...tally].map(([label, n]) => `${n}× ${label}`).join(', ');
  let result: StepOutcome<ReloadEvidence>['report']['result'] = 'pass';
  let detail = `${results.length} of ${results.length} attempts succeeded: ${breakdown}`;
  if (failed.length === results.length) {
    result = 'fail';
    detail = `all ${results.length} attempts failed: ${breakdown}`;
  } else if (failed.length > 0) {
    result = 'warn';
    detail = `${results.length - failed.length} of ${results.length} attempts succeeded, ${failed.length} failed (intermittent): ${breakdown}`;
  } else if (results.some((r) => r.cause === 'slow-response')) {
    result = 'warn';
    detail = `all attempts answered, some slowly: ${breakdown}`;
  }
  return {
    id: 'reload',
    title: RELOAD_TITLE,
    result,
    detail,
    evidence: {
      attempts: results.map((r) => ({ status: r.status, cause: r.cause, error: r.error?.code ?? null, totalMs: roundMs(r.timings.total, 1) })),
      causes: Object.fromEntries(tally),
    },
  };
}

/** Up for a visitor: a page arrived, even if slowly. */
/**
 * The attempt a verdict is about: the most common kind of failure (by cause), or the first attempt
 * when none failed. The fingerprint step reads this one's page, so step and verdict speak of one response.
 */
export function primaryAttempt(attempts: ProbeResult[]): ProbeResult {
  const failures = attempts.filter((a) => !isSuccess(a));
  const results = failures.length > 0 ? failures : attempts;
  const counts = new Map<string, number>();
  for (const r of results) counts.set(r.cause, (counts.get(r.cause) ?? 0) + 1);
  let best = results[0]!;
  for (const r of results) if (counts.get(r.cause)! > counts.get(best.cause)!) best = r;
  return best;
}

export function isSuccess(result: ProbeResult): boolean {
  return CAUSE_INFO[result.cause].hop === 'none' || result.cause === 'slow-response';
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function cancellableSleep(ms: number): { promise: Promise<void>; cancel(): void } {
  let timer: NodeJS.Timeout | undefined;
  const promise = new Promise<void>((resolve) => { timer = setTimeout(resolve, ms); });
  return { promise, cancel: () => clearTimeout(timer) };
}
