// Uptime figures on hand-written histories whose answers are worked out in the comments.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { computeUptime } from '../../src/serve/uptime/summary.js';
import { formatUptimeLine } from '../../src/serve/uptime/format.js';
import type { Interval } from '../../src/core/time/intervals.js';

const MARCH = { from: '2026-03-01T00:00:00Z', to: '2026-04-01T00:00:00Z', now: '2026-05-01T00:00:00Z' };
/** March has 31 days. */
const MARCH_SECONDS = 31 * 86_400; // 2,678,400

const span = (openedAt: string, closedAt: string | null) => ({ openedAt, closedAt });
const at = (iso: string) => Date.parse(iso);
const window = (start: string, end: string): Interval => [at(start), at(end)];

describe('uptime: known answers', () => {
  it('three outages, one of two overlapping incidents, one of two touching ones, and maintenance without incidents', () => {
    const summary = computeUptime({
      ...MARCH,
      incidents: [
        span('2026-03-02T10:00:00Z', '2026-03-02T10:12:00Z'), // 12 min
        span('2026-03-10T08:00:00Z', '2026-03-10T08:03:00Z'), // overlaps the next:
        span('2026-03-10T08:02:00Z', '2026-03-10T08:04:00Z'), //   one outage 08:00-08:04, 4 min
        span('2026-03-20T12:00:00Z', '2026-03-20T12:10:00Z'), // touches the next:
        span('2026-03-20T12:10:00Z', '2026-03-20T12:15:00Z'), //   one outage 12:00-12:15, 15 min
      ],
      maintenance: [window('2026-03-15T02:00:00Z', '2026-03-15T04:00:00Z')], // 2 h, no incident in it
    });
    // counted = 2,678,400 - 7,200 = 2,671,200 s; down = (12 + 4 + 15) min = 1,860 s
    // uptime = 2,669,340 / 2,671,200 = 99.9303...%; MTTR = 1,860 / 3 = 620 s = 10.3 min
    assert.equal(summary.periodSeconds, MARCH_SECONDS);
    assert.equal(summary.maintenanceSeconds, 7_200);
    assert.equal(summary.unobservedSeconds, 0);
    assert.equal(summary.countedSeconds, 2_671_200);
    assert.equal(summary.downtimeSeconds, 1_860);
    assert.equal(summary.uptimePercent, (100 * 2_669_340) / 2_671_200);
    assert.deepEqual(summary.outages.map((o) => [o.start, o.end, o.durationSeconds]), [
      ['2026-03-02T10:00:00.000Z', '2026-03-02T10:12:00.000Z', 720],
      ['2026-03-10T08:00:00.000Z', '2026-03-10T08:04:00.000Z', 240],
      ['2026-03-20T12:00:00.000Z', '2026-03-20T12:15:00.000Z', 900],
    ]);
    assert.equal(summary.mttrSeconds, 620);
    assert.equal(summary.longestSeconds, 900);
    assert.equal(
      formatUptimeLine('March 2026', summary),
      'March 2026: 99.93% up, 3 outages (12 min, 4 min, 15 min), MTTR 10.3 min, longest 15 min; maintenance 2 h excluded',
    );
  });

  it('maintenance overlapping incidents counts only the parts outside it', () => {
    const summary = computeUptime({
      ...MARCH,
      incidents: [
        span('2026-03-05T01:30:00Z', '2026-03-05T03:00:00Z'), // window opens 02:00: counts 01:30-02:00, 30 min
        span('2026-03-05T03:15:00Z', '2026-03-05T03:45:00Z'), // wholly inside the window: no outage
        span('2026-03-05T03:50:00Z', '2026-03-05T04:20:00Z'), // window closes 04:00: counts 04:00-04:20, 20 min
        span('2026-03-12T10:00:00Z', '2026-03-12T14:00:00Z'), // a window 11:00-12:00 inside: 3 h, still one outage
      ],
      maintenance: [
        window('2026-03-12T11:00:00Z', '2026-03-12T12:00:00Z'),
        window('2026-03-05T02:00:00Z', '2026-03-05T04:00:00Z'),
        window('2026-03-05T02:30:00Z', '2026-03-05T03:00:00Z'), // inside the one above: counted once
      ],
    });
    // maintenance = 2 h + 1 h = 10,800 s; counted = 2,678,400 - 10,800 = 2,667,600 s
    // down = 1,800 + 1,200 + 10,800 = 13,800 s; uptime = 2,653,800 / 2,667,600 = 99.4826...%
    assert.equal(summary.maintenanceSeconds, 10_800);
    assert.equal(summary.countedSeconds, 2_667_600);
    assert.equal(summary.downtimeSeconds, 13_800);
    assert.equal(summary.uptimePercent, (100 * 2_653_800) / 2_667_600);
    assert.deepEqual(summary.outages.map((o) => [o.start, o.end, o.durationSeconds]), [
      ['2026-03-05T01:30:00.000Z', '2026-03-05T02:00:00.000Z', 1_800],
      ['2026-03-05T04:00:00.000Z', '2026-03-05T04:20:00.000Z', 1_200],
      ['2026-03-12T10:00:00.000Z', '2026-03-12T14:00:00.000Z', 10_800],
    ]);
    assert.equal(summary.mttrSeconds, 4_600);
    assert.equal(summary.longestSeconds, 10_800);
    assert.equal(formatUptimeLine('March 2026', summary), 'March 2026: 99.48% up, 3 outages (30 min, 20 min, 3 h), MTTR 1 h 17 min, longest 3 h; maintenance 3 h excluded');
  });

  it('a monitor created mid-month, an incident from before it, and one still open', () => {
    const summary = computeUptime({
      from: MARCH.from,
      to: MARCH.to,
      createdAt: '2026-03-14T12:00:00Z',
      now: '2026-03-31T00:00:00Z', // the report is made before the month ends
      incidents: [
        span('2026-03-10T00:00:00Z', '2026-03-10T01:00:00Z'), // before the monitor existed: ignored
        span('2026-03-14T11:00:00Z', '2026-03-14T12:30:00Z'), // counts from creation: 30 min
        span('2026-03-30T23:00:00Z', null), // open: down until now, 1 h, not recovered
      ],
    });
    // observed = [03-14 12:00, 03-31 00:00) = 16.5 d = 1,425,600 s; unobserved = 2,678,400 - 1,425,600
    // down = 1,800 + 3,600 = 5,400 s; uptime = 1 - 5,400 / 1,425,600 = 99.6212...%
    // MTTR counts the recovered outage only: 1,800 s
    assert.equal(summary.observedFrom, '2026-03-14T12:00:00.000Z');
    assert.equal(summary.observedTo, '2026-03-31T00:00:00.000Z');
    assert.equal(summary.countedSeconds, 1_425_600);
    assert.equal(summary.unobservedSeconds, 1_252_800);
    assert.equal(summary.downtimeSeconds, 5_400);
    assert.equal(summary.uptimePercent, (100 * (1_425_600 - 5_400)) / 1_425_600);
    assert.deepEqual(summary.outages.map((o) => [o.start, o.durationSeconds, o.beganBefore, o.ongoing]), [
      ['2026-03-14T12:00:00.000Z', 1_800, true, false],
      ['2026-03-30T23:00:00.000Z', 3_600, false, true],
    ]);
    assert.equal(summary.mttrSeconds, 1_800);
    assert.equal(summary.longestSeconds, 3_600);
    assert.equal(formatUptimeLine('March 2026', summary), 'March 2026: 99.62% up, 2 outages (30 min, 1 h ongoing), MTTR 30 min, longest 1 h; monitored from 14 March');
  });

  it('every second adds up: counted + maintenance + unobserved = the period', () => {
    const summary = computeUptime({
      from: MARCH.from,
      to: MARCH.to,
      createdAt: '2026-03-03T00:00:00Z',
      now: '2026-03-20T00:00:00Z',
      incidents: [span('2026-03-19T23:00:00Z', null)],
      // Maintenance before creation and after now is not observed time either: it counts once, as unobserved.
      maintenance: [window('2026-03-02T00:00:00Z', '2026-03-04T00:00:00Z'), window('2026-03-19T23:30:00Z', '2026-03-25T00:00:00Z')],
    });
    // observed 17 d = 1,468,800 s; maintenance inside it: 1 d + 30 min = 88,200 s
    // down: 23:00-23:30 (the rest is maintenance) = 1,800 s
    assert.equal(summary.maintenanceSeconds, 88_200);
    assert.equal(summary.countedSeconds, 1_468_800 - 88_200);
    assert.equal(summary.countedSeconds + summary.maintenanceSeconds + summary.unobservedSeconds, summary.periodSeconds);
    assert.equal(summary.downtimeSeconds, 1_800);
    // The open incident reaches past the observed part: not recovered within it.
    assert.equal(summary.outages[0]?.ongoing, true);
    assert.equal(summary.mttrSeconds, null);
  });

  it('a period with nothing observed, and a period all in maintenance', () => {
    const before = computeUptime({ ...MARCH, createdAt: '2026-04-02T00:00:00Z', incidents: [] });
    assert.equal(before.uptimePercent, null);
    assert.equal(before.observedFrom, null);
    assert.equal(before.unobservedSeconds, MARCH_SECONDS);
    assert.equal(formatUptimeLine('March 2026', before), 'March 2026: not monitored');
    const all = computeUptime({ ...MARCH, incidents: [span('2026-03-03T00:00:00Z', '2026-03-04T00:00:00Z')], maintenance: [window('2026-02-01T00:00:00Z', '2026-05-01T00:00:00Z')] });
    assert.equal(all.uptimePercent, null);
    assert.deepEqual(all.outages, []);
    assert.equal(formatUptimeLine('March 2026', all), 'March 2026: all in maintenance (31 d)');
  });

  it('takes maintenance as a function of the period, and refuses a period that ends before it starts', () => {
    const asked: [number, number][] = [];
    const summary = computeUptime({ ...MARCH, incidents: [], maintenance: (from, to) => (asked.push([from, to]), [[from, from + 60_000]]) });
    assert.deepEqual(asked, [[at(MARCH.from), at(MARCH.to)]]);
    assert.equal(summary.maintenanceSeconds, 60);
    assert.throws(() => computeUptime({ from: MARCH.to, to: MARCH.from, incidents: [] }), RangeError);
  });
});
