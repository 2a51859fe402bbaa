// php-fpm's own log, and nginx's in front of it: a real php-fpm with one child, a tiny listen
// backlog, request_terminate_timeout and a slowlog, driven by a real nginx.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import { startNginx, type Nginx } from '../support/nginx.js';
import { startPhpFpm, type PhpFpm } from '../support/phpfpm.js';
import type { LogEvent } from '../../src/logs/types.js';
import { causesFor, readEvents, saveFixture } from './helpers.js';
import { eventually, request } from './upstreams.js';

const SCRIPTS = {
  'sleep.php': '<?php usleep((int)(((float)($_GET["s"] ?? 1)) * 1000000)); echo "done\\n";\n',
  'fatal.php': '<?php undefined_function_xyz();\n',
  'maxexec.php': '<?php set_time_limit(1); $x = 0; while (true) { $x++; }\n',
  // Unbounded recursion through an internal function overflows the C stack in PHP 8.2: the
  // child dies of SIGSEGV.
  'crash.php': '<?php ini_set("memory_limit", "-1"); function down($n) { return array_map("down", [$n + 1]); } down(0);\n',
};

describe('php-fpm log (and nginx in front of it) written by a real php-fpm', () => {
  let fpm: PhpFpm;
  let nginx: Nginx;
  let fpmEvents: LogEvent[] = [];
  let nginxEvents: LogEvent[] = [];
  let fpmLog = '';
  let nginxLog = '';

  before(async () => {
    fpm = await startPhpFpm({
      scripts: SCRIPTS,
      pool: {
        pm: 'dynamic', 'pm.max_children': 1, 'pm.start_servers': 1, 'pm.min_spare_servers': 1, 'pm.max_spare_servers': 1,
        'listen.backlog': 1, request_terminate_timeout: '5s', request_slowlog_timeout: '1s',
      },
    });
    nginx = await startNginx(`
    root ${fpm.docroot};
    location ~ \\.php$ {
      fastcgi_pass unix:${fpm.socket};
      include /etc/nginx/fastcgi_params;
      fastcgi_param SCRIPT_FILENAME $document_root$fastcgi_script_name;
      fastcgi_read_timeout 10s;
    }`);
    await request(nginx.port, '/sleep.php?s=6'); // slow, then killed at request_terminate_timeout (5 s: wall-clock time, so it must stay well past maxexec.php's 1 s of CPU time even on a loaded machine)
    await request(nginx.port, '/fatal.php');
    await request(nginx.port, '/maxexec.php');
    await request(nginx.port, '/crash.php');
    // One child, backlog 1: of several at once, some find the socket's queue full.
    await Promise.all(Array.from({ length: 5 }, () => request(nginx.port, '/sleep.php?s=0.5')));
    await eventually(async () => (await readFile(fpm.errorLog, 'utf8')).includes('max_children'));
    await eventually(async () => (await readEvents(nginx.errorLog)).events.length >= 5);
    fpmLog = await readFile(fpm.errorLog, 'utf8');
    nginxLog = await readFile(nginx.errorLog, 'utf8');
    fpmEvents = (await readEvents(fpm.errorLog)).events;
    nginxEvents = (await readEvents(nginx.errorLog)).events;
    await saveFixture('php-fpm', 'pool', fpmLog);
    await saveFixture('nginx', 'fastcgi-php-fpm', nginxLog);
  });

  after(async () => {
    await nginx?.stop();
    await fpm?.stop();
  });

  test('php-fpm: a request past request_terminate_timeout → upstream-killed', () => {
    const killed = fpmEvents.filter((e) => e.cause === 'upstream-killed' && e.request === 'GET /sleep.php?s=6');
    assert.equal(killed.length, 1, fpmLog);
    assert.match(killed[0]!.message, /execution timed out .* terminating/);
    assert.equal(killed[0]!.upstream, 'pool www');
  });

  test('php-fpm: the slowlog warning → slow-response', () => {
    assert.ok(fpmEvents.some((e) => e.cause === 'slow-response' && e.request === 'GET /sleep.php?s=6'), fpmLog);
  });

  test('php-fpm: pool exhausted ("reached pm.max_children") → overloaded', () => {
    assert.ok(fpmEvents.some((e) => e.cause === 'overloaded' && /max_children/.test(e.message)), fpmLog);
  });

  test('php-fpm: PHP fatal error and max_execution_time (catch_workers_output) → app-error, upstream-killed', () => {
    assert.ok(fpmEvents.some((e) => e.cause === 'app-error' && /undefined_function_xyz/.test(e.message)), fpmLog);
    assert.ok(fpmEvents.some((e) => e.cause === 'upstream-killed' && /Maximum execution time/.test(e.message)), fpmLog);
  });

  test('php-fpm: a child that dies of a signal → upstream-closed; the SIGTERM after a timeout is not counted again', () => {
    assert.ok(fpmEvents.some((e) => e.cause === 'upstream-closed' && /signal 11/.test(e.message)), fpmLog);
    assert.ok(!fpmEvents.some((e) => /SIGTERM/.test(e.message)));
  });

  test('nginx: the same failures seen from the gateway', () => {
    assert.deepEqual(causesFor(nginxEvents, '/sleep.php?s=6'), ['upstream-closed'], nginxLog);
    assert.deepEqual(causesFor(nginxEvents, '/fatal.php'), ['app-error'], nginxLog);
    assert.deepEqual(causesFor(nginxEvents, '/maxexec.php'), ['upstream-killed'], nginxLog);
    assert.deepEqual(causesFor(nginxEvents, '/crash.php'), ['upstream-closed'], nginxLog);
    const busy = causesFor(nginxEvents, '/sleep.php?s=0.5');
    assert.ok(busy.length >= 1 && busy.every((cause) => cause === 'overloaded'), nginxLog);
  });

  test('nginx: a PHP stack trace spread over several lines is one event, with its request', () => {
    const fatal = nginxEvents.find((e) => e.cause === 'app-error');
    assert.equal(fatal?.request, 'GET /fatal.php HTTP/1.1');
    assert.equal(fatal?.client, '127.0.0.1');
  });
});
