// Why an HTTP error response happened, weighing the steps' evidence strongest first: the
// server's own log line, then a comparison that isolates a cache or a client rule, then a WAF
// page, then an application's own 5xx relayed (app-error-reading.ts), then the gateway's page and
// a time limit, then the status line alone.
import type { Cause, Confidence } from '../core/model.js';
import type { ProbeResult } from '../core/probe/types.js';
import { readAppsOwnError } from './app-error-reading.js';
import { matchGatewayRule } from './gateway-rules.js';
import {
  GATEWAY_HEADER_BUFFER, RULED_OUT_BY_HEALTHY_ORIGIN, gatewayPathFixes, headBytes, type OriginReading,
} from './origin-reading.js';
import type { EvidenceMap } from './types.js';

export interface Reading {
  cause: Cause;
  confidence: Confidence;
  /** Phrases that say why, shown in the summary. */
  because: string[];
  candidates?: Cause[];
  decideWith?: string[];
  fromLog?: boolean;
  /** Replaces the cause's title in the summary when the evidence says more than the title. */
  lead?: string;
  /** Fixes that come before the cause's own (the gateway's path when the origin answers). */
  extraFixes?: string[];
}

/** `baseline` is how sure the status line alone makes us (a 500 is an application error, full stop). */
export function readHttpFailure(primary: ProbeResult, evidence: EvidenceMap, baseline: Confidence): Reading | null {
  const logs = evidence.logs;
  const timing = evidence.timing;
  const fingerprint = evidence.fingerprint.primary;
  // Quote the line that gave the cause.
  const first = logs.ours.find((e) => e.cause === logs.cause) ?? logs.ours[0];

  if (logs.cause && first && logs.ours.length > 0) {
    let cause = logs.cause;
    // A gateway timing out while php-fpm says its pool is full: the requests queued behind busy
    // workers — the pool is the cause, the timeout its symptom.
    const poolFull = logs.nearby.find((e) => e.cause === 'overloaded');
    if (cause === 'upstream-timeout' && poolFull) cause = 'overloaded';
    // A connection closed at the same time, attempt after attempt, was killed by a limit.
    if ((cause === 'upstream-closed') && timing.limitMs !== null && timing.ending === 'killed') cause = 'upstream-killed';
    const origin = evidence.cdn.originReading;
    const originSays = origin && origin.implies !== 'public-fine' ? [capitalize(origin.said)] : [];
    return {
      cause, confidence: 'high', fromLog: true,
      because: [
        `${first.server}'s error log says: "${first.message}"${first.upstream ? ` (upstream ${first.upstream})` : ''}`,
        ...(cause === 'overloaded' && poolFull ? [`Meanwhile ${poolFull.server} logged: "${poolFull.message}"`] : []),
        ...originSays,
      ],
      ...(origin?.implies === 'gateway-path' && evidence.cdn.origin ? { extraFixes: gatewayPathFixes(evidence.cdn.origin.url) } : {}),
    };
  }
  if (evidence.cache.cachedError) {
    return { cause: 'cached-error', confidence: 'high', because: [`A cache-bypassing request gets ${evidence.cache.bypass.status ?? evidence.cache.bypass.cause}${evidence.cache.servedFromCache.length > 0 ? `; the error carries ${evidence.cache.servedFromCache.join(', ')}` : ''}`] };
  }
  const blocked = evidence['client-profile'].blockedProfile;
  if (blocked) {
    return { cause: 'waf-blocked', confidence: 'high', because: [`A ${blocked === 'plain' ? 'browser-like' : 'plain'} client gets through while a ${blocked === 'plain' ? 'plain' : 'browser-like'} one is refused`] };
  }
  if (fingerprint?.waf) {
    const cause: Cause = fingerprint.waf.kind === 'challenge' ? 'waf-challenge' : fingerprint.waf.kind === 'rate-limit' ? 'rate-limited' : 'waf-blocked';
    return { cause, confidence: 'high', because: [`It is a ${fingerprint.waf.vendor} ${fingerprint.waf.kind} page (${fingerprint.waf.evidence.join(', ')})`] };
  }

  if (primary.status === null) return null;
  const appsOwn = readAppsOwnError(primary, evidence);
  if (appsOwn) return appsOwn;
  const rule = primary.status >= 500 || primary.status === 429
    ? matchGatewayRule({
      status: primary.status, generatedBy: fingerprint?.generatedBy ?? null, vendorCode: fingerprint?.vendorCode ?? null,
      headers: primary.headers, body: primary.bodySample, elapsedMs: primary.timings.total, statusText: primary.statusText,
    })
    : null;
  let candidates: Cause[] = rule ? [...rule.causes] : [primary.cause];
  let confidence: Confidence = rule ? rule.confidence : baseline;
  const because: string[] = [];
  if (fingerprint?.detail) because.push(`The page says "${fingerprint.detail}"`);

  // The origin asked directly shows which of the page's causes it is (or that it is none of the
  // origin's doing): stronger than a time limit or the page, weaker than the gateway's own log.
  const origin = evidence.cdn.originReading;
  // Only a gateway's upstream errors (502–504, Cloudflare's 52x/530) are about its upstream: a 4xx
  // or a 500 is an answer of its own or relayed, which the origin's answer does not explain. Such an
  // error while the origin answers fine: the gateway does not reach it.
  const gatewayError = (primary.status >= 502 && primary.status <= 504) || (primary.status >= 520 && primary.status <= 530);
  const unreached = gatewayError && origin?.implies === 'gateway-path';
  const fromOrigin = origin && gatewayError ? readOriginAnswer(origin, candidates, evidence) : null;
  if (fromOrigin) {
    if (fromOrigin.candidates.length > 0) candidates = fromOrigin.candidates;
    if (fromOrigin.confidence) confidence = fromOrigin.confidence;
  }
  // (an origin that answers fine while the gateway errs leads the summary instead, see `lead` below)
  if (origin && origin.implies !== 'public-fine' && !unreached) because.push(capitalize(origin.said));
  const originDecided = fromOrigin?.confidence !== undefined;
  // A time limit decides between a timeout and a kill.
  if (timing.limitMs !== null && !originDecided) {
    const seconds = (timing.limitMs / 1000).toFixed(1);
    const known = timing.known[0] ? ` (${timing.known[0].who})` : '';
    const limitCause: Cause = rule?.atLimit ?? (timing.ending === 'timeout-status' ? 'upstream-timeout' : 'upstream-killed');
    if (limitCause === 'upstream-timeout' || candidates.some((c) => c === 'upstream-closed' || c === 'upstream-timeout' || c === 'unknown' || c === 'app-error')) {
      confidence = timing.known.length > 0 || timing.failureMs.length >= 2 ? 'medium' : 'low';
      because.push(`Every failure ended after ${seconds} s${known}, a time limit`);
      candidates = [limitCause];
    }
  }
  // Log lines from the same moment without our marker still narrow it down.
  if (candidates.length > 1 && logs.cause && candidates.includes(logs.cause) && !originDecided) {
    candidates = [logs.cause];
    confidence = 'medium';
    because.push(`The error log shows ${logs.cause} at the same time`);
  }
  const reading: Reading = { cause: candidates[0]!, confidence, because, candidates };
  if (unreached) {
    reading.lead = `${origin!.said}, so the gateway cannot reach it from where it runs — a wrong upstream address or port in its configuration, a firewall between them, or a TLS/protocol mismatch`;
    if (evidence.cdn.origin) reading.extraFixes = gatewayPathFixes(evidence.cdn.origin.url);
  }
  if (candidates.length > 1) {
    // The origin's answer placed the fault even when the page cannot name it exactly.
    if (!originDecided) reading.confidence = 'low';
    const advice = decideWith(fingerprint?.generatedBy ?? null, evidence);
    if (advice.length > 0) reading.decideWith = advice;
  }
  return reading;
}

