// type: dns and type: push monitors in the config and the API: their keys, defaults and
// normalisation, and every key of another type refused where it is written.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, formatIssue } from '../../src/serve/config/errors.js';
import { parseConfig, parseMonitorInput } from '../../src/serve/config/load.js';
import { monitorSettings } from '../../src/serve/engine/monitor-view.js';
import { pushCheckEvery } from '../../src/serve/engine/push.js';

function problems(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error));
    return error.issues.map(formatIssue);
  }
  assert.fail('no problem reported');
}

describe('config: type dns', () => {
  it('reads a dns monitor: name lower-cased without its dot, record A by default, resolvers normalised, answers normalised', () => {
    const config = parseConfig([
      'defaults: {interval: 30s, expect: {status: 200}}',
      'monitors:',
      '  - {name: www, type: dns, target: "WWW.Shop.Example.", dnsServers: [1.1.1.1, "127.0.0.1:5353", "[::1]:53", 1.1.1.1], expect: {answer: [203.0.113.7]}}',
      '  - {name: mx, type: dns, target: shop.example, record: mx, expect: {answer: ["10 MX1.Shop.Example."]}}',
      '  - {name: v6, type: dns, target: shop.example, record: AAAA, expect: {answer: ["2001:DB8:0::1"]}}',
    ].join('\n'));
    const [www, mx, v6] = config.monitors;
    assert.deepEqual([www!.type, www!.target, www!.record, www!.url, www!.dnsServers, www!.expect], [
      'dns', 'www.shop.example', 'A', 'dns://www.shop.example/A', ['1.1.1.1:53', '127.0.0.1:5353', '[::1]:53'], { answer: ['203.0.113.7'] },
    ]);
    assert.deepEqual([mx!.record, mx!.expect.answer, mx!.dnsServers], ['MX', ['10 mx1.shop.example'], undefined]);
    assert.deepEqual(v6!.expect.answer, ['2001:db8::1']);
    assert.deepEqual(monitorSettings(www!), {
      type: 'dns', target: 'www.shop.example', record: 'A', dnsServers: ['1.1.1.1:53', '127.0.0.1:5353', '[::1]:53'],
      interval: '30s', timeout: '10s', confirm: { failures: 2 }, tags: [], notify: [], flapping: monitorSettings(www!).flapping, expect: { answer: ['203.0.113.7'] },
    });
    // The settings, with the url the API shows, read back as the same monitor.
    const again = parseMonitorInput({ name: 'www', url: www!.url, ...monitorSettings(www!) }, config);
    assert.deepEqual(again, www);
  });

  it('refuses what a dns monitor cannot be: no target, a URL, a bad record type or resolver, http keys, an empty answer', () => {
    const found = problems(() => parseConfig([
      'monitors:',
      '  - {name: a, type: dns}',
      '  - {name: b, type: dns, target: "https://b.example/"}',
      '  - {name: c, type: dns, target: c.example, record: SRV}',
      '  - {name: d, type: dns, target: d.example, dnsServers: [dns.google, "1.1.1.1:99999"]}',
      '  - {name: e, type: dns, target: e.example, method: POST, expect: {status: 200}}',
      '  - {name: f, type: dns, target: e.example, expect: {answer: []}}',
      '  - {name: g, type: dns, target: "bad name.example"}',
      '  - {name: h, url: "https://h.example/", record: A}',
    ].join('\n'), 'w.yml'));
    assert.deepEqual(found, [
      'w.yml:2:5: monitors[0]: "target" is missing (the name to look up, e.g. www.shop.example)',
      'w.yml:3:34: monitors[1].target: "https://b.example/" is a URL; a dns target is a name, e.g. www.shop.example',
      'w.yml:4:53: monitors[2].record: "SRV" is not a record type a dns monitor checks (one of: A, AAAA, CNAME, MX, TXT, NS)',
      'w.yml:5:58: monitors[3].dnsServers[0]: "dns.google" is not a resolver address (an IP address with an optional :port, e.g. 1.1.1.1 or 127.0.0.1:5353)',
      'w.yml:5:70: monitors[3].dnsServers[1]: "1.1.1.1:99999" is not a resolver address (an IP address with an optional :port, e.g. 1.1.1.1 or 127.0.0.1:5353)',
      'w.yml:6:53: monitors[4].method: a dns monitor asks a resolver: "method" is for http monitors',
      'w.yml:6:68: monitors[4].expect.status: unknown key (one of: answer)',
      'w.yml:7:62: monitors[5].expect.answer: is empty; list the records the answer must hold (e.g. [203.0.113.7])',
      'w.yml:8:34: monitors[6].target: "bad name.example" is not a DNS name (letters, digits and hyphens, labels joined by dots, e.g. www.shop.example)',
      'w.yml:9:50: monitors[7].record: "record" is for dns monitors, not http ones (add type: dns)',
    ]);
  });
});

