// Apache httpd's error log, written by a real apache2 (mod_proxy_http, mod_proxy_fcgi,
// mod_proxy_balancer, a real php-fpm behind mod_proxy_fcgi, the event MPM at MaxRequestWorkers).
import assert from 'node:assert/strict';
import { chmod } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import { startApache, type Apache } from '../support/apache.js';
import { startPhpFpm, type PhpFpm } from '../support/phpfpm.js';
import { deadPort, makeTempDir } from '../support/process.js';
import type { LogEvent } from '../../src/logs/types.js';
import type { Cause } from '../../src/core/model.js';
import { causesForClient, readEvents, saveFixtureFile } from './helpers.js';
import { eventually, request, startUpstreams, type Behaviour, type Upstream } from './upstreams.js';

const BEHAVIOURS = ['close', 'reset', 'silent', 'huge-header', 'bad-header', 'ok'] as const;

/** path → the cause (and, when Apache logs it, the request) its entries must give. */
const EXPECTED: Record<string, { cause: Cause; request?: string }> = {
  '/refused': { cause: 'upstream-refused' },
  '/closed': { cause: 'upstream-closed', request: '/closed' },
  '/reset': { cause: 'upstream-closed', request: '/reset' },
  '/slow': { cause: 'upstream-timeout', request: '/slow' },
  '/big': { cause: 'upstream-header-too-big', request: 'GET /big' },
  '/badheader': { cause: 'upstream-invalid-response' },
  '/tls': { cause: 'upstream-tls-failed', request: '/tls' },
  '/fcgi-missing': { cause: 'upstream-refused' },
  '/fcgi-http': { cause: 'upstream-invalid-response' },
  '/fcgi-slow': { cause: 'upstream-timeout' },
  '/fcgi-closed': { cause: 'upstream-closed' },
  '/php/fatal.php': { cause: 'app-error' },
  '/php/maxexec.php': { cause: 'upstream-killed' },
};

