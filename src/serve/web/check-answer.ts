// What a visitor of `/check` is told: the verdict as `diagnose --json` gives it, without the
// attempts, headers and bodies, and without any non-public address (a resolver of the server's
// own network, say) in its words; plus what the verdict means for the visitor.
import net from 'node:net';
import type { Verdict } from '../../core/model.js';
import { isPublicAddress } from '../../core/probe/destination-policy.js';

export interface CheckAnswer {
  url: string;
  verdict: Verdict;
  checkedAt: string;
  from: string;
  meaning: string;
}

export const DEFAULT_FROM = "whydown's server";

export function checkAnswer(url: URL, verdict: Verdict, checkedAt: Date, from: string | undefined): CheckAnswer {
  return { url: url.href, verdict: publicVerdict(verdict), checkedAt: checkedAt.toISOString(), from: from ?? DEFAULT_FROM, meaning: meaningOf(verdict) };
}

export function meaningOf(verdict: Verdict): string {
  switch (verdict.status) {
    case 'down': return 'down from here too — for everyone';
    case 'degraded': return 'slow or partly broken from here too — likely for everyone';
    case 'up': return 'fine from here — just you: try another network, clear the cache, disable extensions';
    default: return 'could not tell from here — try again in a minute';
  }
}

function publicVerdict(verdict: Verdict): Verdict {
  const copy: Verdict = {
    status: verdict.status, hop: verdict.hop, cause: verdict.cause, generatedBy: verdict.generatedBy,
    transient: verdict.transient, scope: verdict.scope, confidence: verdict.confidence,
    summary: scrub(verdict.summary), fixes: verdict.fixes.map(scrub),
  };
  if (verdict.candidates) copy.candidates = [...verdict.candidates];
  if (verdict.decideWith) copy.decideWith = verdict.decideWith.map(scrub);
  return copy;
}

/** IPv4 with an optional port, and IPv6 (bracketed or not), as they appear in whydown's words. */
const ADDRESS = /\[[0-9a-f:.]+\](?::\d+)?|\b\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?\b|(?:[0-9a-f]{0,4}:){2,7}[0-9a-f.]*[0-9a-f]/gi;

/** Replaces each address that is not public: those say something about the server's own network. */
export function scrub(text: string): string {
  return text.replace(ADDRESS, (found) => {
    const address = found.startsWith('[') ? found.slice(1, found.indexOf(']')) : found.replace(/:\d+$/, (port) => (net.isIPv4(found.replace(port, '')) ? '' : port));
    return net.isIP(address) !== 0 && !isPublicAddress(address) ? 'an internal address' : found;
  });
}
