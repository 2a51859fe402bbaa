// Per day / ISO week / month / year, in UTC and in time zones with daylight saving time.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { periodContaining, periodsBetween } from '../../src/serve/uptime/calendar.js';
import { uptimeByPeriod } from '../../src/serve/uptime/buckets.js';
import { periodTitle } from '../../src/serve/uptime/format.js';

const span = (openedAt: string, closedAt: string | null) => ({ openedAt, closedAt });

describe('uptime: calendar periods', () => {
  it('months in UTC split outages at the boundaries', () => {
    const months = uptimeByPeriod({
      from: '2026-02-01T00:00:00Z',
      to: '2026-05-01T00:00:00Z',
      now: '2026-05-01T00:00:00Z',
      incidents: [
        span('2026-02-28T23:50:00Z', '2026-03-01T00:20:00Z'), // 10 min in February, 20 in March
        span('2026-03-31T23:45:00Z', '2026-04-01T00:30:00Z'), // 15 min in March, 30 in April
      ],
    }, 'month');
    assert.deepEqual(months.map((m) => [m.key, m.from, m.to, m.summary.periodSeconds, m.summary.downtimeSeconds]), [
      ['2026-02', '2026-02-01T00:00:00.000Z', '2026-03-01T00:00:00.000Z', 28 * 86_400, 600],
      ['2026-03', '2026-03-01T00:00:00.000Z', '2026-04-01T00:00:00.000Z', 31 * 86_400, 2_100],
      ['2026-04', '2026-04-01T00:00:00.000Z', '2026-05-01T00:00:00.000Z', 30 * 86_400, 1_800],
    ]);
    const [feb, mar, apr] = months.map((m) => m.summary);
    // February's outage goes on into March: not recovered within February, so no MTTR there.
    assert.deepEqual(feb?.outages.map((o) => [o.beganBefore, o.ongoing]), [[false, true]]);
    assert.equal(feb?.mttrSeconds, null);
    // March: the first began in February and recovered (20 min); the second goes on into April.
    assert.deepEqual(mar?.outages.map((o) => [o.durationSeconds, o.beganBefore, o.ongoing]), [[1_200, true, false], [900, false, true]]);
    assert.equal(mar?.mttrSeconds, 1_200);
    assert.equal(apr?.mttrSeconds, 1_800);
  });

  it('days in Europe/Berlin: 23 hours when clocks spring forward, 25 when they fall back', () => {
    const days = uptimeByPeriod({
      from: '2026-03-28T00:00:00+01:00',
      to: '2026-03-30T00:00:00+02:00',
      now: '2026-04-01T00:00:00Z',
      // 01:30 CET to 04:30 CEST on the 29th: 2 h of real time across the missing hour
      incidents: [span('2026-03-29T01:30:00+01:00', '2026-03-29T04:30:00+02:00')],
    }, 'day', 'Europe/Berlin');
    assert.deepEqual(days.map((d) => [d.key, d.from, d.to, d.summary.periodSeconds]), [
      ['2026-03-28', '2026-03-27T23:00:00.000Z', '2026-03-28T23:00:00.000Z', 86_400],
      ['2026-03-29', '2026-03-28T23:00:00.000Z', '2026-03-29T22:00:00.000Z', 82_800],
    ]);
    // 7,200 s down of 82,800: 1 - 7,200 / 82,800 = 91.304...%
    assert.equal(days[1]?.summary.downtimeSeconds, 7_200);
    assert.equal(days[1]?.summary.uptimePercent, (100 * (82_800 - 7_200)) / 82_800);

    const autumn = periodContaining('day', '2026-10-25T12:00:00Z', 'Europe/Berlin');
    assert.deepEqual(autumn, { unit: 'day', key: '2026-10-25', from: '2026-10-24T22:00:00.000Z', to: '2026-10-25T23:00:00.000Z' });
  });

  it('a day whose midnight does not exist starts when the gap ends (Chile moves 24:00 to 01:00)', () => {
    assert.deepEqual(periodContaining('day', '2026-09-06T12:00:00Z', 'America/Santiago'), {
      unit: 'day', key: '2026-09-06', from: '2026-09-06T04:00:00.000Z', to: '2026-09-07T03:00:00.000Z',
    });
  });

  it('ISO weeks start on Monday and belong to the year of their Thursday', () => {
    // Sunday 29 March 2026 is in week 13 (1 January 2026 is a Thursday, so week 1 starts 29 December 2025).
    assert.deepEqual(periodContaining('week', '2026-03-29T12:00:00Z', 'Europe/Berlin'), {
      unit: 'week', key: '2026-W13', from: '2026-03-22T23:00:00.000Z', to: '2026-03-29T22:00:00.000Z',
    });
    assert.equal(periodContaining('week', '2025-12-29T00:00:00Z').key, '2026-W01');
    assert.equal(periodContaining('week', '2027-01-01T00:00:00Z').key, '2026-W53');
    assert.equal(periodContaining('week', '2024-12-30T00:00:00Z').key, '2025-W01');
    assert.equal(periodTitle({ unit: 'week', key: '2026-W13' }), 'Week 13 of 2026');
  });

  it('months and years in a zone, cut to the range asked for', () => {
    assert.deepEqual(periodContaining('month', '2026-03-31T23:30:00Z', 'Europe/Berlin'), {
      unit: 'month', key: '2026-04', from: '2026-03-31T22:00:00.000Z', to: '2026-04-30T22:00:00.000Z',
    });
    assert.deepEqual(periodContaining('year', '2026-06-01T00:00:00Z', 'America/New_York'), {
      unit: 'year', key: '2026', from: '2026-01-01T05:00:00.000Z', to: '2027-01-01T05:00:00.000Z',
    });
    assert.deepEqual(periodsBetween('month', '2026-01-15T00:00:00Z', '2026-03-10T00:00:00Z').map((p) => [p.key, p.from, p.to]), [
      ['2026-01', '2026-01-15T00:00:00.000Z', '2026-02-01T00:00:00.000Z'],
      ['2026-02', '2026-02-01T00:00:00.000Z', '2026-03-01T00:00:00.000Z'],
      ['2026-03', '2026-03-01T00:00:00.000Z', '2026-03-10T00:00:00.000Z'],
    ]);
    assert.equal(periodsBetween('day', '2026-01-01T00:00:00Z', '2027-01-01T00:00:00Z', 'Australia/Sydney').length, 366);
    assert.deepEqual(['day', 'month', 'year'].map((unit) => periodTitle({ unit: unit as 'day', key: '2026-03-29'.slice(0, unit === 'day' ? 10 : unit === 'month' ? 7 : 4) })), [
      '29 March 2026', 'March 2026', '2026',
    ]);
  });
});
