// The rules that turn the steps' evidence into one verdict: hop, cause, status, confidence,
// a sentence for the site owner, and what to do.
import { CAUSE_INFO } from '../knowledge/causes.js';
import type { Cause, Confidence, Scope, Status, Verdict } from '../model.js';
import type { ProbeResult } from '../probe/types.js';
import { isSuccess } from './steps/reload.js';
import type { DnsEvidence } from './steps/dns.js';

export interface VerdictEvidence {
  url: URL;
  attempts: ProbeResult[];
  dns: DnsEvidence;
}

/** Causes read straight off the wire or a status line; no inference involved. */
const DIRECT: ReadonlySet<Cause> = new Set<Cause>([
  'ok', 'slow-response', 'dns-nxdomain', 'dns-servfail', 'dns-no-address', 'connect-refused', 'connect-reset',
  'network-unreachable', 'tls-handshake-failed', 'tls-cert-expired', 'tls-cert-not-yet-valid',
  'tls-cert-hostname-mismatch', 'tls-cert-untrusted', 'empty-response', 'malformed-response', 'app-error',
  'blank-page', 'redirect-loop', 'not-found',
]);

/** Causes that are a property of the server, so every visitor meets them. */
const EVERYONE: ReadonlySet<Cause> = new Set<Cause>([
  'dns-nxdomain', 'dns-no-address', 'connect-refused', 'tls-cert-expired', 'tls-cert-not-yet-valid',
  'tls-cert-hostname-mismatch', 'tls-cert-untrusted', 'tls-handshake-failed', 'empty-response',
  'malformed-response', 'app-error', 'blank-page', 'redirect-loop', 'upstream-refused', 'upstream-closed',
  'upstream-timeout', 'upstream-invalid-response', 'upstream-header-too-big', 'no-healthy-upstream',
  'upstream-tls-failed', 'upstream-killed', 'maintenance', 'overloaded',
]);

export function decideVerdict(evidence: VerdictEvidence): Verdict {
  const { attempts, dns } = evidence;
  const failures = attempts.filter((a) => !isSuccess(a));
  const successes = attempts.filter(isSuccess);
  const transient = failures.length > 0 && successes.length > 0;
  const primary = mostCommon(failures.length > 0 ? failures : attempts);
  let cause = primary.cause;
  let status = statusFor(primary, failures.length, successes.length);
  let scope: Scope = status === 'up' ? 'this-vantage' : EVERYONE.has(cause) ? 'everyone' : 'unknown';
  let confidence: Confidence = cause === 'unknown' ? 'low' : DIRECT.has(cause) ? 'high' : 'medium';
  if (transient && confidence === 'high') confidence = 'medium';

  // Resolvers that disagree, where some answers lead nowhere: the DNS is the story, whatever
  // this vantage's own resolver happened to give.
  if (!dns.skipped && dns.disagree && dns.broken.length > 0 && dns.working.length > 0) {
    cause = 'dns-disagreement';
    status = 'degraded';
    scope = 'some-vantages';
    confidence = 'high';
  } else if (!dns.skipped && cause === 'dns-servfail' && dns.broken.length === dns.answers.length) {
    scope = 'everyone';
  }

  const info = CAUSE_INFO[cause];
  return {
    status,
    hop: info.hop,
    cause,
    generatedBy: null,
    transient,
    scope,
    confidence,
    summary: summarize(evidence.url, status, cause, primary, { transient, failures: failures.length, total: attempts.length, dns }),
    fixes: [...info.fixes],
  };
}

function statusFor(primary: ProbeResult, failures: number, successes: number): Status {
  if (failures === 0) return primary.cause === 'slow-response' ? 'degraded' : 'up';
  if (successes > 0) return 'degraded';
  // A 4xx: the server works, this page does not.
  if (primary.status !== null && primary.status < 500 && (primary.cause === 'unknown' || primary.cause === 'not-found')) return 'degraded';
  return 'down';
}

function mostCommon(results: ProbeResult[]): ProbeResult {
  const counts = new Map<Cause, number>();
  for (const r of results) counts.set(r.cause, (counts.get(r.cause) ?? 0) + 1);
  let best = results[0]!;
  for (const r of results) if (counts.get(r.cause)! > counts.get(best.cause)!) best = r;
  return best;
}

function summarize(
  url: URL,
  status: Status,
  cause: Cause,
  primary: ProbeResult,
  context: { transient: boolean; failures: number; total: number; dns: DnsEvidence },
): string {
  const info = CAUSE_INFO[cause];
  const host = url.host;
  if (cause === 'dns-disagreement') {
    return `${host} is ${status}: DNS resolvers disagree — ${context.dns.working.join(', ')} lead${context.dns.working.length === 1 ? 's' : ''} to a working server, ${context.dns.broken.join(', ')} lead${context.dns.broken.length === 1 ? 's' : ''} nowhere, so some visitors cannot reach the site.`;
  }
  const observed = primary.status !== null
    ? `${primary.status}${primary.statusText ? ` ${primary.statusText}` : ''}${primary.address ? ` from ${primary.address}` : ''}`
    : primary.error?.message ?? '';
  const timing = cause === 'ok' || cause === 'slow-response'
    ? ` (first byte after ${Math.round(primary.timings.firstByte ?? primary.timings.total)} ms)`
    : '';
  const often = context.transient ? ` in ${context.failures} of ${context.total} attempts; the others succeeded` : '';
  return `${host} is ${status}: ${lowerFirst(info.title)}${observed ? ` — ${observed}` : ''}${timing}${often}.`;
}

function lowerFirst(text: string): string {
  return /^[A-Z][a-z]/.test(text) ? text[0]!.toLowerCase() + text.slice(1) : text;
}
