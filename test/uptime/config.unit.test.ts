// The maintenance: and flapping: config: valid files come out normalised, mistakes come with
// file:line:col, like the rest of the config.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '../../src/serve/config/errors.js';
import { loadConfig, parseConfig, parseMonitorInput } from '../../src/serve/config/load.js';
import { flappingSettings, windowSettings } from '../../src/serve/policy/maintenance/settings.js';

const EXAMPLE = fileURLToPath(new URL('../../../examples/whydown.yml', import.meta.url));

function problems(text: string): string[] {
  try {
    parseConfig(text, 'whydown.yml', { env: {} });
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error));
    const lines = error.message.split('\n');
    if (lines.length > 1) assert.equal(lines.shift(), `${lines.length} problems in whydown.yml:`);
    return lines;
  }
  assert.fail('the config loaded, but it should not have');
}

describe('config: maintenance and flapping', () => {
  it('normalises windows: UTC times, canonical zones, scopes, durations in ms', () => {
    const config = parseConfig(`
defaults:
  flapping: {within: 5m}
monitors:
  - name: shop
    url: https://shop.example/
    tags: [web]
    maintenance:
      - {reason: deploy, cron: "@weekly", duration: 1h30m}
  - name: api
    url: https://api.example/
    flapping: {changes: 6}
  - name: quiet
    url: https://quiet.example/
    flapping: false
maintenance:
  - reason: database upgrade
    start: 2026-03-14T22:00:00+01:00
    end: 2026-03-15 02:00:00+01:00
    monitors: [shop, api, shop]
  - start: 2026-04-01T00:00:00Z
    duration: 2h
    tags: [web]
  - cron: "30 2 * * *"
    duration: 20m
    timezone: europe/berlin
`, 'whydown.yml', { env: {} });
    assert.deepEqual(config.maintenance, [
      { kind: 'once', start: '2026-03-14T21:00:00.000Z', end: '2026-03-15T01:00:00.000Z', reason: 'database upgrade', monitors: ['shop', 'api'] },
      { kind: 'once', start: '2026-04-01T00:00:00.000Z', end: '2026-04-01T02:00:00.000Z', tags: ['web'] },
      { kind: 'recurring', cron: '30 2 * * *', durationMs: 1_200_000, timezone: 'Europe/Berlin' },
    ]);
    const [shop, api, quiet] = config.monitors;
    assert.deepEqual(shop?.maintenance, [{ kind: 'recurring', cron: '@weekly', durationMs: 5_400_000, timezone: 'UTC', reason: 'deploy' }]);
    assert.deepEqual(config.defaults.flapping, { changes: 4, withinMs: 300_000 });
    assert.deepEqual(shop?.flapping, { changes: 4, withinMs: 300_000 });
    assert.deepEqual(api?.flapping, { changes: 6, withinMs: 300_000 });
    assert.equal(quiet?.flapping, false);
    // Written back the way a user writes them (for the API's GET, edited, then PUT).
    assert.deepEqual(windowSettings(shop!.maintenance[0]!), { reason: 'deploy', cron: '@weekly', duration: '1h30m', timezone: 'UTC' });
    assert.deepEqual(windowSettings(config.maintenance[0]!), { reason: 'database upgrade', start: '2026-03-14T21:00:00.000Z', end: '2026-03-15T01:00:00.000Z', monitors: ['shop', 'api'] });
    assert.deepEqual(flappingSettings(api!.flapping), { changes: 6, within: '5m' });
    assert.equal(flappingSettings(false), false);
    const again = parseMonitorInput({ name: 'shop', url: 'https://shop.example/', maintenance: [windowSettings(shop!.maintenance[0]!)], flapping: flappingSettings(api!.flapping) }, config);
    assert.deepEqual([again.maintenance, again.flapping], [shop?.maintenance, api?.flapping]);
  });

  it('the example file documents them and loads', async () => {
    const config = await loadConfig(EXAMPLE);
    assert.deepEqual(config.maintenance.map((w) => w.reason), ['database upgrade', 'nightly backup']);
    assert.deepEqual(config.monitors.map((m) => m.maintenance.length), [0, 1]);
    assert.deepEqual(config.monitors.map((m) => m.flapping), [{ changes: 4, withinMs: 600_000 }, { changes: 6, withinMs: 600_000 }]);
  });

  it('reports each mistake at its line and column', () => {
    const text = [
      /*  1 */ 'monitors:',
      /*  2 */ '  - name: shop',
      /*  3 */ '    url: https://shop.example/',
      /*  4 */ '    tags: [web]',
      /*  5 */ '    flapping: {changes: 2, within: 10s}',
      /*  6 */ '    maintenance:',
      /*  7 */ '      - {cron: "0 4 * * 0", duration: 1h, monitors: [shop]}',
      /*  8 */ '  - name: api',
      /*  9 */ '    url: https://api.example/',
      /* 10 */ '    flapping: often',
      /* 11 */ 'maintenance:',
      /* 12 */ '  - start: 2026-03-14T22:00:00+01:00',
      /* 13 */ '    end: 2026-03-14T21:00:00+01:00',
      /* 14 */ '  - start: 2026-03-14 22:00',
      /* 15 */ '    end: 2026-02-30T10:00:00Z',
      /* 16 */ '  - cron: "0 25 * * *"',
      /* 17 */ '    duration: 30m',
      /* 18 */ '    timezone: Europe/Berln',
      /* 19 */ '  - cron: "*/5 * * * *"',
      /* 20 */ '    duration: 10m',
      /* 21 */ '    monitors: [shpo]',
      /* 22 */ '  - cron: "0 3 * * *"',
      /* 23 */ '  - reason: nothing',
      /* 24 */ '  - start: 2026-03-14T22:00:00Z',
      /* 25 */ '    cron: "0 3 * * *"',
      /* 26 */ '    duration: 1h',
      /* 27 */ '  - {start: "2026-03-14T22:00:00Z", end: "2026-03-15T00:00:00Z", timezone: UTC, tags: []}',
      /* 28 */ '  - {cron: "0 0 30 2 *", duration: 1h, durations: 2h}',
      /* 29 */ '  - {start: "2026-03-14T22:00:00Z", duration: 10s}',
      /* 30 */ '  - {start: "2026-03-14T22:00:00Z", end: "2026-03-14T22:00:00Z"}',
      /* 31 */ '  - {cron: "0 3 * * *", duration: 8d, timezone: "+01:00"}',
      /* 32 */ '  - {start: "yesterday", end: "2026-03-14T22:00:00Z", reason: ""}',
    ].join('\n');
    const cronHelp = '(use minute hour day-of-month month day-of-week, e.g. "0 3 * * 0" for Sundays at 03:00)';
    assert.deepEqual(problems(text), [
      'whydown.yml:5:25: monitors[0].flapping.changes: expected a whole number from 3 to 100, got 2',
      'whydown.yml:5:36: monitors[0].flapping.within: "10s" is too short: the flapping window must be at least 1m',
      'whydown.yml:7:53: monitors[0].maintenance[0].monitors: a monitor\'s own window covers only that monitor; "monitors" belongs in the top-level maintenance: list',
      'whydown.yml:10:15: monitors[1].flapping: expected a map {changes, within}, or false to alert every change, got "often"',
      'whydown.yml:13:10: maintenance[0].end: "2026-03-14T21:00:00+01:00" is before the start ("2026-03-14T22:00:00+01:00"); a window ends after it starts',
      'whydown.yml:14:12: maintenance[1].start: "2026-03-14 22:00" has no UTC offset; add one (e.g. +01:00, or Z for UTC) so the time is unambiguous',
      'whydown.yml:15:10: maintenance[1].end: "2026-02-30T10:00:00Z" is not a valid date and time',
      `whydown.yml:16:11: maintenance[2].cron: "0 25 * * *" is not a cron expression: invalid value for hour: 25 ${cronHelp}`,
      'whydown.yml:18:15: maintenance[2].timezone: "Europe/Berln" is not a time zone (did you mean "Europe/Berlin"?)',
      `whydown.yml:19:11: maintenance[3].cron: "*/5 * * * *" starts more than once an hour; give the minute as one number ${cronHelp}`,
      'whydown.yml:21:16: maintenance[3].monitors[0]: "shpo" is not a monitor (did you mean "shop"?)',
      'whydown.yml:22:5: maintenance[4]: "duration" is missing: how long each window lasts (e.g. 30m, 2h)',
      'whydown.yml:23:5: maintenance[5]: needs "start" and "end" (a one-off window) or "cron" and "duration" (a recurring one)',
      'whydown.yml:24:12: maintenance[6].start: a window is one-off (start, end) or recurring (cron, duration), not both',
      'whydown.yml:27:76: maintenance[7].timezone: applies to recurring windows; a one-off window\'s start and end carry their own UTC offset',
      'whydown.yml:27:87: maintenance[7].tags: is empty; leave the key out to cover every monitor',
      'whydown.yml:28:12: maintenance[8].cron: "0 0 30 2 *" never happens (no date matches it)',
      'whydown.yml:28:40: maintenance[8].durations: unknown key (did you mean "duration"?)',
      'whydown.yml:29:47: maintenance[9].duration: "10s" is too short: the window must be at least 1m',
      'whydown.yml:30:42: maintenance[10].end: "2026-03-14T22:00:00Z" is the same time as the start ("2026-03-14T22:00:00Z"); a window ends after it starts',
      'whydown.yml:31:35: maintenance[11].duration: "8d" is too long: the window must be at most 7d',
      'whydown.yml:31:49: maintenance[11].timezone: "+01:00" is not a time zone (use an IANA name such as Europe/Berlin, America/New_York or UTC)',
      'whydown.yml:32:13: maintenance[12].start: "yesterday" is not a time (use ISO 8601 with a UTC offset, e.g. 2026-03-14T22:00:00+01:00, or Z for UTC)',
      'whydown.yml:32:63: maintenance[12].reason: must be one line of 1 to 200 characters',
    ]);
  });

  it('wrong kinds of value, and a window naming monitors when there are none', () => {
    assert.deepEqual(problems('maintenance: {start: x}\n'), ['whydown.yml:1:14: maintenance: expected a list, got a map']);
    assert.deepEqual(problems('maintenance:\n  - cron: [a]\n    duration: 1h\n  - {start: "2026-01-01T00:00:00Z", end: "2026-01-02T00:00:00Z", monitors: [shop]}\n'), [
      'whydown.yml:2:11: maintenance[0].cron: expected text, got a list',
      'whydown.yml:4:77: maintenance[1].monitors[0]: "shop" is not a monitor (the monitors: list is empty)',
    ]);
  });

  it('checks API input by the same rules, and a monitor\'s windows have no scope of their own', () => {
    const config = parseConfig('monitors: []\n', 'whydown.yml', { env: {} });
    assert.throws(() => parseMonitorInput({ name: 'web', url: 'https://web.example/', maintenance: [{ cron: '0 3 * * *', duration: '1h', tags: ['x'] }, { start: '2026-01-01T00:00' }] }, config), {
      code: 'E_CONFIG',
      message: [
        '3 problems in the config:',
        'maintenance[0].tags: a monitor\'s own window covers only that monitor; "tags" belongs in the top-level maintenance: list',
        'maintenance[1].start: "2026-01-01T00:00" has no UTC offset; add one (e.g. +01:00, or Z for UTC) so the time is unambiguous',
        'maintenance[1]: "end" is missing (or give a "duration")',
      ].join('\n'),
    });
  });
});
