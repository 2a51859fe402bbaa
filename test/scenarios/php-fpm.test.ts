// php-fpm behind a real nginx (fastcgi_pass to a unix socket), diagnosed end to end: requests
// killed at request_terminate_timeout, and a pool with every child busy.
//
// What php-fpm 8.2 + nginx 1.22 (Debian 12) do, observed with curl and both logs:
// - `request_terminate_timeout = 2s`, a script that sleeps 10 s: nginx 502 after 2.0–2.7 s, every
//   time. php-fpm checks the limit on a heartbeat of a third of it (0.67 s here), so a request
//   dies at the first check after 2 s: requests started 0.25 s apart all die at the same check and
//   their elapsed times spread over up to 0.67 s. nginx: `recv() failed (104: Connection reset by
//   peer) while reading response header from upstream, … request: "GET /kill.php?whydown-probe=… HTTP/1.1",
//   upstream: "fastcgi://unix:…/php.sock:"`; php-fpm: `WARNING: [pool www] child N, script '…/sleep.php'
//   (request: "GET /kill.php?whydown-probe=…") execution timed out (2.520137 sec), terminating` then
//   `child N exited on signal 15 (SIGTERM) after … seconds from start`.
// - `pm = dynamic`, `pm.max_children = 1`, its child busy with a long request, default listen
//   backlog: requests wait in the socket's queue until nginx's `fastcgi_read_timeout 3s` → 504;
//   nginx: `upstream timed out (110: Connection timed out) while reading response header from
//   upstream`; php-fpm, once, at its next maintenance tick: `WARNING: [pool www] server reached
//   pm.max_children setting (1), consider raising it` (names no request).
// - the same with `listen.backlog = 0`: the queue holds one request (→ 504 after 3 s), the others
//   get nginx 502 at once: `connect() to unix:…/php.sock failed (11: Resource temporarily
//   unavailable) while connecting to upstream`.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startNginx, type Nginx } from '../support/nginx.js';
import { delay } from '../support/process.js';
import { startPhpFpm, type PhpFpm } from '../support/phpfpm.js';
import { diagnose } from '../../src/diagnose/diagnose.js';
import { runScenario, scoreTable, SCORES } from './scenario.js';

const SLEEP_10 = '<?php sleep(10); echo "done";';
const OK = '<?php echo "<html><body>ok</body></html>";';
/** Holds the pool's only child well past a diagnosis (nginx gives up on it after 3 s; the child does not). */
const BUSY = '<?php sleep(8); echo "done";';

