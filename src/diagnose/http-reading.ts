// Why an HTTP error response happened, weighing the steps' evidence strongest first: the
// server's own log line, then a comparison that isolates a cache or a client rule, then a WAF
// page, then the gateway's page and a time limit, then the status line alone.
import type { Cause, Confidence } from '../core/model.js';
import type { ProbeResult } from '../core/probe/types.js';
import { matchGatewayRule } from './gateway-rules.js';
import type { EvidenceMap } from './types.js';

export interface Reading {
  cause: Cause;
  confidence: Confidence;
  /** Phrases that say why, shown in the summary. */
  because: string[];
  candidates?: Cause[];
  decideWith?: string[];
  fromLog?: boolean;
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
    return {
      cause, confidence: 'high', fromLog: true,
      because: [
        `${first.server}'s error log says: "${first.message}"${first.upstream ? ` (upstream ${first.upstream})` : ''}`,
        ...(cause === 'overloaded' && poolFull ? [`Meanwhile ${poolFull.server} logged: "${poolFull.message}"`] : []),
      ],
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
  const rule = primary.status >= 500 || primary.status === 429
    ? matchGatewayRule({
      status: primary.status, generatedBy: fingerprint?.generatedBy ?? null, vendorCode: fingerprint?.vendorCode ?? null,
      headers: primary.headers, body: primary.bodySample, elapsedMs: primary.timings.total,
    })
    : null;
  let candidates: Cause[] = rule ? [...rule.causes] : [primary.cause];
  let confidence: Confidence = rule ? rule.confidence : baseline;
  const because: string[] = [];
  if (fingerprint?.detail) because.push(`The page says "${fingerprint.detail}"`);

  if (evidence.cdn.comparison === 'public-path-fails' && evidence.cdn.origin) {
    because.push(`The origin answers ${evidence.cdn.origin.status ?? evidence.cdn.origin.cause} when asked directly, so the failure lies between the gateway and the application (check the upstream address in the gateway's configuration)`);
  } else if (evidence.cdn.comparison === 'both-fail' && evidence.cdn.origin) {
    because.push(`The origin fails too when asked directly (${evidence.cdn.origin.status ?? evidence.cdn.origin.cause})`);
  }
  // A time limit decides between a timeout and a kill.
  if (timing.limitMs !== null) {
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
  if (candidates.length > 1 && logs.cause && candidates.includes(logs.cause)) {
    candidates = [logs.cause];
    confidence = 'medium';
    because.push(`The error log shows ${logs.cause} at the same time`);
  }
  const reading: Reading = { cause: candidates[0]!, confidence, because, candidates };
  if (candidates.length > 1) {
    reading.confidence = 'low';
    const advice = decideWith(fingerprint?.generatedBy ?? null, evidence);
    if (advice.length > 0) reading.decideWith = advice;
  }
  return reading;
}

function decideWith(generatedBy: string | null, evidence: EvidenceMap): string[] {
  const advice: string[] = [];
  if (evidence.logs.ours.length === 0) {
    const where = generatedBy === 'apache' ? '/var/log/apache2/error.log' : generatedBy === 'haproxy' ? "HAProxy's log" : '/var/log/nginx/error.log';
    advice.push(`run again with --log ${where} (the ${generatedBy ?? 'gateway'}'s error log) to read the exact cause`);
  }
  if (!evidence.cdn.origin) advice.push('run again with --origin <the upstream\'s own URL> to see whether the application answers when asked directly');
  return advice;
}
