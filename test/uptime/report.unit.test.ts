// The search-ranking warning and the monthly report text.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Cause, Verdict } from '../../src/core/model.js';
import type { IncidentRecord } from '../../src/serve/store/types.js';
import { crawlRisks, CRAWL_RATE_SOURCE, HTTP_ERRORS_SOURCE } from '../../src/serve/uptime/crawl-risk.js';
import { formatPercent, formatSpan, formatUptimeReport } from '../../src/serve/uptime/format.js';
import { computeUptime } from '../../src/serve/uptime/summary.js';
import { uptimeReport } from '../../src/serve/uptime/report.js';

const verdict = (cause: Cause): Verdict => ({
  status: 'down', hop: 'origin', cause, generatedBy: null, transient: false, scope: 'everyone', confidence: 'high', summary: cause, fixes: [],
});

/** An incident whose verdict changed at the given times: [[at, cause], ...]. */
function incident(id: number, changes: [string, Cause][], closedAt: string | null): IncidentRecord {
  const [first, ...rest] = changes;
  return {
    id, monitor: 'shop', openedAt: first![0], closedAt, verdict: verdict(changes[changes.length - 1]![1]),
    timeline: [
      { at: first![0], type: 'opened', verdict: verdict(first![1]) },
      ...rest.map(([at, cause]) => ({ at, type: 'verdict-changed' as const, verdict: verdict(cause) })),
      ...(closedAt ? [{ at: closedAt, type: 'closed' as const, verdict: null }] : []),
    ],
  };
}

const MARCH = { from: '2026-03-01T00:00:00Z', to: '2026-04-01T00:00:00Z', now: '2026-05-01T00:00:00Z' };

describe('uptime: search-ranking risk', () => {
  it('warns after 6 h of 5xx without a break, across a change of cause, citing Google', () => {
    const risks = crawlRisks([
      incident(1, [['2026-03-03T00:00:00Z', 'app-error'], ['2026-03-03T03:00:00Z', 'connect-refused']], '2026-03-03T07:00:00Z'), // 3 h + 4 h
      incident(2, [['2026-03-10T00:00:00Z', 'not-found']], '2026-03-10T09:00:00Z'), // a 404 is not a server error
      incident(3, [['2026-03-12T00:00:00Z', 'upstream-timeout']], '2026-03-12T05:00:00Z'), // 5 h, then a break:
      incident(4, [['2026-03-12T05:01:00Z', 'upstream-timeout']], '2026-03-12T07:00:00Z'), //   no 6 h stretch
      incident(5, [['2026-03-20T00:00:00Z', 'dns-servfail']], '2026-03-20T06:00:00Z'), // DNS, exactly 6 h
    ], MARCH);
    assert.deepEqual(risks.map((r) => [r.level, r.kinds, r.start, r.end, r.durationSeconds, r.source]), [
      ['slowed', ['server-error', 'unreachable'], '2026-03-03T00:00:00.000Z', '2026-03-03T07:00:00.000Z', 25_200, CRAWL_RATE_SOURCE],
      ['slowed', ['unreachable'], '2026-03-20T00:00:00.000Z', '2026-03-20T06:00:00.000Z', 21_600, HTTP_ERRORS_SOURCE],
    ]);
    assert.match(risks[0]!.message, /Googlebot slows down crawling the whole host/);
  });

  it('after 2 days, and still going on: pages may be dropped', () => {
    const [risk] = crawlRisks([incident(1, [['2026-03-28T00:00:00Z', 'no-healthy-upstream']], null)], { ...MARCH, now: '2026-03-30T01:00:00Z' });
    assert.deepEqual([risk?.level, risk?.end, risk?.durationSeconds], ['dropping', null, 49 * 3600]);
    assert.equal(risk!.message, 'The site answered server errors (5xx/429) for 2 d 1 h without a break. Google advises against serving such errors for more than 1-2 days: URLs that keep failing may be dropped from its index.');
    const summary = computeUptime({ ...MARCH, now: '2026-03-30T01:00:00Z', incidents: [{ openedAt: '2026-03-28T00:00:00Z', closedAt: null }] });
    assert.equal(formatUptimeReport('March 2026', summary, [risk!]).split('\n')[1]?.slice(0, 76), 'Warning (28 Mar, 00:00 UTC, still going on): The site answered server errors');
  });

  it('only stretches that touch the period, whole (maintenance does not shorten them: Googlebot does not know it)', () => {
    const history = [incident(1, [['2026-02-28T20:00:00Z', 'overloaded']], '2026-03-01T02:00:00Z')];
    assert.equal(crawlRisks(history, MARCH)[0]?.durationSeconds, 6 * 3600);
    assert.deepEqual(crawlRisks(history, { ...MARCH, from: '2026-03-02T00:00:00Z' }), []);
  });
});