describe('php-fpm behind nginx', () => {
  let nginx: Nginx;
  let killing: PhpFpm;
  let queued: PhpFpm;
  let full: PhpFpm;
  let base = '';

  before(async () => {
    // Five children: the five attempts of a diagnosis run at once, none waits for a child.
    killing = await startPhpFpm({ pool: { request_terminate_timeout: '2s', 'pm.max_children': 5 }, scripts: { 'sleep.php': SLEEP_10 } });
    const onlyOneChild = { pm: 'dynamic', 'pm.max_children': 1, 'pm.start_servers': 1, 'pm.min_spare_servers': 1, 'pm.max_spare_servers': 1 };
    queued = await startPhpFpm({ pool: onlyOneChild, scripts: { 'ok.php': OK, 'busy.php': BUSY } });
    full = await startPhpFpm({ pool: { ...onlyOneChild, 'listen.backlog': 0 }, scripts: { 'ok.php': OK, 'busy.php': BUSY } });
    const php = (fpm: PhpFpm, script: string, extra = '') =>
      `fastcgi_pass unix:${fpm.socket}; include /etc/nginx/fastcgi_params; fastcgi_param SCRIPT_FILENAME ${fpm.docroot}/${script}; ${extra}`;
    nginx = await startNginx(`
      location = /kill.php { ${php(killing, 'sleep.php')} }
      location = /queued.php { ${php(queued, 'ok.php', 'fastcgi_read_timeout 3s;')} }
      location = /queued-blocker.php { ${php(queued, 'busy.php', 'fastcgi_read_timeout 3s;')} }
      location = /full.php { ${php(full, 'ok.php', 'fastcgi_read_timeout 3s;')} }
      location = /full-blocker.php { ${php(full, 'busy.php', 'fastcgi_read_timeout 3s;')} }
    `);
    base = `http://127.0.0.1:${nginx.port}`;
    const ok = await fetch(`${base}/queued.php`);
    assert.equal(ok.status, 200, await ok.text());
  });

  after(async () => {
    await nginx?.stop();
    await Promise.all([killing, queued, full].map((fpm) => fpm?.stop()));
    console.log(`\nphp-fpm scenario score\n${scoreTable(SCORES)}`);
  });

  /** Occupies the pool's only child, gives it a moment to be taken; `done` settles when nginx gives up on it. */
  async function occupy(path: string): Promise<{ done: Promise<unknown> }> {
    const done = fetch(`${base}${path}`).then((r) => r.arrayBuffer(), () => null);
    await delay(150);
    return { done };
  }

  it('request_terminate_timeout 2s: nginx 502 after ~2 s every time — the timing step finds the limit: upstream-killed', async (t) => {
    const report = await runScenario(t, 'nginx → php-fpm request_terminate_timeout 2s (no log)', { url: `${base}/kill.php` },
      { status: 'down', hop: 'origin', cause: 'upstream-killed', generatedBy: 'nginx' });
    assert.ok(report.attempts.every((a) => a.status === 502 && a.timings.total >= 2000 && a.timings.total < 3000));
    assert.equal(report.steps.find((s) => s.id === 'timing')?.result, 'fail');
  });

  it('the same with nginx\'s and php-fpm\'s logs: php-fpm says "execution timed out … terminating": upstream-killed', async (t) => {
    await runScenario(t, 'nginx → php-fpm request_terminate_timeout 2s (--log nginx, php-fpm)', { url: `${base}/kill.php`, logs: [nginx.errorLog, killing.errorLog] },
      { status: 'down', hop: 'origin', cause: 'upstream-killed', generatedBy: 'nginx' });
  });

  it('with php-fpm\'s log alone: upstream-killed, high confidence', async (t) => {
    const report = await runScenario(t, 'nginx → php-fpm request_terminate_timeout 2s (--log php-fpm)', { url: `${base}/kill.php`, logs: [killing.errorLog] },
      { status: 'down', hop: 'origin', cause: 'upstream-killed', generatedBy: 'nginx' });
    assert.equal(report.verdict.confidence, 'high');
    assert.match(report.verdict.summary, /execution timed out/);
  });

  it('pm.max_children = 1 busy, listen queue full: nginx 502 "(11: Resource temporarily unavailable)": overloaded', async (t) => {
    const blocker = await occupy('/full-blocker.php');
    const report = await runScenario(t, 'nginx → php-fpm max_children 1 busy, backlog full (--log)', { url: `${base}/full.php`, logs: [nginx.errorLog, full.errorLog] },
      { status: 'down', hop: 'origin', cause: 'overloaded', generatedBy: 'nginx' });
    await blocker.done;
    assert.equal(report.verdict.confidence, 'high');
  });

  it('pm.max_children = 1 busy, requests queue until nginx gives up: 504; overloaded when php-fpm says its pool is full', async (t) => {
    const blocker = await occupy('/queued-blocker.php');
    // php-fpm writes "server reached max_children" from its own event loop; on a loaded machine
    // the line sometimes lands after the run. The verdict must follow the evidence either way:
    // with the line, the full pool is the cause; without it, nginx's timeout is all there is.
    const report = await diagnose(new URL(`${base}/queued.php`), { retries: 3, probe: { timeoutMs: 10_000 }, logs: [nginx.errorLog, queued.errorLog] });
    await blocker.done;
    const logs = report.steps.find((s) => s.id === 'logs')!;
    const poolFull = JSON.stringify(logs.evidence).includes('max_children');
    t.diagnostic(`php-fpm's pool-full line ${poolFull ? 'was' : 'was not'} logged during the run: ${report.verdict.summary}`);
    assert.equal(report.attempts[0]?.status, 504);
    assert.equal(report.verdict.cause, poolFull ? 'overloaded' : 'upstream-timeout');
    assert.equal(report.verdict.hop, 'origin');
    assert.equal(report.verdict.generatedBy, 'nginx');
  });
});
