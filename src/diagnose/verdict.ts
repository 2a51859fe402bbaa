// The rules that turn the checklist's evidence into one verdict: status, hop, cause, who wrote
// the error, confidence, a sentence for the site owner, and what to do.
import { CAUSE_INFO } from '../core/knowledge/causes.js';
import { describeFailure } from '../core/knowledge/probe-errors.js';
import type { Cause, Hop, Scope, ScopeBasis, Status, Verdict } from '../core/model.js';
import type { ProbeResult } from '../core/probe/types.js';
import { isSuccess, primaryAttempt } from './steps/reload.js';
import type { EvidenceMap } from './types.js';
import { readHttpFailure, readRelayedFailure, type Reading } from './http-reading.js';
import { lowerFirst } from '../core/render/text.js';
import { addressSplitFixes, readAddressSplit } from './address-reading.js';
import { readDnsChange } from './dns-change-reading.js';
import { withTlsFinding } from './tls-reading.js';

/**
 * Causes read from the server's own answer — a page written by its gateway or origin, or an
 * answer cut short after the connection was taken: every visitor who gets that far meets them, so
 * from one vantage the scope is `everyone`, inferred. A failure of DNS, the network or TLS seen
 * from one vantage is never `everyone`: it may be this vantage's resolver, route or middlebox
 * (the contract's "Vantage points"); only several vantages can say (src/serve/vantage/).
 */
const SERVER_SIDE: ReadonlySet<Cause> = new Set<Cause>([
  'empty-response', 'malformed-response', 'app-error', 'blank-page', 'redirect-loop', 'not-found', 'upstream-refused',
  'upstream-closed', 'upstream-timeout', 'upstream-invalid-response', 'upstream-header-too-big', 'no-healthy-upstream',
  'upstream-tls-failed', 'upstream-killed', 'maintenance', 'overloaded', 'cached-error',
]);

/** Causes read straight off the wire or a status line; no inference involved. */
const DIRECT: ReadonlySet<Cause> = new Set<Cause>([
  'ok', 'slow-response', 'dns-nxdomain', 'dns-servfail', 'dns-no-address', 'connect-refused', 'connect-reset',
  'network-unreachable', 'tls-handshake-failed', 'tls-cert-expired', 'tls-cert-not-yet-valid',
  'tls-cert-hostname-mismatch', 'tls-cert-untrusted', 'empty-response', 'malformed-response', 'app-error',
  'blank-page', 'redirect-loop', 'not-found',
]);

export function decideVerdict(url: URL, evidence: EvidenceMap): Verdict {
  const { attempts } = evidence.reload;
  const failures = attempts.filter((a) => !isSuccess(a));
  const successes = attempts.filter(isSuccess);
  const transient = failures.length > 0 && successes.length > 0;
  const primary = primaryAttempt(attempts);

  let reading: Reading = {
    cause: primary.cause,
    confidence: primary.cause === 'unknown' ? 'low' : DIRECT.has(primary.cause) ? 'high' : 'medium',
    because: [],
  };
  // The server's own log line outranks anything seen from outside; otherwise an HTTP error
  // response is read for what it says about the hops behind it.
  if (failures.length > 0 && (primary.status !== null || evidence.logs.ours.length > 0)) {
    reading = readHttpFailure(primary, evidence, reading.confidence) ?? reading;
  } else if (failures.length > 0) {
    reading = readRelayedFailure(primary, evidence) ?? reading;
  }
  reading = withTlsFinding(reading, primary);
  let status = statusFor(primary, reading.cause, failures.length, successes.length);
  let scope: Scope = status === 'up' ? 'this-vantage' : SERVER_SIDE.has(reading.cause) ? 'everyone' : 'unknown';
  let scopeBasis: ScopeBasis | undefined = scope === 'everyone' ? 'inferred' : undefined;
  if (transient && reading.confidence === 'high' && !reading.fromLog) reading.confidence = 'medium';

  // Resolvers that disagree, where some answers lead nowhere: the DNS is the story, whatever
  // this vantage's own resolver happened to give.
  const dns = evidence.dns;
  if (!dns.skipped && dns.disagree && dns.broken.length > 0 && dns.working.length > 0) {
    reading = { cause: 'dns-disagreement', confidence: 'high', because: [] };
    status = 'degraded';
    // Observed: several resolvers answered, and they differ.
    scope = 'some-vantages';
    scopeBasis = 'observed';
  }
  if (evidence['client-profile'].blockedProfile && reading.cause === 'waf-blocked') {
    scope = 'some-vantages';
    scopeBasis = 'observed';
  }
  // A DNS change still spreading, told by the zone's own name servers (dns-change-reading.ts).
  const change = readDnsChange(evidence.authority, url.host, status !== 'up');
  if (change) {
    reading = { cause: 'dns-disagreement', confidence: 'high', because: [], extraFixes: change.fixes };
    status = 'degraded';
    scope = 'some-vantages';
    scopeBasis = 'observed';
  }
  // Some of the name's addresses fail while another works: which visitors fail depends on the
  // address their client picks (address-reading.ts). DNS disagreement, told above, comes first.
  const split = reading.cause === 'dns-disagreement' ? null : readAddressSplit(evidence.addresses, primary, reading.cause);
  if (split) {
    reading = { cause: split.cause, confidence: 'high', because: [], extraFixes: addressSplitFixes(split) };
    status = 'degraded';
    scope = 'some-vantages';
    scopeBasis = 'observed';
  }

  const hop = hopFor(reading.cause, evidence);
  // Who wrote the failing page is the fingerprint step's to say (its detail and this agree).
  const generatedBy = evidence.fingerprint.generatedBy;
  const info = CAUSE_INFO[reading.cause];
  const fixes = [...(reading.extraFixes ?? []), ...info.fixes];
  if (reading.decideWith) fixes.push(...reading.decideWith.map((d) => `To tell the likely causes apart: ${d}`));
  return {
    status,
    hop,
    cause: reading.cause,
    generatedBy,
    transient,
    scope,
    ...(scopeBasis === undefined ? {} : { scopeBasis }),
    confidence: reading.confidence,
    summary: change
      ? change.summary
      : split
      ? `${url.host} is ${status}: ${lowerFirst(info.title)} at some of its addresses — ${split.who}.`
      : summarize(url, status, reading, primary, generatedBy, { transient, failures: failures.length, total: attempts.length, evidence }),
    fixes,
    ...(reading.candidates && reading.candidates.length > 1 ? { candidates: reading.candidates } : {}),
    ...(reading.decideWith ? { decideWith: reading.decideWith } : {}),
  };
}

