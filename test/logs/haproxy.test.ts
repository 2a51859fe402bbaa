// HAProxy's HTTP log (option httplog on stdout), written by a real haproxy: the termination state
// names the cause.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import { startHaproxy, type Haproxy } from '../support/haproxy.js';
import { deadPort } from '../support/process.js';
import type { LogEvent } from '../../src/logs/types.js';
import type { Cause } from '../../src/core/model.js';
import { causesFor, readEvents, saveFixture } from './helpers.js';
import { eventually, request, startUpstreams } from './upstreams.js';

const BEHAVIOURS = ['close', 'reset', 'garbage', 'silent', 'huge-header', 'bad-header', 'short-body', 'stall-body', 'status-500', 'status-502', 'status-503', 'ok'] as const;

/** path → [termination state, cause]. */
const EXPECTED: Record<string, [string, Cause]> = {
  '/refused': ['SC', 'upstream-refused'],
  '/closed': ['SH', 'upstream-closed'],
  '/reset': ['SH', 'upstream-closed'],
  '/garbage': ['PH', 'upstream-invalid-response'],
  '/big': ['PH', 'upstream-invalid-response'],
  '/badheader': ['PH', 'upstream-invalid-response'],
  '/slow': ['sH', 'upstream-timeout'],
  '/shortbody': ['SD', 'upstream-closed'],
  '/stallbody': ['sD', 'upstream-timeout'],
  '/dead': ['SC', 'no-healthy-upstream'],
  '/app500': ['--', 'app-error'],
  '/app503': ['--', 'overloaded'],
  '/app502': ['--', 'unknown'],
};

describe('HAProxy log written by a real haproxy', () => {
  let haproxy: Haproxy;
  let upstreams: Awaited<ReturnType<typeof startUpstreams<(typeof BEHAVIOURS)[number]>>>;
  let events: LogEvent[] = [];
  let log = '';

  before(async () => {
    upstreams = await startUpstreams(BEHAVIOURS);
    const u = (b: (typeof BEHAVIOURS)[number]): string => `127.0.0.1:${upstreams[b].port}`;
    const closed = await deadPort();
    const backends: Record<string, string> = {
      refused: `127.0.0.1:${closed}`, closed: u('close'), reset: u('reset'), garbage: u('garbage'), big: u('huge-header'),
      badheader: u('bad-header'), slow: u('silent'), shortbody: u('short-body'), stallbody: u('stall-body'),
      app500: u('status-500'), app502: u('status-502'), app503: u('status-503'), ok: u('ok'),
    };
    haproxy = await startHaproxy(`
frontend fe
  bind 127.0.0.1:{{PORT}}
${Object.keys(backends).map((name) => `  use_backend be_${name} if { path_beg /${name} }`).join('\n')}
  use_backend be_dead if { path_beg /dead }
  use_backend be_queue if { path_beg /queue }
  default_backend be_ok
${Object.entries(backends).map(([name, address]) => `backend be_${name}\n  server s1 ${address}`).join('\n')}
backend be_dead
  server s1 127.0.0.1:${closed} check inter 100ms fall 1 rise 1
backend be_wrongstatus
  option httpchk GET /health
  server s1 ${u('status-500')} check inter 100ms fall 1 rise 1
backend be_notls
  server s1 ${u('ok')} check check-ssl verify none inter 100ms fall 1 rise 1
backend be_queue
  timeout queue 300ms
  timeout server 3s
  server s1 ${u('silent')} maxconn 1
`, {
      defaults: `
  mode http
  log global
  option httplog
  timeout connect 1s
  timeout client 10s
  timeout server 1s
  timeout queue 1s
  retries 1`,
    });
    await eventually(async () => ['be_dead/', 'be_wrongstatus/', 'be_notls/'].every((b) => log.includes(b))
      || (log = await readFile(haproxy.logFile, 'utf8'), false));
    for (const path of Object.keys(EXPECTED)) await request(haproxy.port, path);
    // Two at once on a server with maxconn 1: the second waits in the queue and expires there.
    await Promise.all([request(haproxy.port, '/queue-a'), new Promise((resolve) => setTimeout(resolve, 100)).then(() => request(haproxy.port, '/queue-b'))]);
    await eventually(async () => (await readEvents(haproxy.logFile)).events.length >= Object.keys(EXPECTED).length + 4);
    log = await readFile(haproxy.logFile, 'utf8');
    events = (await readEvents(haproxy.logFile)).events;
    await saveFixture('haproxy', 'httplog', log);
  });

  after(async () => {
    await haproxy?.stop();
    await upstreams?.closeAll();
  });

  for (const [path, [state, cause]] of Object.entries(EXPECTED)) {
    test(`${path}: ${state} → ${cause}`, () => {
      assert.deepEqual(causesFor(events, path), [cause], log);
      const event = events.find((e) => e.request?.split(' ')[1] === path);
      assert.ok(event?.message.startsWith(state), `${event?.message} starts with ${state}`);
    });
  }

  test('a request that expires in the queue → overloaded (sQ)', () => {
    assert.deepEqual(causesFor(events, '/queue-b'), ['overloaded'], log);
    assert.deepEqual(causesFor(events, '/queue-a'), ['upstream-timeout'], log);
  });

  test('server DOWN and "no server available" messages are events too; the check\'s reason names the cause', () => {
    const down = (server: string): LogEvent | undefined => events.find((e) => e.message.includes('is DOWN') && e.upstream === server);
    assert.equal(down('be_dead/s1')?.cause, 'upstream-refused', log);
    assert.equal(down('be_wrongstatus/s1')?.cause, 'app-error', log); // Layer7 wrong status
    assert.equal(down('be_notls/s1')?.cause, 'upstream-tls-failed', log); // Layer6 invalid response
    assert.equal(events.find((e) => e.message.includes('be_dead has no server available'))?.cause, 'no-healthy-upstream');
  });

  test('client, backend/server and accept date are read', () => {
    const refused = events.find((e) => e.request === 'GET /refused HTTP/1.1');
    assert.match(refused?.client ?? '', /^127\.0\.0\.1:\d+$/);
    assert.equal(refused?.upstream, 'be_refused/s1');
    assert.equal(events.find((e) => e.request === 'GET /dead HTTP/1.1')?.upstream, 'be_dead/<NOSRV>');
    assert.ok(refused?.time && Math.abs(Date.parse(refused.time) - Date.now()) < 120_000);
  });

  test('successful requests are not counted', () => {
    assert.equal(causesFor(events, '/ok').length, 0);
  });
});
