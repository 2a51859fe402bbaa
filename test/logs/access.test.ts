// Access logs written by a real nginx (its default `combined`, and formats that append
// $upstream_addr, $upstream_response_time and $request_time, bare or labelled) and a real Apache
// (`combined` and `common`), after requests that a dead and a slow upstream turned into 502 and
// 504. They are access logs — never "varnish" — and their 5xx lines are counted by status, path,
// upstream and timing, with no cause invented: the error log holds the causes.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startApache, type Apache } from '../support/apache.js';
import { startNginx, type Nginx } from '../support/nginx.js';
import { runCli } from '../support/cli.js';
import { deadPort, makeTempDir } from '../support/process.js';
import type { LogEvent } from '../../src/logs/types.js';
import { readEvents, saveFixtureFile } from './helpers.js';
import { eventually, request, startUpstreams, type Reply } from './upstreams.js';

const NGINX_UPSTREAM_FORMAT = '\'$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" $upstream_addr $upstream_response_time $request_time\'';
const NGINX_LABELLED_FORMAT = '\'$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" rt=$request_time ua="$upstream_addr" urt="$upstream_response_time"\'';

/** The requests made, in order: path, and what the server is set up to answer. */
const REQUESTS = ['/dead?id=1', '/dead?id=2', '/slow', '/ok', '/ok?x=1', '/pool', '/nothing-here', '/ok'] as const;

interface Captured { events: LogEvent[]; server: string | null; lines: number }

async function capture(file: string, expectedLines: number): Promise<Captured> {
  await eventually(async () => (await readFile(file, 'utf8')).split('\n').filter(Boolean).length >= expectedLines);
  const { events, stats } = await readEvents(file);
  return { events, server: stats.server, lines: stats.lines };
}

