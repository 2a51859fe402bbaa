// nginx's limit_req and limit_conn refusing clients, logged by a real nginx: `limiting requests`
// and `limiting connections` are rate-limited; a dry run's lines refuse nothing and are skipped.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import { startNginx, type Nginx } from '../support/nginx.js';
import { diagnose } from '../../src/diagnose/diagnose.js';
import type { LogEvent } from '../../src/logs/types.js';
import { causesFor, readEvents, saveFixtureFile } from './helpers.js';
import { eventually, request, startUpstreams } from './upstreams.js';

describe('nginx limit_req / limit_conn from a real nginx', () => {
  let nginx: Nginx;
  let upstreams: Awaited<ReturnType<typeof startUpstreams<'silent' | 'ok'>>>;
  let events: LogEvent[] = [];
  const statuses: Record<string, (number | null)[]> = {};

  before(async () => {
    upstreams = await startUpstreams(['silent', 'ok'] as const);
    nginx = await startNginx(`
    # limit_req runs after the rewrite phase, so after a return: it limits a proxied location.
    location /limited { limit_req zone=one burst=1 nodelay; proxy_pass http://127.0.0.1:${upstreams.ok.port}; }
    location /dryrun { limit_req zone=dry; limit_req_dry_run on; proxy_pass http://127.0.0.1:${upstreams.ok.port}; }
    location /conn { limit_conn addr 1; proxy_read_timeout 2s; proxy_pass http://127.0.0.1:${upstreams.silent.port}; }
    `, `
  limit_req_zone $binary_remote_addr zone=one:1m rate=1r/m;
  limit_req_zone $binary_remote_addr zone=dry:1m rate=1r/m;
  limit_conn_zone $binary_remote_addr zone=addr:1m;`);
    for (const path of ['/limited', '/dryrun']) {
      statuses[path] = [];
      for (let i = 0; i < 4; i++) statuses[path]!.push((await request(nginx.port, path)).status);
    }
    const first = request(nginx.port, '/conn-a', { timeoutMs: 5000 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    statuses['/conn'] = [(await request(nginx.port, '/conn-b')).status, (await first).status];
    await eventually(async () => (await readFile(nginx.errorLog, 'utf8')).includes('limiting connections'));
    events = (await readEvents(nginx.errorLog)).events;
    await saveFixtureFile('nginx', 'limits', nginx.errorLog);
  });

  after(async () => {
    await nginx?.stop();
    await upstreams?.closeAll();
  });

  test('nginx refused the requests over the limit with 503', () => {
    assert.deepEqual(statuses['/limited'], [200, 200, 503, 503]);
    assert.deepEqual(statuses['/dryrun'], [200, 200, 200, 200]);
    assert.equal(statuses['/conn']![0], 503);
  });

  test('"limiting requests" → rate-limited, one event per refused request, with its zone and client', () => {
    assert.deepEqual(causesFor(events, '/limited'), ['rate-limited', 'rate-limited']);
    const line = events.find((e) => e.request === 'GET /limited HTTP/1.1')!;
    assert.match(line.message, /^limiting requests, excess: [\d.]+ by zone "one"$/);
    assert.equal(line.client, '127.0.0.1');
  });

  test('"limiting connections" → rate-limited', () => {
    assert.deepEqual(causesFor(events, '/conn-b'), ['rate-limited']);
    assert.match(events.find((e) => e.request === 'GET /conn-b HTTP/1.1')!.message, /^limiting connections by zone "addr"$/);
  });

  test('a dry run refuses nothing: its lines are not counted', async () => {
    assert.match(await readFile(nginx.errorLog, 'utf8'), /limiting requests, dry run/);
    assert.deepEqual(causesFor(events, '/dryrun'), []);
  });

  test('diagnose --log: nginx\'s 503 with "limiting requests" for the probe\'s own requests is rate-limited, from the log', async () => {
    const report = await diagnose(new URL(`http://127.0.0.1:${nginx.port}/limited`), { retries: 1, logs: [nginx.errorLog], probe: { timeoutMs: 5000 } });
    assert.equal(report.verdict.cause, 'rate-limited', report.verdict.summary);
    assert.equal(report.verdict.confidence, 'high');
    assert.match(report.verdict.summary, /limiting requests/);
  });
});