describe('uptime: the monthly report', () => {
  it('a month in a time zone, with maintenance from the schedule and the warning', () => {
    const report = uptimeReport({
      at: '2026-03-15T12:00:00Z',
      timeZone: 'Europe/Berlin',
      now: MARCH.now,
      incidents: [
        incident(1, [['2026-03-02T10:00:00Z', 'upstream-refused']], '2026-03-02T10:12:00Z'),
        incident(2, [['2026-03-20T00:00:00Z', 'app-error']], '2026-03-20T07:30:00Z'),
        // 23:30 UTC on 31 March is already April in Berlin: not in this report.
        incident(3, [['2026-03-31T23:30:00Z', 'app-error']], '2026-03-31T23:40:00Z'),
      ],
      maintenance: (from, to) => {
        assert.deepEqual([new Date(from).toISOString(), new Date(to).toISOString()], ['2026-02-28T23:00:00.000Z', '2026-03-31T22:00:00.000Z']);
        return [[Date.parse('2026-03-15T01:00:00Z'), Date.parse('2026-03-15T03:00:00Z')]];
      },
    });
    // March in Berlin: 31 d - 1 h (the spring-forward hour) = 2,674,800 s; counted 2,674,800 - 7,200 = 2,667,600
    // down: 720 + 27,000 = 27,720 s; uptime = 1 - 27,720 / 2,667,600 = 98.9608...%; MTTR 13,860 s = 3 h 51 min
    assert.equal(report.title, 'March 2026');
    assert.equal(report.key, '2026-03');
    assert.equal(report.summary.periodSeconds, 2_674_800);
    assert.equal(report.summary.downtimeSeconds, 27_720);
    assert.equal(report.text, [
      'March 2026: 98.96% up, 2 outages (12 min, 7 h 30 min), MTTR 3 h 51 min, longest 7 h 30 min; maintenance 2 h excluded',
      'Warning (20 Mar, 01:00 to 20 Mar, 08:30): The site answered server errors (5xx/429) for 7 h 30 min without a break. '
        + 'Googlebot slows down crawling the whole host when it meets many such errors, so new and changed pages reach Google later; '
        + `if it lasts for days, pages may be dropped from the index. Source: ${CRAWL_RATE_SOURCE}`,
    ].join('\n'));
  });

  it('spans and percentages as people read them', () => {
    assert.deepEqual([12, 59.4, 60, 619.9, 620, 3_569, 3_597, 3_600, 7_500, 86_399, 86_400, 97_200].map(formatSpan), [
      '12 s', '59 s', '1 min', '10.3 min', '10.3 min', '59.5 min', '1 h', '1 h', '2 h 5 min', '1 d', '1 d', '1 d 3 h',
    ]);
    // Rounded down, so a little downtime never shows as 100%.
    assert.equal(formatPercent({ countedSeconds: 1_000_000, downtimeSeconds: 4 }), '99.99%');
    assert.equal(formatPercent({ countedSeconds: 1_000_000, downtimeSeconds: 0 }), '100%');
    assert.equal(formatPercent({ countedSeconds: 100, downtimeSeconds: 100 }), '0.00%');
    assert.equal(formatPercent({ countedSeconds: 0, downtimeSeconds: 0 }), 'n/a');
  });
});