describe('access logs written by a real nginx', () => {
  let nginx: Nginx;
  let upstreams: Awaited<ReturnType<typeof startUpstreams<'silent' | 'ok'>>>;
  let dir: string;
  const replies: Record<string, Reply> = {};
  const logs: Record<'combined' | 'upstream' | 'labelled', Captured> = {} as never;
  let dead: number;

  before(async () => {
    upstreams = await startUpstreams(['silent', 'ok'] as const);
    dead = await deadPort();
    const dead2 = await deadPort();
    dir = await makeTempDir('nginx-access');
    nginx = await startNginx(`
    access_log ${dir}/combined.log;
    access_log ${dir}/upstream.log upstreamfields;
    access_log ${dir}/labelled.log labelled;
    proxy_read_timeout 1s;
    location /dead { proxy_pass http://127.0.0.1:${dead}; }
    location /slow { proxy_pass http://127.0.0.1:${upstreams.silent.port}; }
    location /ok { proxy_pass http://127.0.0.1:${upstreams.ok.port}; }
    location /pool { proxy_pass http://pool; }
`, `
  log_format upstreamfields ${NGINX_UPSTREAM_FORMAT};
  log_format labelled ${NGINX_LABELLED_FORMAT};
  upstream pool { server 127.0.0.1:${dead}; server 127.0.0.1:${dead2}; }
`);
    for (const target of REQUESTS) replies[target] = await request(nginx.port, target);
    logs.combined = await capture(path.join(dir, 'combined.log'), REQUESTS.length);
    logs.upstream = await capture(path.join(dir, 'upstream.log'), REQUESTS.length);
    logs.labelled = await capture(path.join(dir, 'labelled.log'), REQUESTS.length);
    await saveFixtureFile('access', 'nginx-combined', path.join(dir, 'combined.log'));
    await saveFixtureFile('access', 'nginx-upstream-fields', path.join(dir, 'upstream.log'));
  });

  after(async () => {
    await nginx?.stop();
    await upstreams?.closeAll();
  });

  test('the requests failed as set up: 502 from the dead upstreams, 504 from the slow one', () => {
    assert.equal(replies['/dead?id=1']?.status, 502);
    assert.equal(replies['/slow']?.status, 504);
    assert.equal(replies['/pool']?.status, 502);
    assert.equal(replies['/ok']?.status, 200);
  });

  for (const name of ['combined', 'upstream', 'labelled'] as const) {
    test(`${name}: an access log, not Varnish's; one event per 5xx line, cause unknown, status and path (query stripped)`, () => {
      const log = logs[name];
      assert.equal(log.server, 'access');
      assert.equal(log.lines, REQUESTS.length);
      assert.deepEqual(log.events.map((e) => [e.status, e.path]), [[502, '/dead'], [502, '/dead'], [504, '/slow'], [502, '/pool']]);
      for (const event of log.events) {
        assert.equal(event.kind, 'access');
        assert.equal(event.server, 'access');
        assert.equal(event.cause, 'unknown');
        assert.equal(event.client, '127.0.0.1');
        assert.ok(event.time && Math.abs(Date.parse(event.time) - Date.now()) < 120_000, event.time ?? 'no time');
      }
      assert.equal(log.events[0]!.request, 'GET /dead?id=1 HTTP/1.1');
    });
  }

  test('combined: no upstream or timing is made up', () => {
    for (const event of logs.combined.events) {
      assert.equal(event.upstream, null);
      assert.equal(event.upstreamTime, null);
      assert.equal(event.requestTime, null);
    }
  });

  for (const name of ['upstream', 'labelled'] as const) {
    test(`${name}: $upstream_addr, $upstream_response_time and $request_time are read`, () => {
      const [dead1, , slow, pool] = logs[name].events;
      assert.equal(dead1!.upstream, `127.0.0.1:${dead}`);
      assert.ok(dead1!.upstreamTime !== null && dead1!.upstreamTime! < slow!.upstreamTime!, String(dead1!.upstreamTime));
      // proxy_read_timeout 1s: the upstream time is the limit; the request took at least that.
      assert.equal(slow!.upstream, `127.0.0.1:${upstreams.silent.port}`);
      assert.ok(slow!.upstreamTime! >= 0.9, String(slow!.upstreamTime));
      // (nginx takes the two from different clocks: $request_time may be a millisecond under.)
      assert.ok(slow!.requestTime! >= slow!.upstreamTime! - 0.005, `${slow!.requestTime} ≥ ${slow!.upstreamTime}`);
      // Both servers of the pool were tried: nginx lists them.
      assert.match(pool!.upstream ?? '', /^127\.0\.0\.1:\d+, 127\.0\.0\.1:\d+$/);
      assert.match(slow!.message, /status 504, upstream 127\.0\.0\.1:\d+ after \d+\.\d{3} s; the access log does not say why/);
    });
  }

  test('whydown logs: says it is an access log, counts 5xx by status, path and upstream, and points at the error log', async () => {
    const run = await runCli(['logs', path.join(dir, 'upstream.log')]);
    assert.equal(run.code, 0, run.stderr);
    assert.doesNotMatch(run.stdout, /varnish/i);
    assert.match(run.stdout, /0 upstream failures found, 4 5xx responses in access logs/);
    assert.match(run.stdout, /access log \(combined\/common\), 8 lines, 4 5xx responses/);
    assert.match(run.stdout, /^ +3 +502/m);
    assert.match(run.stdout, /^ +1 +504 +upstream \d+\.\d{3} s, request \d+\.\d{3} s/m);
    assert.match(run.stdout, /^ +2 +\/dead$/m);
    assert.match(run.stdout, /does not say why|not why/);
    assert.match(run.stdout, /whydown logs \/var\/log\/nginx\/error\.log/);
    assert.match(run.stdout, /whydown logs \/var\/log\/apache2\/error\.log/);
    assert.doesNotMatch(run.stdout, /What to do/); // no fixes for a cause nobody named
  });

  test('whydown logs --json: no causes counted; an access section with status, path, upstream and timing', async () => {
    const run = await runCli(['logs', '--json', path.join(dir, 'upstream.log')]);
    assert.equal(run.code, 0, run.stderr);
    const json = JSON.parse(run.stdout) as {
      recognised: number; byCause: object; inputs: Array<{ server: string }>;
      access: { responses: number; byStatus: object; byPath: object; byUpstream: Record<string, number>; timing: Record<string, { upstream: { max: number } | null }>; errorLogs: string[] };
    };
    assert.equal(json.recognised, 0);
    assert.deepEqual(json.byCause, {});
    assert.equal(json.inputs[0]!.server, 'access');
    assert.equal(json.access.responses, 4);
    assert.deepEqual(json.access.byStatus, { 502: 3, 504: 1 });
    assert.deepEqual(json.access.byPath, { '/dead': 2, '/pool': 1, '/slow': 1 });
    assert.equal(json.access.byUpstream[`127.0.0.1:${dead}`], 2);
    assert.ok(json.access.timing['504']!.upstream!.max >= 0.9);
    assert.ok(json.access.errorLogs.includes('/var/log/nginx/error.log'));
  });

  test('whydown logs --ndjson: one object per 5xx line, the contract\'s keys then kind, status, path, upstreamTime', async () => {
    const run = await runCli(['logs', '--ndjson', path.join(dir, 'labelled.log')]);
    assert.equal(run.code, 0, run.stderr);
    const objects = run.stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    assert.equal(objects.length, 4);
    for (const object of objects) {
      assert.deepEqual(Object.keys(object), ['file', 'line', 'time', 'server', 'cause', 'upstream', 'client', 'request', 'message', 'kind', 'status', 'path', 'upstreamTime', 'requestTime']);
      assert.equal(object.kind, 'access');
      assert.equal(object.cause, 'unknown');
    }
    assert.deepEqual(objects.map((o) => [o.line, o.status, o.path]), [[1, 502, '/dead'], [2, 502, '/dead'], [3, 504, '/slow'], [6, 502, '/pool']]);
    assert.equal(typeof objects[2]!.upstreamTime, 'number');
  });
  test('diagnose --log with the access log: it shows our requests\' 502, names no cause from it, and asks for the error log', async () => {
    const run = await runCli([`http://127.0.0.1:${nginx.port}/dead`, '--log', path.join(dir, 'upstream.log'), '--json', '--retries', '2', '--timeout', '5']);
    assert.equal(run.code, 2, run.stderr);
    const report = JSON.parse(run.stdout) as {
      verdict: { cause: string; confidence: string; decideWith?: string[] };
      steps: Array<{ id: string; detail: string; evidence: { ours: unknown[]; access: Array<{ line: number; status: number }> } }>;
    };
    const logs = report.steps.find((step) => step.id === 'logs')!;
    assert.deepEqual(logs.evidence.ours, []);
    assert.ok(logs.evidence.access.length >= 2 && logs.evidence.access.every((e) => e.status === 502), logs.detail);
    // Numbered from the start of the file: after the lines the earlier requests wrote.
    assert.ok(logs.evidence.access[0]!.line > REQUESTS.length, String(logs.evidence.access[0]!.line));
    assert.match(logs.detail, /access log shows 502 .* does not say why: give the error log/);
    assert.notEqual(report.verdict.cause, 'unknown');
    assert.notEqual(report.verdict.confidence, 'high');
    assert.ok(report.verdict.decideWith?.some((advice) => advice.includes('--log /var/log/nginx/error.log')));
  });
});