function statusFor(primary: ProbeResult, cause: Cause, failures: number, successes: number): Status {
  if (failures === 0) return primary.cause === 'slow-response' ? 'degraded' : 'up';
  if (successes > 0) return 'degraded';
  // A 4xx the server meant: the server works, this page (or this client) does not get through.
  if (primary.status !== null && primary.status < 500 && (cause === 'unknown' || cause === 'not-found')) return 'degraded';
  return 'down';
}

/** The hop comes with the cause, unless the origin's own answer places it. */
function hopFor(cause: Cause, evidence: EvidenceMap): Hop {
  const usual = CAUSE_INFO[cause].hop;
  const implies = evidence.cdn.originReading?.implies;
  // The origin answers fine: whatever the page says of "the upstream", the gateway's path to it fails.
  if (implies === 'gateway-path' && (usual === 'origin' || usual === 'unknown')) {
    return evidence.cdn.edge ? 'cdn' : 'gateway';
  }
  // The origin fails on its own (refuses, closes, garbles, is slow, or errs): the gateway only relays it.
  const originFails = implies !== undefined && implies !== 'gateway-path' && implies !== 'public-fine' && implies !== 'origin-unreachable';
  if (originFails && (usual === 'gateway' || usual === 'unknown' || usual === 'cdn')) return 'origin';
  return usual;
}

function summarize(
  url: URL,
  status: Status,
  reading: Reading,
  primary: ProbeResult,
  generatedBy: string | null,
  context: { transient: boolean; failures: number; total: number; evidence: EvidenceMap },
): string {
  const host = url.host;
  const { dns } = context.evidence;
  if (reading.cause === 'dns-disagreement') {
    return `${host} is ${status}: DNS resolvers disagree — ${dns.working.join(', ')} lead${dns.working.length === 1 ? 's' : ''} to a working server, ${dns.broken.join(', ')} lead${dns.broken.length === 1 ? 's' : ''} nowhere, so some visitors cannot reach the site.`;
  }
  const info = CAUSE_INFO[reading.cause];
  const because = reading.because.length > 0 ? ` ${reading.because.join('. ')}.` : '';
  const often = context.transient ? ` (in ${context.failures} of ${context.total} attempts; the others succeeded)` : '';
  if (primary.status === null || status === 'up' || reading.cause === 'slow-response') {
    const observed = primary.status !== null ? `${primary.status}${primary.statusText ? ` ${primary.statusText}` : ''}${primary.address ? ` from ${primary.address}` : ''}` : describeFailure(primary);
    const timing = reading.cause === 'ok' || reading.cause === 'slow-response'
      ? ` (first byte after ${Math.round(primary.timings.firstByte ?? primary.timings.total)} ms)`
      : '';
    return `${host} is ${status}: ${lowerFirst(info.title)}${observed ? ` — ${observed}` : ''}${timing}${often}.${because}`;
  }
  const who = `${primary.status}${generatedBy ? ` written by ${generatedBy}` : ''}`;
  const likely = (reading.candidates && reading.candidates.length > 1 ? reading.candidates : [reading.cause])
    .map((c) => lowerFirst(CAUSE_INFO[c].title)).join(', or ');
  if (reading.lead) return `${host} is ${status}: ${who}${often} — ${reading.lead}; most likely ${likely}.${because}`;
  if (reading.candidates && reading.candidates.length > 1) {
    return `${host} is ${status}: ${who}${often} — the page does not say why; most likely ${likely}.${because}`;
  }
  return `${host} is ${status}: ${who}${often} — ${lowerFirst(info.title)}.${because}`;
}
