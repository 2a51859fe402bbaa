// The browser check inside a diagnosis: the page loads in Chromium while the checklist runs, then
// the needed requests that failed are diagnosed in turn (the same checklist, one attempt each)
// and the verdict takes the browser's findings into account.
import type { DiagnoseReport, StepReport, Verdict } from '../../core/model.js';
import type { DiagnoseEvent } from '../types.js';
import { loadPage, type LoadOptions } from './load-page.js';
import { BROWSER_TITLE, browserStepReport } from './step-report.js';
import type { BrowserEvidence, RequestDiagnosis } from './types.js';
import { applyBrowserFindings, browserDecides, requestsToDiagnose } from './verdict.js';

/** A started load: settles with the evidence, or the error (never rejects, so it can wait unobserved). */
export type BrowserRun = Promise<{ evidence: BrowserEvidence } | { error: unknown }>;

export function startBrowserCheck(url: URL, options: LoadOptions, emit: (event: DiagnoseEvent) => void): BrowserRun {
  emit({ type: 'step-started', id: 'browser', title: BROWSER_TITLE });
  return loadPage(url, options).then((evidence) => ({ evidence }), (error: unknown) => ({ error }));
}

export async function finishBrowserCheck(
  url: URL,
  verdict: Verdict,
  run: BrowserRun,
  emit: (event: DiagnoseEvent) => void,
  diagnoseRequest: (url: URL) => Promise<DiagnoseReport>,
): Promise<{ verdict: Verdict; step: StepReport }> {
  const outcome = await run;
  if ('error' in outcome) throw outcome.error;
  const evidence = outcome.evidence;
  if (browserDecides(verdict)) {
    await Promise.all(requestsToDiagnose(evidence).map(async (request) => {
      const diagnosis = await diagnoseOne(request.url, diagnoseRequest);
      if (!diagnosis) return;
      // Every listed failure of that URL carries it.
      for (const r of evidence.failedRequests) if (r.url === request.url) r.diagnosis = diagnosis;
    }));
  }
  const step = browserStepReport(evidence);
  emit({ type: 'step-finished', step });
  return { verdict: applyBrowserFindings(url, verdict, evidence), step };
}

async function diagnoseOne(url: string, diagnoseRequest: (url: URL) => Promise<DiagnoseReport>): Promise<RequestDiagnosis | null> {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return null;
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') return null;
  try {
    const report = await diagnoseRequest(target);
    const v = report.verdict;
    const first = report.attempts[0];
    return { status: v.status, hop: v.hop, cause: v.cause, generatedBy: v.generatedBy, httpStatus: first?.status ?? null, summary: v.summary };
  } catch {
    return null;
  }
}
