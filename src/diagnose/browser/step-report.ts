// The browser step as the report shows it: a result (pass, warn, fail) and one line of detail,
// with the evidence in the contract's shape.
import type { StepReport, StepResult } from '../../core/model.js';
import type { BrowserEvidence, FailedRequest } from './types.js';

export const BROWSER_TITLE = 'Load the page in a browser';

export function browserStepReport(evidence: BrowserEvidence): StepReport {
  return { id: 'browser', title: BROWSER_TITLE, result: resultOf(evidence), detail: detailOf(evidence), evidence: { ...evidence } };
}

export function resultOf(e: BrowserEvidence): StepResult {
  if (e.outcome === 'navigation-failed' || e.outcome === 'load-timeout' || e.outcome === 'killed' || e.outcome === 'too-large') return 'fail';
  if (e.blank === true || e.failedRequests.some((r) => r.needed)) return 'fail';
  if (e.failedRequests.length > 0 || e.exceptions.length > 0 || e.consoleErrors.length > 0 || e.outcome === 'unsettled' || e.dialogs > 0 || e.popups > 0) return 'warn';
  return 'pass';
}

const OUTCOME_TEXT: Record<BrowserEvidence['outcome'], string> = {
  loaded: 'loaded',
  unsettled: 'loaded, but its requests never settled within the time limit',
  'load-timeout': 'did not finish loading within the time limit',
  'navigation-failed': 'could not be opened',
  'too-large': 'passed the 20 MB size cap, loading stopped',
  killed: 'hung or crashed the browser, which was stopped',
};

function detailOf(e: BrowserEvidence): string {
  const parts: string[] = [];
  const head = `${e.version ?? 'Chromium'}: ${e.status !== null ? `${e.status}, ` : ''}${OUTCOME_TEXT[e.outcome]}${e.navigationError ? ` (${e.navigationError})` : ''}`;
  parts.push(head);
  const needed = e.failedRequests.filter((r) => r.needed);
  const others = e.failedRequests.filter((r) => !r.needed);
  if (needed.length > 0) parts.push(`${needed.length} request${needed.length === 1 ? '' : 's'} the page needs failed: ${needed.slice(0, 3).map(describeRequest).join(', ')}${needed.length > 3 ? ', …' : ''}`);
  if (others.length > 0) parts.push(`${others.length} other failed request${others.length === 1 ? '' : 's'} (warning only): ${others.slice(0, 2).map(describeRequest).join(', ')}${others.length > 2 ? ', …' : ''}`);
  if (e.moreFailed > 0) parts.push(`${e.moreFailed} more failed requests not listed`);
  if (e.exceptions.length > 0) parts.push(`${e.exceptions.length} uncaught exception${e.exceptions.length === 1 ? '' : 's'}: ${e.exceptions[0]}`);
  if (e.consoleErrors.length > 0) parts.push(`${e.consoleErrors.length} console error${e.consoleErrors.length === 1 ? '' : 's'}`);
  if (e.dialogs > 0) parts.push(`${e.dialogs} dialog${e.dialogs === 1 ? '' : 's'} dismissed`);
  if (e.popups > 0) parts.push(`${e.popups} popup${e.popups === 1 ? '' : 's'} closed`);
  if (e.blank === true) parts.push('the page is blank once its scripts ran');
  const t = e.timings;
  if (t.fcp !== null || t.lcp !== null) parts.push(`TTFB ${t.ttfb ?? '?'} ms, FCP ${t.fcp ?? '?'} ms, LCP ${t.lcp ?? '?'} ms`);
  if (e.screenshot) parts.push(`screenshot ${e.screenshot}`);
  return parts.join('; ');
}

/** "fetch /api/cart 502" or "script http://cdn.example/x.js net::ERR_CONNECTION_REFUSED". */
export function describeRequest(r: FailedRequest): string {
  return `${r.type} ${r.url} ${r.status ?? r.error ?? 'failed'}`;
}
