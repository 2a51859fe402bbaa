// Caddy's JSON log, written by a real caddy whose reverse_proxy is driven into each failure.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import { startCaddy, type Caddy } from '../support/caddy.js';
import { startPhpFpm, type PhpFpm } from '../support/phpfpm.js';
import { deadPort, makeTempDir } from '../support/process.js';
import type { LogEvent } from '../../src/logs/types.js';
import type { Cause } from '../../src/core/model.js';
import { causesFor, readEvents, saveFixture, startDnsServer, type DnsServer } from './helpers.js';
import { eventually, request, startUpstreams } from './upstreams.js';

const BEHAVIOURS = ['close', 'reset', 'garbage', 'silent', 'huge-header', 'ok'] as const;

const EXPECTED: Record<string, Cause> = {
  '/refused': 'upstream-refused',
  '/closed': 'upstream-closed',
  '/reset': 'upstream-closed',
  '/garbage': 'upstream-invalid-response',
  '/slow': 'upstream-timeout',
  '/big': 'upstream-header-too-big',
  '/tls': 'upstream-tls-failed',
  '/fcgi-missing': 'upstream-refused',
  '/dead': 'no-healthy-upstream',
  '/nx': 'dns-nxdomain',
  '/servfail': 'dns-servfail',
  '/dnstimeout': 'dns-timeout',
};

describe('Caddy log written by a real caddy', () => {
  let caddy: Caddy;
  let fpm: PhpFpm;
  let nx: DnsServer;
  let servfail: DnsServer;
  let silentDns: DnsServer;
  let upstreams: Awaited<ReturnType<typeof startUpstreams<(typeof BEHAVIOURS)[number]>>>;
  let events: LogEvent[] = [];
  let log = '';

  before(async () => {
    upstreams = await startUpstreams(BEHAVIOURS);
    const u = (b: (typeof BEHAVIOURS)[number]): string => `127.0.0.1:${upstreams[b].port}`;
    const closed = await deadPort();
    const scratch = await makeTempDir('caddy-test');
    nx = await startDnsServer(3);
    servfail = await startDnsServer(2);
    silentDns = await startDnsServer(-1); // never answers
    fpm = await startPhpFpm({
      pool: { 'pm.max_children': 1, 'listen.backlog': 0 },
      scripts: { 'sleep.php': '<?php usleep(500000); echo "done\\n";\n' },
    });
    const route = (path: string, body: string): string => `\thandle ${path}* {\n${body}\n\t}`;
    const proxy = (to: string, transport = ''): string =>
      transport ? `\t\treverse_proxy ${to} {\n\t\t\ttransport http {\n\t\t\t\t${transport}\n\t\t\t}\n\t\t}` : `\t\treverse_proxy ${to}`;
    caddy = await startCaddy([
      route('/refused', proxy(`127.0.0.1:${closed}`)),
      route('/closed', proxy(u('close'))),
      route('/reset', proxy(u('reset'))),
      route('/garbage', proxy(u('garbage'))),
      route('/slow', proxy(u('silent'), 'response_header_timeout 1s')),
      route('/big', proxy(u('huge-header'), 'max_response_header 4KB')),
      route('/tls', proxy(`https://${u('ok')}`)),
      route('/fcgi-missing', `\t\treverse_proxy unix/${scratch}/missing.sock {\n\t\t\ttransport fastcgi\n\t\t}`),
      route('/dead', `\t\treverse_proxy 127.0.0.1:${closed} {\n\t\t\thealth_uri /\n\t\t\thealth_interval 100ms\n\t\t}`),
      route('/nx', proxy('shop.test:80', `resolvers udp/127.0.0.1:${nx.port}`)),
      route('/servfail', proxy('shop.test:80', `resolvers udp/127.0.0.1:${servfail.port}`)),
      route('/dnstimeout', proxy('shop.test:80', `resolvers udp/127.0.0.1:${silentDns.port}`)),
      `\t@php path *.php\n\thandle @php {\n\t\troot * ${fpm.docroot}\n\t\tphp_fastcgi unix/${fpm.socket}\n\t}`,
      route('/', proxy(u('ok'))),
    ].join('\n'));
    await new Promise((resolve) => setTimeout(resolve, 500)); // the health checker marks /dead's upstream down
    for (const path of Object.keys(EXPECTED)) await request(caddy.port, path, { timeoutMs: 30_000 });
    await request(caddy.port, '/fine');
    // php-fpm with one child and no backlog: of several requests at once, some find its queue full.
    await Promise.all(Array.from({ length: 5 }, () => request(caddy.port, '/sleep.php')));
    await eventually(async () => (await readEvents(caddy.log)).events.length >= Object.keys(EXPECTED).length);
    log = await readFile(caddy.log, 'utf8');
    events = (await readEvents(caddy.log)).events;
    await saveFixture('caddy', 'reverse-proxy', log.split('\n').filter((line) => !line.includes('health_checker')).join('\n'));
  });

  after(async () => {
    await caddy?.stop();
    await fpm?.stop();
    await nx?.close();
    await servfail?.close();
    await silentDns?.close();
    await upstreams?.closeAll();
  });

  for (const [path, cause] of Object.entries(EXPECTED)) {
    test(`${path} → ${cause}`, () => {
      assert.deepEqual(causesFor(events, path), [cause], log);
    });
  }

  test('upstream, client and time come from the entry', () => {
    const refused = events.find((e) => e.request?.startsWith('GET /refused'));
    assert.match(refused?.upstream ?? '', /^127\.0\.0\.1:\d+$/);
    assert.match(refused?.client ?? '', /^127\.0\.0\.1:\d+$/);
    assert.match(refused?.message ?? '', /connection refused \(status 502\)$/);
    assert.ok(refused?.time && Math.abs(Date.parse(refused.time) - Date.now()) < 120_000);
    assert.equal(events.find((e) => e.request?.startsWith('GET /nx'))?.upstream, 'shop.test');
  });

  test('php-fpm\'s full accept queue → overloaded', () => {
    const busy = causesFor(events, '/sleep.php');
    assert.ok(busy.length >= 1 && busy.every((cause) => cause === 'overloaded'), log);
  });

  test('health-check attempts, access entries and Caddy\'s own messages are not counted', () => {
    assert.equal(events.length, Object.keys(EXPECTED).length + causesFor(events, '/sleep.php').length);
  });

  test('the access log alone names no cause', async () => {
    assert.equal((await readEvents(caddy.accessLog)).events.length, 0);
  });
});
