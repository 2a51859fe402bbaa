// What the browser adds to the verdict. The checklist speaks first: when it already finds the
// page failing, the browser only adds evidence. When the page answers fine, the browser's
// findings decide: nothing shows (blank-page, down), a request the page needs fails (degraded,
// with that request's own diagnosis: hop, cause, who wrote the error), or the page never loads
// (page-timeout, page-too-large). Third-party failures stay warnings. Deterministic: the
// request named is the first of failedRequests, which load-page.ts sorts by importance and URL.
import { CAUSE_INFO } from '../../core/knowledge/causes.js';
import type { Verdict } from '../../core/model.js';
import { lowerFirst } from '../../core/render/text.js';
import type { BrowserEvidence, FailedRequest } from './types.js';

/** How many of the needed failures are diagnosed in turn (each is one more checklist run). */
export const MAX_DIAGNOSED = 3;

/** The browser decides only when the checklist saw the page answer fine. */
export function browserDecides(verdict: Verdict): boolean {
  return verdict.status === 'up' || verdict.cause === 'slow-response';
}

/** The needed failures worth diagnosing in turn: distinct URLs, most important first. */
export function requestsToDiagnose(e: BrowserEvidence): FailedRequest[] {
  const seen = new Set<string>();
  return e.failedRequests.filter((r) => r.needed && !seen.has(r.url) && seen.add(r.url)).slice(0, MAX_DIAGNOSED);
}

export function applyBrowserFindings(url: URL, verdict: Verdict, e: BrowserEvidence): Verdict {
  if (!browserDecides(verdict)) return verdict;
  const host = url.host;
  const first = e.failedRequests.find((r) => r.needed);
  const answered = e.status !== null ? `answers ${e.status}` : 'answers';
  if (e.blank === true && e.outcome !== 'navigation-failed') {
    const why = e.exceptions[0] ? ` — its script threw "${e.exceptions[0]}"` : first ? ` — ${requestPhrase(url, first)}` : '';
    const info = CAUSE_INFO['blank-page'];
    return {
      ...verdict,
      status: 'down', hop: first?.diagnosis && first.diagnosis.status !== 'up' ? first.diagnosis.hop : info.hop, cause: 'blank-page',
      generatedBy: first?.diagnosis?.generatedBy ?? verdict.generatedBy,
      scope: 'everyone', confidence: 'high', transient: false,
      summary: `${host} is down: the page ${answered} but shows nothing once its scripts ran${why}.`,
      fixes: [...BLANK_FIXES, ...(first?.diagnosis ? CAUSE_INFO[first.diagnosis.cause].fixes.slice(0, 2) : []), ...info.fixes],
    };
  }
  if (first) {
    const d = first.diagnosis;
    const cause = d && d.status !== 'up' ? d.cause : 'unexpected-response';
    const again = d && d.status === 'up' ? ' (asked again, it answered: the failure comes and goes)' : '';
    return {
      ...verdict,
      status: 'degraded', hop: d && d.status !== 'up' ? d.hop : 'unknown', cause,
      generatedBy: d?.generatedBy ?? null,
      scope: d && d.status !== 'up' ? d.hop === 'none' ? 'unknown' : 'everyone' : 'unknown',
      confidence: d && d.status !== 'up' ? 'high' : 'medium',
      transient: d?.status === 'up',
      summary: `${host} is degraded: the page loads but ${requestPhrase(url, first)}${again}.`,
      fixes: [...CAUSE_INFO[cause].fixes, ...NEEDED_FIXES],
      candidates: undefined, decideWith: undefined,
    };
  }
  if (e.outcome === 'load-timeout' || e.outcome === 'killed' || e.outcome === 'too-large') {
    const cause = e.outcome === 'too-large' ? 'page-too-large' : 'page-timeout';
    const info = CAUSE_INFO[cause];
    return {
      ...verdict,
      status: 'degraded', hop: info.hop, cause, generatedBy: verdict.generatedBy, scope: 'everyone', confidence: 'medium', transient: false,
      summary: `${host} is degraded: the page ${answered} but ${lowerFirst(info.title)}${e.exceptions[0] ? ` (its script threw "${e.exceptions[0]}")` : ''}.`,
      fixes: [...info.fixes],
    };
  }
  return verdict;
}

/**
 * "its call to /api/cart gets a 502 from nginx: the upstream refused the connection";
 * "its script https://cdn.example/app.js fails (net::ERR_CONNECTION_REFUSED): …".
 */
export function requestPhrase(page: URL, r: FailedRequest): string {
  const noun = r.type === 'xhr' || r.type === 'fetch' ? 'call to' : `${r.type}`;
  const target = shortUrl(page, r.url);
  const d = r.diagnosis;
  const got = r.status !== null
    ? `gets a ${r.status}${d?.generatedBy ? ` from ${d.generatedBy}` : ''}`
    : `fails (${r.error ?? 'no response'})`;
  const why = d && d.status !== 'up' && d.cause !== 'unknown' ? `: ${lowerFirst(CAUSE_INFO[d.cause].title)}` : '';
  return `its ${noun} ${target} ${got}${why}`;
}

/** The path alone when the request goes to the page's own origin. */
function shortUrl(page: URL, url: string): string {
  try {
    const u = new URL(url);
    return u.origin === page.origin ? `${u.pathname}${u.search}` : u.href;
  } catch {
    return url;
  }
}

const BLANK_FIXES = [
  'Open the page with the browser\'s developer tools (Console tab): the first uncaught error or failed script is usually what stops the page from rendering',
];
const NEEDED_FIXES = [
  'The page itself answers: fix the failing request it depends on (its URL and diagnosis are in the browser step)',
];
