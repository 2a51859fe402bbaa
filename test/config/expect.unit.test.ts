// expect: the contract's keys (body, maxResponseTime, certValidFor, json) beside the earlier
// bodyContains, read from the file with file:line:col problems and from the API's JSON by path.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, formatIssue } from '../../src/serve/config/errors.js';
import { parseConfig, parseMonitorInput } from '../../src/serve/config/load.js';
import { monitorSettings } from '../../src/serve/engine/monitor-view.js';

const one = (expect: string) => parseConfig(`monitors:\n  - name: web\n    url: https://web.example/\n    expect: ${expect}\n`, 'w.yml').monitors[0]!;

function problems(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error));
    return error.issues.map(formatIssue);
  }
  assert.fail('no problem reported');
}

describe('config: expect', () => {
  it('reads the contract keys; body is bodyContains under its contract name', () => {
    const m = one('{status: 200, body: healthy, maxResponseTime: 2s, certValidFor: 14d, json: {"$.status": ok, "$.db.up": true, "$.n": 3, "$.gone": null}}');
    assert.deepEqual(m.expect, {
      status: [{ min: 200, max: 200 }],
      bodyContains: 'healthy',
      maxResponseTimeMs: 2000,
      certValidForMs: 14 * 86_400_000,
      json: [
        { path: '$.status', value: 'ok' },
        { path: '$.db.up', value: true },
        { path: '$.n', value: 3 },
        { path: '$.gone', value: null },
      ],
    });
    assert.deepEqual(one('{bodyContains: healthy}').expect, { bodyContains: 'healthy' });
  });

  it('reports each bad value at its line and column', () => {
    const text = [
      'monitors:',
      '  - name: web',
      '    url: https://web.example/',
      '    expect:',
      '      maxResponseTime: soon',
      '      certValidFor: 30m',
      '      json:',
      '        "status": ok',
      '        "$.a[0": ok',
      '        "$.items[?(@.up)]": ok',
      '        "$.obj": {nested: 1}',
      '  - name: api',
      '    url: https://api.example/',
      '    expect: {json: ["$.status"], body: a, bodyContains: a}',
    ].join('\n');
    assert.deepEqual(problems(() => parseConfig(text, 'w.yml')), [
      'w.yml:5:24: monitors[0].expect.maxResponseTime: "soon" is not a duration (use 30s, 5m, 1h)',
      'w.yml:6:21: monitors[0].expect.certValidFor: "30m" is too short: the certificate validity asked for must be at least 1h',
      'w.yml:8:9: monitors[0].expect.json.status: "status" is not a usable JSONPath: it must start with "$" (e.g. "$.status")',
      'w.yml:9:9: monitors[0].expect.json.$.a[0: "$.a[0" is not a usable JSONPath: it has a "[" without its "]"',
      'w.yml:10:9: monitors[0].expect.json.$.items[?(@.up)]: "$.items[?(@.up)]" is not a usable JSONPath: filter and script expressions (?(…), (…)) are not supported; name the value\'s path (e.g. "$.checks[0].status")',
      'w.yml:11:18: monitors[0].expect.json.$.obj: expected a plain value (text, number, true/false or null), got a map',
      'w.yml:14:20: monitors[1].expect.json: expected a map of JSONPath to value (e.g. "$.status": ok), got a list',
      'w.yml:14:40: monitors[1].expect.body: "body" and "bodyContains" are the same expectation; keep one',
    ]);
  });

  it('maxResponseTime must be shorter than the timeout, the defaults\' included', () => {
    assert.deepEqual(problems(() => parseConfig('defaults: {expect: {maxResponseTime: 3s}}\nmonitors:\n  - {name: web, url: "https://web.example/", timeout: 2s}\n', 'w.yml')), [
      'w.yml:3:55: monitors[0].timeout: expect.maxResponseTime (3s) must be shorter than the timeout (2s): an answer that slow is already down',
    ]);
    assert.equal(one('{maxResponseTime: 9s}').expect.maxResponseTimeMs, 9000, 'under the 10s default timeout');
  });

  it('a HEAD monitor cannot check JSON: the response has no body', () => {
    const [problem] = problems(() => parseConfig('monitors:\n  - {name: web, url: "https://web.example/", method: HEAD, expect: {json: {"$.ok": true}}}\n'));
    assert.match(problem!, /expect\.json needs a body, and a HEAD response has none/);
  });

  it('the API body is checked by the same rules, by path', () => {
    const config = parseConfig('monitors: []\n');
    const m = parseMonitorInput({ name: 'web', url: 'https://web.example/', expect: { json: { '$.status': 'ok', '$.count': 2 }, maxResponseTime: '500ms' } }, config);
    assert.deepEqual(m.expect, { json: [{ path: '$.status', value: 'ok' }, { path: '$.count', value: 2 }], maxResponseTimeMs: 500 });
    assert.deepEqual(problems(() => parseMonitorInput({ name: 'web', url: 'https://web.example/', expect: { json: 'ok', certValidFor: '10y' } }, config)), [
      'expect.certValidFor: "10y" is not a duration (use 30s, 5m, 1h)',
      'expect.json: expected a map of JSONPath to value (e.g. "$.status": ok), got "ok"',
    ]);
  });
});

describe('expect: as the API shows it', () => {
  it('a config monitor\'s expectations come back as written and read back the same (GET, edit, PUT)', () => {
    const m = one('{body: healthy, maxResponseTime: 1500ms, certValidFor: 14d, json: {"$.status": ok, "$.n": 3}}');
    const settings = monitorSettings(m);
    assert.deepEqual(settings.expect, { bodyContains: 'healthy', maxResponseTime: '1s500ms', certValidFor: '14d', json: { '$.status': 'ok', '$.n': 3 } });
    const again = parseMonitorInput({ name: 'web', url: m.url, ...settings }, parseConfig('monitors: []\n'));
    assert.deepEqual(again.expect, m.expect);
  });
});
