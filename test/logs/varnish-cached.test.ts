// Varnish 7.1 (Debian 12) with a VCL that caches 5xx: the backend's 503 is stored once and then
// delivered again from the cache. varnishlog (by vxid, by request, raw) shows both: cached-error.
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startVarnish, type Varnish } from '../support/varnish.js';
import { makeTempDir } from '../support/process.js';
import type { LogEvent } from '../../src/logs/types.js';
import { readEvents, saveFixture } from './helpers.js';
import { eventually, request, startUpstreams } from './upstreams.js';

describe('Varnish serving a cached 5xx, from a real varnishd', () => {
  let varnish: Varnish;
  let upstreams: Awaited<ReturnType<typeof startUpstreams<'status-503' | 'ok'>>>;
  const parsed: Record<string, LogEvent[]> = {};
  const statuses: (number | null)[] = [];

  before(async () => {
    upstreams = await startUpstreams(['status-503', 'ok'] as const);
    varnish = await startVarnish(`
backend broken { .host = "127.0.0.1"; .port = "${upstreams['status-503'].port}"; }
backend fine { .host = "127.0.0.1"; .port = "${upstreams.ok.port}"; }
sub vcl_recv {
  set req.backend_hint = broken;
  if (req.url ~ "^/fine") { set req.backend_hint = fine; }
  if (req.url ~ "^/passed") { return (pass); }
}
sub vcl_backend_response {
  # The mistake this test is about: errors kept like any page.
  if (beresp.status >= 500 && bereq.url ~ "^/cached") { set beresp.ttl = 60s; set beresp.grace = 0s; return (deliver); }
}
`);
    for (let i = 0; i < 3; i++) statuses.push((await request(varnish.port, '/cached')).status);
    await request(varnish.port, '/fine');
    await request(varnish.port, '/fine');
    await request(varnish.port, '/passed');
    await request(varnish.port, '/uncached-error');
    await eventually(async () => (await varnish.varnishlog()).includes('/uncached-error'));
    const dir = await makeTempDir('varnish-cached');
    for (const [name, args] of Object.entries({ vxid: [], request: ['-g', 'request'], raw: ['-g', 'raw'] })) {
      const text = await varnish.varnishlog(args);
      const file = path.join(dir, `${name}.log`);
      await writeFile(file, text);
      parsed[name] = (await readEvents(file)).events;
      if (name === 'request') await saveFixture('varnish', 'varnishlog-cached-error', text);
    }
  });

  after(async () => {
    await varnish?.stop();
    await upstreams?.closeAll();
  });

  test('the backend\'s 503 is what every visitor gets', () => {
    assert.deepEqual(statuses, [503, 503, 503]);
  });

  for (const name of ['vxid', 'request', 'raw']) {
    test(`${name}: one stored 5xx and two deliveries from the cache → cached-error, nothing else`, () => {
      const events = parsed[name]!;
      assert.ok(events.every((e) => e.cause === 'cached-error' && e.request?.includes('/cached')), JSON.stringify(events));
      const stored = events.filter((e) => e.message.startsWith("the backend's 503 was stored in the cache for 60 s"));
      const hits = events.filter((e) => e.message.startsWith('a cached 503 delivered again from the cache'));
      assert.equal(stored.length, 1, JSON.stringify(events));
      assert.equal(hits.length, 2, JSON.stringify(events));
      assert.equal(stored[0]!.upstream, 'broken');
      assert.match(hits[0]!.message, /\(object \d+, Age \d+ s\)$/);
      assert.match(hits[0]!.client ?? '', /^127\.0\.0\.1:\d+$/);
      assert.ok(hits[0]!.time && Math.abs(Date.parse(hits[0]!.time) - Date.now()) < 120_000);
    });
  }
});
