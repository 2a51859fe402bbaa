// Which monitor is in maintenance when, and which times of a period were maintenance: one-off and
// recurring windows, scopes, merging, and daylight saving time.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseConfig } from '../../src/serve/config/load.js';
import { MaintenanceSchedule } from '../../src/serve/policy/maintenance/schedule.js';
import type { Interval } from '../../src/core/time/intervals.js';

const iso = (intervals: Interval[]) => intervals.map(([s, e]) => [new Date(s).toISOString(), new Date(e).toISOString()]);

const config = parseConfig(`
monitors:
  - name: shop
    url: https://shop.example/
    tags: [web]
    maintenance:
      - {reason: shop deploy, start: "2026-03-10T03:00:00Z", end: "2026-03-10T05:00:00Z"}
  - name: api
    url: https://api.example/
    tags: [backend]
  - name: blog
    url: https://blog.example/
maintenance:
  - {reason: nightly, cron: "0 2 * * *", duration: 2h}
  - {reason: web only, start: "2026-03-12T10:00:00Z", end: "2026-03-12T11:00:00Z", tags: [web]}
  - {reason: api or blog, start: "2026-03-13T10:00:00Z", duration: 30m, monitors: [blog], tags: [backend]}
`, 'whydown.yml', { env: {} });
const [shop, api, blog] = config.monitors as [typeof config.monitors[0], typeof config.monitors[0], typeof config.monitors[0]];
const schedule = new MaintenanceSchedule(config.maintenance);