describe('Apache error log written by a real apache2', () => {
  let apache: Apache;
  let busy: Apache;
  let fpm: PhpFpm;
  let upstreams: Awaited<ReturnType<typeof startUpstreams<(typeof BEHAVIOURS)[number]>>>;
  let events: LogEvent[] = [];
  let busyEvents: LogEvent[] = [];
  const clients: Record<string, string[]> = {};
  let closedPort = 0;

  before(async () => {
    upstreams = await startUpstreams(BEHAVIOURS);
    const u = (b: (typeof BEHAVIOURS)[number]): string => `127.0.0.1:${upstreams[b].port}`;
    closedPort = await deadPort();
    const closed2 = await deadPort();
    const scratch = await makeTempDir('apache-test');
    await chmod(scratch, 0o755); // so the missing socket is missing (ENOENT), not forbidden to www-data
    fpm = await startPhpFpm({
      scripts: {
        'fatal.php': '<?php undefined_function_xyz();\n',
        'maxexec.php': '<?php set_time_limit(1); $x = 0; while (true) { $x++; }\n',
      },
    });
    apache = await startApache(`
SSLProxyEngine on
ProxyTimeout 1
ProxyPass /refused http://127.0.0.1:${closedPort}/
ProxyPass /closed http://${u('close')}/
ProxyPass /reset http://${u('reset')}/
ProxyPass /slow http://${u('silent')}/
ProxyPass /big http://${u('huge-header')}/
ProxyPass /badheader http://${u('bad-header')}/
ProxyPass /tls https://${u('ok')}/
ProxyPass /fcgi-missing unix:${scratch}/missing.sock|fcgi://localhost/
ProxyPass /fcgi-http fcgi://${u('ok')}/
ProxyPass /fcgi-slow fcgi://${u('silent')}/
ProxyPass /fcgi-closed fcgi://${u('close')}/
ProxyPassMatch ^/php/(.*\\.php)$ unix:${fpm.socket}|fcgi://localhost${fpm.docroot}/$1 timeout=5
<Proxy balancer://pool>
  BalancerMember http://127.0.0.1:${closedPort}
  BalancerMember http://127.0.0.1:${closed2}
  ProxySet forcerecovery=Off
</Proxy>
ProxyPass /pool balancer://pool/
`, { modules: ['proxy', 'proxy_http', 'proxy_fcgi', 'proxy_balancer', 'slotmem_shm', 'lbmethod_byrequests', 'ssl'] });
    for (const path of Object.keys(EXPECTED)) clients[path] = [(await request(apache.port, path)).client];
    clients['/pool'] = [];
    for (let i = 0; i < 2; i++) clients['/pool'].push((await request(apache.port, '/pool')).client);

    // A second server with two workers, both held by a slow upstream: the MPM says it is full.
    busy = await startApache(`ProxyTimeout 4\nProxyPass / http://${u('silent')}/\n`, { modules: ['proxy', 'proxy_http'], workers: 2 });
    await Promise.all(Array.from({ length: 5 }, () => request(busy.port, '/', { timeoutMs: 8000 })));

    await eventually(async () => (await readEvents(apache.errorLog)).events.length >= Object.keys(EXPECTED).length + 3);
    events = (await readEvents(apache.errorLog)).events;
    await eventually(async () => (await readEvents(busy.errorLog)).events.length > 0);
    busyEvents = (await readEvents(busy.errorLog)).events;
    await saveFixtureFile('apache', 'proxy', apache.errorLog);
    await saveFixtureFile('apache', 'max-request-workers', busy.errorLog);
  });

  after(async () => {
    await apache?.stop();
    await busy?.stop();
    await fpm?.stop();
    await upstreams?.closeAll();
  });

  for (const [path, { cause, request: logged }] of Object.entries(EXPECTED)) {
    test(`${path} → ${cause}`, () => {
      const client = clients[path]![0]!;
      assert.deepEqual(causesForClient(events, client), [cause], `events: ${JSON.stringify(events.filter((e) => e.client === client))}`);
      if (logged) assert.equal(events.find((e) => e.client === client)?.request, logged);
    });
  }

  test('one failure is one event: companion entries (AH01114, AH00898, AH01075 …) fill it in', () => {
    const refused = events.find((e) => e.client === clients['/refused']![0]);
    assert.equal(refused?.upstream, `127.0.0.1:${closedPort}`);
    assert.match(refused?.message ?? '', /attempt to connect to 127\.0\.0\.1:\d+ .* failed/);
    const tls = events.find((e) => e.client === clients['/tls']![0]);
    assert.match(tls?.message ?? '', /SSL Handshake/);
    assert.match(events.find((e) => e.client === clients['/fcgi-missing']![0])?.upstream ?? '', /^unix:\/.*missing\.sock$/);
  });

  test('a balancer with every member failed: refused for each member, then no-healthy-upstream', () => {
    const [first, second] = clients['/pool']!;
    assert.deepEqual(causesForClient(events, first!), ['upstream-refused', 'upstream-refused']);
    assert.deepEqual(causesForClient(events, second!), ['no-healthy-upstream']);
    assert.equal(events.find((e) => e.client === second)?.upstream, 'balancer://pool');
  });

  test('MaxRequestWorkers reached → overloaded; "within MinSpareThreads of MaxRequestWorkers" is only a warning', () => {
    assert.ok(busyEvents.some((e) => e.cause === 'overloaded' && /AH00484|reached MaxRequestWorkers/.test(e.message)), JSON.stringify(busyEvents));
    assert.ok(!events.some((e) => /MinSpareThreads/.test(e.message)));
  });

  test('times are read in local time, with microseconds', () => {
    const time = events[0]?.time;
    assert.ok(time && Math.abs(Date.parse(time) - Date.now()) < 300_000, `time ${time} is now`);
    assert.match(time, /\.\d{3}Z$/);
  });
});
