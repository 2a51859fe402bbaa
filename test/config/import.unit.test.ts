// `whydown import`: an Uptime Kuma backup and a Gatus config shaped like the real ones (in
// test/fixtures/import/) become a whydown config that whydown's own loader reads; what cannot be
// carried over is listed, never dropped in silence; hostile input is one line, not a crash.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { WhydownError } from '../../src/core/errors.js';
import { parseConfig } from '../../src/serve/config/load.js';
import type { MonitorConfig } from '../../src/serve/config/types.js';
import { importText } from '../../src/serve/import/index.js';

const FIXTURES = path.join(path.dirname(new URL(import.meta.url).pathname), '..', '..', '..', 'test', 'fixtures', 'import');
const fixture = (name: string): string => readFileSync(path.join(FIXTURES, name), 'utf8');

function load(yaml: string, env: Record<string, string> = {}): Map<string, MonitorConfig> {
  const config = parseConfig(yaml, 'imported.yml', { env });
  return new Map(config.monitors.map((m) => [m.name, m]));
}

describe('whydown import uptime-kuma', () => {
  const output = importText('uptime-kuma', fixture('uptime-kuma-backup.json'));
  const monitors = load(output.yaml);

  it('the output loads with whydown\'s loader: http, keyword, json-query, port, dns, push', () => {
    assert.deepEqual(output.problems, []);
    assert.deepEqual([...monitors.keys()], [
      'shop-homepage', 'checkout-keyword', 'api-health', 'search-jsonata', 'postgres', 'www-a-record', 'mail-mx', 'nightly-backup', 'login-form', 'legacy-page-gone',
    ]);
    const shop = monitors.get('shop-homepage')!;
    assert.deepEqual([shop.url, shop.intervalMs, shop.confirm.failures, shop.expect.certValidForMs, shop.tags], ['https://shop.example.com/', 60_000, 2, 21 * 86_400_000, ['web', 'Production']]);
    assert.equal(monitors.get('checkout-keyword')!.expect.bodyContains, 'Place order');
    const api = monitors.get('api-health')!;
    assert.deepEqual([api.expect.json, api.expect.status, api.headers['x-api-key']], [[{ path: '$.status', value: 'ok' }], [{ min: 200, max: 299 }, { min: 300, max: 399 }], 'kuma-demo-key']);
    const pg = monitors.get('postgres')!;
    assert.deepEqual([pg.type, pg.target, pg.intervalMs, pg.confirm.failures], ['tcp', '10.0.0.5:5432', 30_000, 3]);
    const www = monitors.get('www-a-record')!;
    assert.deepEqual([www.type, www.target, www.record, www.dnsServers], ['dns', 'www.example.com', 'A', ['9.9.9.9:53']]);
    assert.equal(monitors.get('mail-mx')!.record, 'MX');
    const push = monitors.get('nightly-backup')!;
    assert.deepEqual([push.type, push.token, push.intervalMs], ['push', 'Qx7rT2mV9kLp', 86_400_000]);
    const login = monitors.get('login-form')!;
    assert.deepEqual([login.method, login.body, login.headers.authorization], ['POST', '{"user":"probe"}', `Basic ${Buffer.from('probe:s3cret').toString('base64')}`]);
  });

  it('lists what is not carried over, in the output and for stderr: types, notifications, paused, JSONata, upside down', () => {
    const expected = [
      'monitor "Production" (group): a group; its monitors carry its name as a tag',
      'monitor "SRV lookup" (dns): record type SRV',
      'monitor "Router ping" (ping): whydown has no ICMP',
      'monitor "Redis" (redis): whydown has no "redis" monitor',
      'monitor "Admin (maintenance)" (http): paused in Uptime Kuma, left out',
      'notification "Ops Slack" (slack, default)',
      'used by shop-homepage, checkout-keyword',
      'notification "On-call email" (smtp)',
      'search-jsonata: its JSON query "$count(results) > 0" is a JSONata expression',
      'legacy-page-gone: "upside down mode"',
      'login-form: "ignore TLS errors"',
    ];
    for (const text of expected) {
      assert.ok(output.notes.some((note) => note.includes(text)), `no note with ${text}\n${output.notes.join('\n')}`);
      assert.ok(output.yaml.includes(text.replace(/^[a-z-]+: (?=["i])/, '')), `not in the YAML: ${text}`);
    }
    assert.ok(!output.yaml.includes('hooks.slack.com'), 'a notification\'s secret URL is not copied');
  });
});

describe('whydown import gatus', () => {
  const output = importText('gatus', fixture('gatus-config.yaml'));
  const monitors = load(output.yaml, { API_TOKEN: 'from-env', PUSH_TOKEN_NIGHTLY: 'nightly-token-1' });

  it('the output loads: conditions become expectations, tcp://, DNS queries, external endpoints as push', () => {
    assert.deepEqual(output.problems, []);
    assert.deepEqual([...monitors.keys()], ['website', 'make-sure-header-is-rendered', 'api-create', 'postgres', 'example-dns-query', 'ip-check', 'ext-ep-test', 'nightly']);
    const site = monitors.get('website')!;
    assert.deepEqual([site.intervalMs, site.expect.status, site.expect.json, site.expect.maxResponseTimeMs, site.expect.certValidForMs, site.confirm.failures, site.tags], [
      300_000, [{ min: 200, max: 200 }], [{ path: '$.status', value: 'UP' }], 300, 48 * 3_600_000, 5, ['core'],
    ]);
    const header = monitors.get('make-sure-header-is-rendered')!;
    assert.deepEqual([header.expect.bodyContains, header.expect.status], ['<h1>Example Domain</h1>', [{ min: 200, max: 299 }]]);
    const api = monitors.get('api-create')!;
    assert.deepEqual([api.method, api.timeoutMs, api.headers.authorization, api.expect.json], ['POST', 5000, 'Bearer from-env', [{ path: '$.data[0].id', value: 1 }]]);
    assert.deepEqual([monitors.get('postgres')!.type, monitors.get('postgres')!.target], ['tcp', '10.0.0.5:5432']);
    const dns = monitors.get('example-dns-query')!;
    assert.deepEqual([dns.type, dns.target, dns.record, dns.dnsServers, dns.expect.answer], ['dns', 'example.com', 'A', ['8.8.8.8:53'], ['93.184.216.34']]);
    const ext = monitors.get('ext-ep-test')!;
    assert.deepEqual([ext.type, ext.token, ext.intervalMs], ['push', 'potato-token-2024', 1_800_000]);
    assert.match(output.yaml, /token: \$\{PUSH_TOKEN_NIGHTLY\}/);
  });

  it('lists icmp, disabled endpoints, alerting providers, conditions it cannot express', () => {
    for (const text of ['endpoint "router": whydown has no icmp:// monitor', 'endpoint "staging": disabled', 'alerting provider "slack"', 'alerting provider "pagerduty"',
      'api-create: condition "len([BODY].data) < 5"', 'ip-check: condition "[IP] == 93.184.216.34"', 'ip-check: condition "[DOMAIN_EXPIRATION] > 720h"', 'nightly: its token is shorter']) {
      assert.ok(output.notes.some((note) => note.includes(text)), `no note with ${text}\n${output.notes.join('\n')}`);
    }
  });
});

describe('whydown import: bad input', () => {
  it('a file that is not of the kind is one line; hostile values stay bounded and escaped', () => {
    for (const [source, text, message] of [
      ['uptime-kuma', '{"version": "1.23"}', /not an Uptime Kuma backup/],
      ['uptime-kuma', 'not json', /not JSON/],
      ['gatus', 'endpoints: [', /not YAML/],
      ['gatus', 'web: {port: 8080}', /not a Gatus config/],
    ] as const) {
      assert.throws(() => importText(source, text, 'f'), (error: unknown) => error instanceof WhydownError && message.test(error.message) && !error.message.includes('\n'));
    }
    const hostile = JSON.stringify({
      monitorList: [
        { id: 1, name: '\u001b[31mred\nline', type: 'http', url: 'https://x.example/', interval: 60, headers: JSON.stringify({ 'x-evil': 'a\r\nInjected: 1', 'bad name': 'v', ok: 'fine' }) },
        { id: 2, name: 'x'.repeat(500), type: 'weird\u0007type'.repeat(20) },
        { id: 3, name: '', type: 'port', hostname: 'h.example', port: 99999 },
        { id: 4, name: 'dup', type: 'http', url: 'https://a.example/' },
        { id: 5, name: 'dup', type: 'http', url: 'https://b.example/' },
      ],
    });
    const out = importText('uptime-kuma', hostile);
    assert.deepEqual(out.problems, []);
    assert.ok(!/[\u0000-\u0008\u000b-\u001f]/.test(out.yaml + out.notes.join('')), 'no control characters');
    assert.ok(out.notes.every((note) => note.length < 400));
    const loaded = load(out.yaml);
    assert.deepEqual([...loaded.keys()], ['31mred-line', 'dup', 'dup-2'], 'the escape sequence\'s letters stay, its ESC does not');
    assert.deepEqual(loaded.get('31mred-line')!.headers, { ok: 'fine' });
  });
});
