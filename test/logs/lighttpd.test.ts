// lighttpd's error log, written by a real lighttpd (mod_proxy, and its FastCGI gateway in front of
// a real php-fpm).
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import { startLighttpd, type Lighttpd } from '../support/lighttpd.js';
import { startPhpFpm, type PhpFpm } from '../support/phpfpm.js';
import { deadPort, makeTempDir } from '../support/process.js';
import type { LogEvent } from '../../src/logs/types.js';
import type { Cause } from '../../src/core/model.js';
import { readEvents, saveFixture } from './helpers.js';
import { eventually, request, startUpstreams } from './upstreams.js';

const BEHAVIOURS = ['close', 'reset', 'garbage', 'silent', 'huge-header'] as const;

describe('lighttpd error log written by a real lighttpd', () => {
  let lighttpd: Lighttpd;
  let fpm: PhpFpm;
  let upstreams: Awaited<ReturnType<typeof startUpstreams<(typeof BEHAVIOURS)[number]>>>;
  let events: LogEvent[] = [];
  let log = '';
  let closed = 0;
  let missing = '';

  const find = (predicate: (e: LogEvent) => boolean): Cause[] => events.filter(predicate).map((e) => e.cause);

  before(async () => {
    upstreams = await startUpstreams(BEHAVIOURS);
    closed = await deadPort();
    missing = `${await makeTempDir('lighttpd-test')}/missing.sock`;
    fpm = await startPhpFpm({
      pool: { 'pm.max_children': 1, 'listen.backlog': 0, request_terminate_timeout: '2s' },
      scripts: { 'sleep.php': '<?php usleep((int)(((float)($_GET["s"] ?? 1)) * 1000000)); echo "done\\n";\n' },
    });
    const proxy = (path: string, port: number, extra = ''): string =>
      `$HTTP["url"] =~ "^${path}" { proxy.server = ( "" => (( "host" => "127.0.0.1", "port" => ${port}${extra} )) ) }`;
    lighttpd = await startLighttpd(`
${proxy('/refused', closed)}
${proxy('/closed', upstreams.close.port)}
${proxy('/reset', upstreams.reset.port)}
${proxy('/garbage', upstreams.garbage.port)}
${proxy('/slow', upstreams.silent.port, ', "read-timeout" => 1')}
${proxy('/big', upstreams['huge-header'].port)}
$HTTP["url"] =~ "^/fcgi-missing" { fastcgi.server = ( "" => (( "socket" => "${missing}", "check-local" => "disable" )) ) }
$HTTP["url"] =~ "\\.php$" {
  server.document-root = "${fpm.docroot}"
  fastcgi.server = ( ".php" => (( "socket" => "${fpm.socket}", "check-local" => "disable", "disable-time" => 0 )) )
}
`, { modules: ['mod_proxy', 'mod_fastcgi'] });
    for (const path of ['/refused', '/closed', '/reset', '/garbage', '/slow', '/big', '/fcgi-missing']) await request(lighttpd.port, path);
    // php-fpm with one child and no backlog: concurrent requests find its socket's queue full;
    // a request past request_terminate_timeout is killed.
    await Promise.all(Array.from({ length: 4 }, () => request(lighttpd.port, '/sleep.php?s=0.5')));
    await request(lighttpd.port, '/sleep.php?s=4');
    await eventually(async () => (await readEvents(lighttpd.errorLog)).events.length >= 7);
    log = await readFile(lighttpd.errorLog, 'utf8');
    events = (await readEvents(lighttpd.errorLog)).events;
    await saveFixture('lighttpd', 'proxy-fastcgi', log);
  });

  after(async () => {
    await lighttpd?.stop();
    await fpm?.stop();
    await upstreams?.closeAll();
  });

  test('a closed port → upstream-refused, with the request from "all handlers … are down"', () => {
    const refused = events.filter((e) => e.upstream === `tcp:127.0.0.1:${closed}`);
    assert.deepEqual(refused.map((e) => e.cause), ['upstream-refused'], log);
    assert.match(refused[0]?.request ?? '', /^\/refused/);
  });

  test('a missing FastCGI socket → upstream-refused', () => {
    assert.deepEqual(find((e) => e.upstream === `unix:${missing}`), ['upstream-refused'], log);
  });

  test('proxy read-timeout → upstream-timeout', () => {
    assert.deepEqual(find((e) => e.upstream === `tcp:127.0.0.1:${upstreams.silent.port}`), ['upstream-timeout'], log);
  });

  test('a reset before the response → upstream-closed', () => {
    assert.deepEqual(find((e) => e.upstream === `tcp:127.0.0.1:${upstreams.reset.port}`), ['upstream-closed'], log);
  });

  test('response headers too large → upstream-header-too-big', () => {
    assert.deepEqual(find((e) => e.request?.startsWith('/big') ?? false), ['upstream-header-too-big'], log);
  });

  test('php-fpm\'s full accept queue: retried connections are not counted, the request given up on is upstream-closed', () => {
    // lighttpd 1.4.69 logs "connection was dropped after accept()" and "request not sent …
    // reconnecting" for each retry, then "request sent: 0 … closing connection" once.
    const given = (log.match(/request sent: 0 on socket: unix:.* for \/sleep\.php\?s=0\.5, closing connection/g) ?? []).length;
    assert.ok(given >= 1, log);
    assert.deepEqual(find((e) => e.request === '/sleep.php?s=0.5'), Array(given).fill('upstream-closed'), log);
  });

  test('php-fpm killing a request at request_terminate_timeout → upstream-closed', () => {
    assert.ok(events.some((e) => e.cause === 'upstream-closed' && e.upstream === `unix:${fpm.socket}` && /sleep\.php/.test(e.request ?? '')), log);
  });

  test('an upstream that closes at once or answers garbage: lighttpd 1.4 logs nothing', () => {
    assert.equal(events.filter((e) => [upstreams.close.port, upstreams.garbage.port].some((p) => e.upstream?.endsWith(`:${p}`))).length, 0);
  });
});