/**
 * Narrows the page's candidates with the origin's own answer. A cause the origin shows itself
 * decides: high when the page allows it, medium when only the origin says so. An origin that
 * answers fine rules out what it would have done to us too, and places the fault in the
 * gateway's path to it (medium: the page still does not say which of those it is).
 */
function readOriginAnswer(origin: OriginReading, candidates: Cause[], evidence: EvidenceMap): { candidates: Cause[]; confidence?: Confidence } | null {
  const implied = origin.implies;
  if (implied === 'public-fine' || implied === 'origin-error' || implied === 'origin-unreachable') return null;
  if (implied !== 'gateway-path') return { candidates: [implied], confidence: candidates.includes(implied) ? 'high' : 'medium' };
  const answer = evidence.cdn.origin;
  const bigHead = answer !== null && headBytes(answer) >= GATEWAY_HEADER_BUFFER;
  const left = candidates
    .filter((c) => !RULED_OUT_BY_HEALTHY_ORIGIN.has(c))
    // A small response head cannot overflow the gateway's buffer; a big one most likely did.
    .filter((c) => c !== 'upstream-header-too-big' || bigHead)
    .sort((a, b) => Number(b === 'upstream-header-too-big') - Number(a === 'upstream-header-too-big'));
  return { candidates: left.length > 0 ? left : candidates, confidence: 'medium' };
}

/** What the public path's broken answer is, relayed from an origin that gives the same one. */
const RELAYED: Partial<Record<Cause, Cause>> = {
  'malformed-response': 'upstream-invalid-response',
  'empty-response': 'upstream-closed',
  'connect-reset': 'upstream-closed',
};

/**
 * A public path that fails without an HTTP answer (nginx relays an upstream's non-HTTP bytes as
 * HTTP/0.9; some proxies close as their upstream did) while the origin, another address, fails the
 * same way when asked directly: the gateway only passed the origin's failure on. Medium: from
 * outside, a gateway broken in the same way at the same moment would look alike.
 */
export function readRelayedFailure(primary: ProbeResult, evidence: EvidenceMap): Reading | null {
  const origin = evidence.cdn.origin;
  const reading = evidence.cdn.originReading;
  const relayed = RELAYED[primary.cause];
  if (!origin || !reading || !relayed || reading.implies !== relayed) return null;
  if (origin.address !== null && origin.address === primary.address) return null;
  return { cause: relayed, confidence: 'medium', because: [capitalize(reading.said)] };
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function decideWith(generatedBy: string | null, evidence: EvidenceMap): string[] {
  const advice: string[] = [];
  // nghttpx's error log names no request (and logs only a refused connect at its default level):
  // reading it cannot decide, asking the origin can.
  if (evidence.logs.ours.length === 0 && generatedBy !== 'nghttpx') {
    const where = generatedBy === 'apache' ? '/var/log/apache2/error.log' : generatedBy === 'haproxy' ? "HAProxy's log" : '/var/log/nginx/error.log';
    advice.push(`run again with --log ${where} (the ${generatedBy ?? 'gateway'}'s error log) to read the exact cause`);
  }
  if (!evidence.cdn.origin) advice.push('run again with --origin <the upstream\'s own URL> to see whether the application answers when asked directly');
  return advice;
}