describe('access logs written by a real Apache', () => {
  let apache: Apache;
  let upstreams: Awaited<ReturnType<typeof startUpstreams<'silent' | 'ok'>>>;
  const replies: Record<string, Reply> = {};
  const logs: Record<'combined' | 'common', Captured> = {} as never;

  before(async () => {
    upstreams = await startUpstreams(['silent', 'ok'] as const);
    const dead = await deadPort();
    apache = await startApache(`
LogFormat "%h %l %u %t \\"%r\\" %>s %b \\"%{Referer}i\\" \\"%{User-Agent}i\\"" combined
CustomLog {{DIR}}/combined.log combined
ProxyTimeout 1
ProxyPass /dead http://127.0.0.1:${dead}/
ProxyPass /slow http://127.0.0.1:${upstreams.silent.port}/
ProxyPass /ok http://127.0.0.1:${upstreams.ok.port}/
`, { modules: ['proxy', 'proxy_http'] });
    for (const target of ['/dead?id=1', '/slow', '/ok', '/nothing-here', '/dead']) replies[target] = await request(apache.port, target);
    logs.combined = await capture(path.join(apache.dir, 'combined.log'), 5);
    logs.common = await capture(apache.accessLog, 5);
    await saveFixtureFile('access', 'apache-combined', path.join(apache.dir, 'combined.log'));
    await saveFixtureFile('access', 'apache-common', apache.accessLog);
  });

  after(async () => {
    await apache?.stop();
    await upstreams?.closeAll();
  });

  for (const name of ['combined', 'common'] as const) {
    test(`${name}: an access log; its 5xx lines with the statuses the client got, paths without query`, () => {
      const log = logs[name];
      assert.equal(log.server, 'access');
      const failed = ['/dead?id=1', '/slow', '/dead'].map((target) => [replies[target]!.status, target.replace(/\?.*/, '')]);
      assert.ok(failed.every(([status]) => Number(status) >= 500), JSON.stringify(replies));
      assert.deepEqual(log.events.map((e) => [e.status, e.path]), failed);
      assert.ok(log.events.every((e) => e.cause === 'unknown' && e.kind === 'access' && e.upstream === null));
    });
  }

  test('whydown logs on both: access logs, Apache\'s error log named', async () => {
    const run = await runCli(['logs', '--json', path.join(apache.dir, 'combined.log'), apache.accessLog]);
    assert.equal(run.code, 0, run.stderr);
    const json = JSON.parse(run.stdout) as { recognised: number; inputs: Array<{ server: string }>; access: { responses: number; errorLogs: string[] } };
    assert.deepEqual(json.inputs.map((i) => i.server), ['access', 'access']);
    assert.equal(json.recognised, 0);
    assert.equal(json.access.responses, 6);
    assert.ok(json.access.errorLogs.includes('/var/log/apache2/error.log'));
  });
});
