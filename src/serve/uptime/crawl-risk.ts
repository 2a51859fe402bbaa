// Search-ranking risk: a site that answers server errors (or cannot be reached) for hours makes
// Googlebot crawl it less, and pages that keep failing for days are dropped from Google's index.
// Sources (Google Search Central):
// - https://developers.google.com/search/docs/crawling-indexing/reduce-crawl-rate: Googlebot
//   slows crawling of the whole hostname when many URLs answer 500, 503 or 429; serving them for
//   more than 1-2 days is discouraged, as URLs that keep answering them for days may be dropped.
// - https://developers.google.com/search/docs/crawling-indexing/http-network-errors: 5xx and 429
//   make crawling slow down; network timeouts, resets and DNS errors are treated like 5xx.
// Maintenance windows do not apply here: Googlebot does not know about them.
import type { Cause } from '../../core/model.js';
import type { IncidentRecord } from '../store/types.js';
import { mergeIntervals, type Interval } from '../../core/time/intervals.js';
import { toIso, toMs, type TimeInput } from '../../core/time/time.js';
import { formatSpan } from './format.js';

export const CRAWL_RATE_SOURCE = 'https://developers.google.com/search/docs/crawling-indexing/reduce-crawl-rate';
export const HTTP_ERRORS_SOURCE = 'https://developers.google.com/search/docs/crawling-indexing/http-network-errors';

/** Causes that reach a crawler as a 5xx or 429 answer. */
const SERVER_ERROR: ReadonlySet<Cause> = new Set<Cause>([
  'upstream-refused', 'upstream-closed', 'upstream-timeout', 'upstream-invalid-response', 'upstream-header-too-big',
  'no-healthy-upstream', 'upstream-tls-failed', 'upstream-killed', 'overloaded', 'maintenance', 'app-error',
  'rate-limited', 'cached-error',
]);
/** Causes a crawler meets as a DNS or network error, which Google treats like a 5xx. */
const UNREACHABLE: ReadonlySet<Cause> = new Set<Cause>([
  'dns-nxdomain', 'dns-servfail', 'dns-timeout', 'dns-no-address',
  'connect-refused', 'connect-timeout', 'connect-reset', 'network-unreachable', 'empty-response', 'response-timeout',
]);

export type CrawlErrorKind = 'server-error' | 'unreachable';

export interface CrawlRisk {
  /** 'slowed': long enough for Googlebot to crawl less; 'dropping': long enough to lose pages. */
  level: 'slowed' | 'dropping';
  kinds: CrawlErrorKind[];
  start: string;
  /** null: still going on. */
  end: string | null;
  durationSeconds: number;
  message: string;
  source: string;
}

export interface CrawlRiskOptions {
  /** Only stretches that overlap [from, to) are reported. */
  from: TimeInput;
  to: TimeInput;
  now?: TimeInput;
  /** Default 6 h. */
  slowedAfterSeconds?: number;
  /** Default 2 days: "1-2 days" is where Google's page stops recommending errors. */
  droppingAfterSeconds?: number;
}

export type CrawlIncident = Pick<IncidentRecord, 'openedAt' | 'closedAt' | 'verdict' | 'timeline'>;

export function crawlRisks(incidents: readonly CrawlIncident[], options: CrawlRiskOptions): CrawlRisk[] {
  const now = toMs(options.now ?? Date.now());
  const from = toMs(options.from);
  const to = toMs(options.to);
  const slowed = (options.slowedAfterSeconds ?? 6 * 3600) * 1000;
  const dropping = (options.droppingAfterSeconds ?? 2 * 86_400) * 1000;
  const stretches = incidents.flatMap((incident) => errorStretches(incident, now));
  const risks: CrawlRisk[] = [];
  for (const [start, end] of mergeIntervals(stretches.map((s) => s.span))) {
    const length = end - start;
    if (length < slowed || end <= from || start >= to) continue;
    const kinds = (['server-error', 'unreachable'] as const).filter((kind) =>
      stretches.some((s) => s.kind === kind && s.span[0] < end && s.span[1] > start));
    const ongoing = end >= now;
    const level = length >= dropping ? 'dropping' : 'slowed';
    risks.push({
      level,
      kinds,
      start: toIso(start),
      end: ongoing ? null : toIso(end),
      durationSeconds: length / 1000,
      message: riskMessage(level, kinds, length / 1000),
      source: level === 'dropping' || kinds.includes('server-error') ? CRAWL_RATE_SOURCE : HTTP_ERRORS_SOURCE,
    });
  }
  return risks;
}

/** The parts of an incident whose verdict was a crawl error, by its timeline of verdicts. */
function errorStretches(incident: CrawlIncident, now: number): { kind: CrawlErrorKind; span: Interval }[] {
  const end = incident.closedAt === null ? now : toMs(incident.closedAt);
  const changes = incident.timeline
    .filter((e) => e.type !== 'closed' && e.verdict)
    .map((e) => ({ at: toMs(e.at), cause: e.verdict!.cause }));
  if (changes.length === 0) changes.push({ at: toMs(incident.openedAt), cause: incident.verdict.cause });
  const out: { kind: CrawlErrorKind; span: Interval }[] = [];
  changes.forEach((change, i) => {
    const kind = SERVER_ERROR.has(change.cause) ? 'server-error' : UNREACHABLE.has(change.cause) ? 'unreachable' : undefined;
    const until = Math.min(changes[i + 1]?.at ?? end, end);
    if (kind && until > change.at) out.push({ kind, span: [change.at, until] });
  });
  return out;
}

function riskMessage(level: CrawlRisk['level'], kinds: readonly CrawlErrorKind[], seconds: number): string {
  const what = kinds.length === 2
    ? 'answered server errors or could not be reached'
    : kinds[0] === 'server-error' ? 'answered server errors (5xx/429)' : 'could not be reached (DNS or network errors, which Google treats like 5xx)';
  const head = `The site ${what} for ${formatSpan(seconds)} without a break.`;
  return level === 'dropping'
    ? `${head} Google advises against serving such errors for more than 1-2 days: URLs that keep failing may be dropped from its index.`
    : `${head} Googlebot slows down crawling the whole host when it meets many such errors, so new and changed pages reach Google later; if it lasts for days, pages may be dropped from the index.`;
}
