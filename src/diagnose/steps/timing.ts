// "Ask the host about kill scripts": failures that end after the same elapsed time, attempt
// after attempt, were ended by a time limit somewhere on the path — name it.
import { matchKnownLimits, type KnownLimit } from '../../core/knowledge/time-limits.js';
import type { ProbeResult } from '../../core/probe/types.js';
import type { ChecklistStep, DiagnoseContext, StepOutcome } from '../types.js';
import { isBroken } from './extra-attempt.js';

export const TIMING_TITLE = 'Look for a time limit in when failures end';
const MIN_LIMIT_MS = 1000;
/** Failures that end this close together, having started apart, waited on one shared fetch. */
const SAME_END_MS = 25;

export interface TimingEvidence {
  /** Elapsed time of each failure that the target ended (not our own --timeout). */
  failureMs: number[];
  /** The limit the failures cluster at, if they do. */
  limitMs: number | null;
  known: KnownLimit[];
  /** How the failures at the limit ended: a gateway's timeout answer, or a connection killed. */
  ending: 'timeout-status' | 'killed' | null;
  /** Failures that ended at the same moment as an earlier-started one: they waited on its fetch. */
  coalesced: number;
}

export const timingStep: ChecklistStep<'timing'> = { id: 'timing', title: TIMING_TITLE, needs: ['reload', 'cache', 'client-profile', 'fingerprint'], run: runTiming };

async function runTiming(context: DiagnoseContext): Promise<StepOutcome<TimingEvidence>> {
  const attempts = [...(await context.need('reload')).attempts];
  const [cache, profile, fingerprint] = await Promise.all([context.need('cache'), context.need('client-profile'), context.need('fingerprint')]);
  attempts.push(cache.bypass, profile.browser);
  const evidence = findLimit(attempts, fingerprint.primary?.generatedBy ?? null);
  let result: 'pass' | 'warn' | 'fail' | 'skip' = 'pass';
  let detail: string;
  if (evidence.failureMs.length === 0) {
    result = 'skip';
    detail = 'no failure ended by the server to time';
  } else if (evidence.limitMs === null) {
    detail = `failures ended after ${evidence.failureMs.map(formatSeconds).join(', ')}: no common time limit`;
  } else {
    result = 'fail';
    const known = evidence.known.length > 0 ? ` — matches ${evidence.known.map((k) => `${k.seconds} s (${k.who})`).join('; ')}` : ' — not a well-known default: look for a configured limit of that length';
    const shared = evidence.coalesced > 0
      ? ` (${evidence.coalesced} of them joined a request already waiting and ended with it, as a cache does that fetches a page once for everyone asking: counted from when that wait began)`
      : '';
    detail = `${evidence.failureMs.length} failures all ended after about ${formatSeconds(evidence.limitMs)}${evidence.ending === 'timeout-status' ? ' with a gateway time-out answer' : ', the connection cut or an error page'}${shared}: a time limit${known}`;
  }
  return {
    report: { id: 'timing', title: TIMING_TITLE, result, detail, evidence: { ...evidence, failureMs: evidence.failureMs.map(Math.round), limitMs: evidence.limitMs && Math.round(evidence.limitMs) } },
    evidence,
  };
}

export function findLimit(attempts: ProbeResult[], generatedBy: string | null = null): TimingEvidence {
  // Our own --timeout ending an attempt says nothing about the target's limits.
  const ended = attempts.filter((a) => isBroken(a) && a.cause !== 'response-timeout' && a.cause !== 'connect-timeout' && a.failedPhase !== 'dns');
  const failureMs = ended.map((a) => a.timings.total);
  const none: TimingEvidence = { failureMs, limitMs: null, known: [], ending: null, coalesced: 0 };
  if (ended.length < 2) {
    // One failure is enough only when it lands on a well-known limit.
    const only = ended[0];
    if (!only || only.timings.total < MIN_LIMIT_MS) return none;
    const known = matchKnownLimits(only.timings.total / 1000, generatedBy);
    return known.length > 0 ? { failureMs, limitMs: only.timings.total, known, ending: endingOf([only]), coalesced: 0 } : none;
  }
  const { waits, coalesced } = sharedWaits(ended);
  const sorted = [...waits].sort((a, b) => a - b);
  const shortest = sorted[0]!;
  const median = sorted[Math.floor(sorted.length / 2)]!;
  const spread = sorted[sorted.length - 1]! - shortest;
  if (median < MIN_LIMIT_MS) return none;
  // Same duration, attempt after attempt: a limit of that length.
  if (spread <= Math.max(300, median * 0.05)) {
    return { failureMs, limitMs: median, known: matchKnownLimits(median / 1000, generatedBy), ending: endingOf(ended), coalesced };
  }
  // A watchdog that checks now and then (php-fpm looks at request_terminate_timeout every third
  // of it) kills each request at its first check past the limit: durations then spread over up
  // to a third of the limit, and the shortest is nearest to it. Three failures at least, so two
  // similar durations by chance do not make a limit.
  if (ended.length >= 3 && spread <= shortest * 0.35) {
    return { failureMs, limitMs: shortest, known: matchKnownLimits(shortest / 1000, generatedBy), ending: endingOf(ended), coalesced };
  }
  return none;
}

/**
 * How long each failure really waited. A cache that fetches a page once for everyone asking for
 * it (Varnish's request coalescing, nginx's proxy_cache_lock, CDNs) makes a later request wait on
 * the fetch an earlier one started: they end at the same moment, the later one after less time.
 * Measured from the start of the earliest of those, the wait is the fetch's — the time limit's.
 */
function sharedWaits(failures: ProbeResult[]): { waits: number[]; coalesced: number } {
  const spans = failures.map((f) => {
    const start = Date.parse(f.at);
    return { start, end: start + f.timings.total };
  });
  let coalesced = 0;
  const waits = spans.map((span) => {
    const firstStart = Math.min(...spans.filter((other) => Math.abs(other.end - span.end) <= SAME_END_MS).map((other) => other.start));
    if (span.start - firstStart > SAME_END_MS) coalesced++;
    return span.end - firstStart;
  });
  return { waits, coalesced };
}

function endingOf(failures: ProbeResult[]): TimingEvidence['ending'] {
  return failures.every((f) => f.status === 504 || f.status === 524 || f.status === 408) ? 'timeout-status' : 'killed';
}

function formatSeconds(ms: number): string {
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}