describe('maintenance: windows', () => {
  it('activeWindow: open from its start, closed at its end, for the monitors it covers', () => {
    assert.equal(schedule.activeWindow(api, '2026-03-10T01:59:59.999Z'), null);
    assert.deepEqual(schedule.activeWindow(api, '2026-03-10T02:00:00Z'), {
      window: config.maintenance[0], start: '2026-03-10T02:00:00.000Z', end: '2026-03-10T04:00:00.000Z',
    });
    assert.equal(schedule.activeWindow(api, '2026-03-10T04:00:00Z'), null);
    // shop's own deploy (03:00-05:00) overlaps the nightly window: the answer is the one closing last.
    assert.equal(schedule.activeWindow(shop, '2026-03-10T03:30:00Z')?.window.reason, 'shop deploy');
    assert.equal(schedule.activeWindow(shop, '2026-03-10T04:30:00Z')?.end, '2026-03-10T05:00:00.000Z');
    assert.equal(schedule.activeWindow(shop, '2026-03-10T02:30:00Z')?.window.reason, 'nightly');
    // Scopes: tags, and monitors-or-tags.
    assert.equal(schedule.activeWindow(shop, '2026-03-12T10:30:00Z')?.window.reason, 'web only');
    assert.equal(schedule.activeWindow(api, '2026-03-12T10:30:00Z'), null);
    assert.equal(schedule.activeWindow(api, '2026-03-13T10:15:00Z')?.window.reason, 'api or blog');
    assert.equal(schedule.activeWindow(blog, '2026-03-13T10:15:00Z')?.window.reason, 'api or blog');
    assert.equal(schedule.activeWindow(shop, '2026-03-13T10:15:00Z'), null);
    // Asked out of order, the answers stay right (the cached answer is only reused forward).
    assert.equal(schedule.activeWindow(api, '2026-03-09T03:00:00Z')?.start, '2026-03-09T02:00:00.000Z');
    assert.equal(schedule.activeWindow(api, '2026-03-08T01:00:00Z'), null);
  });

  it('maintenanceIntervals: merged, sorted, cut to the range', () => {
    assert.deepEqual(iso(schedule.maintenanceIntervals(shop, '2026-03-10T03:00:00Z', '2026-03-12T10:30:00Z')), [
      ['2026-03-10T03:00:00.000Z', '2026-03-10T05:00:00.000Z'], // nightly 02-04 (cut at 03:00) joined with the deploy 03-05
      ['2026-03-11T02:00:00.000Z', '2026-03-11T04:00:00.000Z'],
      ['2026-03-12T02:00:00.000Z', '2026-03-12T04:00:00.000Z'],
      ['2026-03-12T10:00:00.000Z', '2026-03-12T10:30:00.000Z'],
    ]);
    assert.deepEqual(iso(schedule.maintenanceIntervals(blog, '2026-03-13T00:00:00Z', '2026-03-14T00:00:00Z')), [
      ['2026-03-13T02:00:00.000Z', '2026-03-13T04:00:00.000Z'],
      ['2026-03-13T10:00:00.000Z', '2026-03-13T10:30:00.000Z'],
    ]);
  });

  it('recurring windows follow the local clock across daylight saving time', () => {
    const berlin = parseConfig('maintenance:\n  - {cron: "30 2 * * *", duration: 1h, timezone: Europe/Berlin}\n', 'whydown.yml', { env: {} });
    const nightly = new MaintenanceSchedule(berlin.maintenance);
    const monitor = { name: 'x', tags: [], maintenance: [] };
    // 02:30 CET is 01:30 UTC; on 29 March 02:30 does not exist (02:00 → 03:00): the window opens at
    // 03:00 CEST (01:00 UTC), when the gap ends; from then on 02:30 CEST is 00:30 UTC.
    assert.deepEqual(iso(nightly.maintenanceIntervals(monitor, '2026-03-28T00:00:00Z', '2026-03-31T00:00:00Z')), [
      ['2026-03-28T01:30:00.000Z', '2026-03-28T02:30:00.000Z'],
      ['2026-03-29T01:00:00.000Z', '2026-03-29T02:00:00.000Z'],
      ['2026-03-30T00:30:00.000Z', '2026-03-30T01:30:00.000Z'],
    ]);
    // On 25 October 02:30 happens twice (03:00 CEST → 02:00 CET): the window opens once, at the
    // first, and lasts one real hour.
    assert.deepEqual(iso(nightly.maintenanceIntervals(monitor, '2026-10-24T00:00:00Z', '2026-10-27T00:00:00Z')), [
      ['2026-10-24T00:30:00.000Z', '2026-10-24T01:30:00.000Z'],
      ['2026-10-25T00:30:00.000Z', '2026-10-25T01:30:00.000Z'],
      ['2026-10-26T01:30:00.000Z', '2026-10-26T02:30:00.000Z'],
    ]);
    assert.equal(nightly.activeWindow(monitor, '2026-03-29T01:30:00Z')?.end, '2026-03-29T02:00:00.000Z');
    assert.equal(nightly.activeWindow(monitor, '2026-03-29T00:45:00Z'), null);

    // A window that spans the change lasts its duration of real time: 01:00 CET + 3 h = 05:00 CEST.
    const long = new MaintenanceSchedule(parseConfig('maintenance:\n  - {cron: "0 1 29 3 *", duration: 3h, timezone: Europe/Berlin}\n', 'w.yml', { env: {} }).maintenance);
    assert.deepEqual(iso(long.maintenanceIntervals(monitor, '2026-03-01T00:00:00Z', '2026-04-01T00:00:00Z')), [
      ['2026-03-29T00:00:00.000Z', '2026-03-29T03:00:00.000Z'],
    ]);
  });

  it('a window already open when the range starts, and weekly windows in New York across the change', () => {
    const weekly = new MaintenanceSchedule(parseConfig('maintenance:\n  - {cron: "0 3 * * 0", duration: 2h, timezone: America/New_York}\n', 'w.yml', { env: {} }).maintenance);
    const monitor = { name: 'x', tags: [], maintenance: [] };
    // Sundays 03:00: 1 March is EST (08:00 UTC), 8 March already EDT (07:00 UTC).
    assert.deepEqual(iso(weekly.maintenanceIntervals(monitor, '2026-03-01T09:00:00Z', '2026-03-15T00:00:00Z')), [
      ['2026-03-01T09:00:00.000Z', '2026-03-01T10:00:00.000Z'],
      ['2026-03-08T07:00:00.000Z', '2026-03-08T09:00:00.000Z'],
    ]);
  });
});