describe('config: type push', () => {
  it('reads a push monitor: token from ${ENV}, grace (a tenth of the interval, at least a minute, when left out), confirm 1', () => {
    const config = parseConfig([
      'monitors:',
      '  - {name: nightly-backup, type: push, token: "${BACKUP_PUSH_TOKEN}", interval: 24h, grace: 30m}',
      '  - {name: hourly, type: push, token: "0123456789abcdef", interval: 1h}',
      '  - {name: fast, type: push, token: "0123456789abcdef", interval: 5m}',
    ].join('\n'), 'w.yml', { env: { BACKUP_PUSH_TOKEN: 'secret-from-env' } });
    const [nightly, hourly, fast] = config.monitors;
    assert.deepEqual([nightly!.type, nightly!.url, nightly!.token, nightly!.intervalMs, nightly!.graceMs, nightly!.confirm], [
      'push', 'push://nightly-backup', 'secret-from-env', 86_400_000, 1_800_000, { failures: 1 },
    ]);
    assert.deepEqual([hourly!.graceMs, fast!.graceMs], [360_000, 60_000]);
    const settings = monitorSettings(nightly!);
    assert.equal(settings.token, undefined, 'the token never goes to the store');
    assert.deepEqual([settings.type, settings.interval, settings.grace, settings.timeout], ['push', '1d', '30m', undefined]);
    assert.equal(pushCheckEvery(nightly!), 60_000);
    assert.equal(pushCheckEvery({ intervalMs: 2000, graceMs: 1000 }), 1000);
  });

  it('refuses a push monitor without a token, with a short one, with probe keys; the token never appears in a message', () => {
    const found = problems(() => parseConfig([
      'monitors:',
      '  - {name: a, type: push}',
      '  - {name: b, type: push, token: "${SHORT}"}',
      '  - {name: c, type: push, token: "0123456789abcdef", target: "c.example:1", expect: {status: 200}, timeout: 2s}',
      '  - {name: d, type: push, token: "0123456789abcdef", url: "https://d.example/"}',
      '  - {name: e, type: tcp, target: "e.example:22", token: "0123456789abcdef", grace: 1m}',
    ].join('\n'), 'w.yml', { env: { SHORT: 'abc' } }));
    assert.deepEqual(found, [
      'w.yml:2:5: monitors[0]: "token" is missing (the secret the job sends: token: "${BACKUP_PUSH_TOKEN}")',
      'w.yml:3:34: monitors[1].token: is too short; a push token has at least 8 characters (e.g. from `openssl rand -hex 16`)',
      'w.yml:4:62: monitors[2].target: a push monitor waits for reports: "target" does not apply to it',
      'w.yml:4:85: monitors[2].expect: a push monitor waits for reports: "expect" does not apply to it',
      'w.yml:4:109: monitors[2].timeout: a push monitor waits for reports: "timeout" does not apply to it',
      'w.yml:5:59: monitors[3].url: a push monitor has no url: its job reports to /api/v1/push/{name}',
      'w.yml:6:57: monitors[4].token: "token" is for push monitors, not tcp ones (add type: push)',
      'w.yml:6:84: monitors[4].grace: "grace" is for push monitors, not tcp ones (add type: push)',
    ]);
  });

  it('reads a push monitor from the API (no ${ENV} there) and takes back the url it shows', () => {
    const monitor = parseMonitorInput({ name: 'job', type: 'push', token: 'abcdefgh1234', url: 'push://job', interval: '1h', grace: '5m' }, { defaults: parseConfig('{}').defaults, notify: [] });
    assert.deepEqual([monitor.token, monitor.graceMs], ['abcdefgh1234', 300_000]);
  });
});
