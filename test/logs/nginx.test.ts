// nginx's error log, written by a real nginx driven into each upstream failure.
import assert from 'node:assert/strict';
import http2 from 'node:http2';
import { after, before, describe, test } from 'node:test';
import { startNginx, type Nginx } from '../support/nginx.js';
import { deadPort, freePort, makeTempDir } from '../support/process.js';
import type { LogEvent } from '../../src/logs/types.js';
import { causesFor, readEvents, saveFixtureFile, startDnsServer, type DnsServer } from './helpers.js';
import { eventually, request, startUpstreams, type Behaviour, type Upstream } from './upstreams.js';

const BEHAVIOURS = ['close', 'reset', 'garbage', 'silent', 'huge-header', 'bad-header', 'bad-chunked', 'short-body', 'stall-body', 'ok'] as const;

/** path → the cause nginx's log must give for it. */
const EXPECTED = {
  '/refused': 'upstream-refused',
  '/closed': 'upstream-closed',
  '/reset': 'upstream-closed',
  '/garbage': 'upstream-invalid-response',
  '/slow': 'upstream-timeout',
  '/big': 'upstream-header-too-big',
  '/badheader': 'upstream-invalid-response',
  '/chunked': 'upstream-invalid-response',
  '/shortbody': 'upstream-closed',
  '/stallbody': 'upstream-timeout',
  '/fcgi-missing': 'upstream-refused',
  '/fcgi-http': 'upstream-invalid-response',
  '/uwsgi': 'upstream-closed',
  '/scgi': 'upstream-closed',
  '/tls': 'upstream-tls-failed',
  '/nx': 'dns-nxdomain',
  '/servfail': 'dns-servfail',
  '/dnstimeout': 'dns-timeout',
} as const;

describe('nginx error log written by a real nginx', () => {
  let nginx: Nginx;
  let upstreams: Awaited<ReturnType<typeof startUpstreams<(typeof BEHAVIOURS)[number]>>>;
  let nx: DnsServer;
  let servfail: DnsServer;
  let grpcPort: number;
  let events: LogEvent[] = [];

  before(async () => {
    upstreams = await startUpstreams(BEHAVIOURS);
    const u = (b: (typeof BEHAVIOURS)[number]): string => `127.0.0.1:${upstreams[b].port}`;
    const closed = [await deadPort(), await deadPort()];
    const deadResolver = await deadPort(); // UDP too: nothing binds below the ephemeral range
    nx = await startDnsServer(3);
    servfail = await startDnsServer(2);
    grpcPort = await freePort();
    const scratch = await makeTempDir('nginx-test');
    const resolve = (port: number, name: string): string =>
      `resolver 127.0.0.1:${port} valid=1s; resolver_timeout 2s; set $target ${name}; proxy_pass http://$target;`;
    nginx = await startNginx(`
    proxy_read_timeout 1s;
    location /refused { proxy_pass http://127.0.0.1:${closed[0]}; }
    location /closed { proxy_pass http://${u('close')}; }
    location /reset { proxy_pass http://${u('reset')}; }
    location /garbage { proxy_pass http://${u('garbage')}; }
    location /slow { proxy_pass http://${u('silent')}; }
    location /big { proxy_pass http://${u('huge-header')}; }
    location /badheader { proxy_pass http://${u('bad-header')}; }
    location /chunked { proxy_pass http://${u('bad-chunked')}; }
    location /shortbody { proxy_pass http://${u('short-body')}; }
    location /stallbody { proxy_pass http://${u('stall-body')}; }
    location /pool { proxy_pass http://pool; }
    location /fcgi-missing { fastcgi_pass unix:${scratch}/missing.sock; include /etc/nginx/fastcgi_params; }
    location /fcgi-http { fastcgi_pass ${u('ok')}; include /etc/nginx/fastcgi_params; }
    location /uwsgi { uwsgi_pass ${u('close')}; include /etc/nginx/uwsgi_params; }
    location /scgi { scgi_pass ${u('reset')}; include /etc/nginx/scgi_params; }
    location /tls { proxy_pass https://${u('ok')}; }
    location /nx { ${resolve(nx.port, 'shop.test')} }
    location /servfail { ${resolve(servfail.port, 'shop.test')} }
    location /dnstimeout { ${resolve(deadResolver, 'shop.test')} }
    location /missing-file { root ${scratch}/html; }
`, `
  upstream pool { server 127.0.0.1:${closed[0]}; server 127.0.0.1:${closed[1]}; }
  server {
    listen 127.0.0.1:${grpcPort} http2;
    location /grpc-garbage { grpc_pass grpc://${u('garbage')}; }
    location /grpc-closed { grpc_pass grpc://${u('close')}; }
  }
`);
    for (const path of Object.keys(EXPECTED)) await request(nginx.port, path);
    for (let i = 0; i < 3; i++) await request(nginx.port, '/pool');
    await request(nginx.port, '/missing-file'); // noise: an open() failure, not an upstream one
    for (const path of ['/grpc-garbage', '/grpc-closed']) await grpcCall(grpcPort, path);
    await eventually(async () => (await readEvents(nginx.errorLog)).events.length >= Object.keys(EXPECTED).length + 5);
    events = (await readEvents(nginx.errorLog)).events;
    await saveFixtureFile('nginx', 'proxy', nginx.errorLog);
  });

  after(async () => {
    await nginx?.stop();
    await upstreams?.closeAll();
    await nx?.close();
    await servfail?.close();
  });

  for (const [path, cause] of Object.entries(EXPECTED)) {
    test(`${path} → ${cause}`, () => {
      assert.deepEqual(causesFor(events, path), [cause], `events for ${path}: ${JSON.stringify(events.filter((e) => e.request?.includes(path)))}`);
    });
  }

  test('an upstream{} whose servers all failed → refused for each, then no-healthy-upstream', () => {
    assert.deepEqual(causesFor(events, '/pool'), ['upstream-refused', 'upstream-refused', 'no-healthy-upstream', 'no-healthy-upstream']);
    const noLive = events.find((e) => e.cause === 'no-healthy-upstream');
    assert.equal(noLive?.upstream, 'http://pool');
  });

  test('grpc_pass: garbage is an invalid response, a close is a closed upstream', () => {
    assert.deepEqual(causesFor(events, '/grpc-garbage'), ['upstream-invalid-response']);
    assert.deepEqual(causesFor(events, '/grpc-closed'), ['upstream-closed']);
  });

  test('request, client, upstream and time are read from the entry', () => {
    const refused = events.find((e) => e.request === 'GET /refused HTTP/1.1');
    assert.ok(refused);
    assert.equal(refused.client, '127.0.0.1');
    assert.match(refused.upstream ?? '', /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.match(refused.message, /^connect\(\) failed \(111: Connection refused\) while connecting to upstream$/);
    assert.ok(refused.time && Math.abs(Date.parse(refused.time) - Date.now()) < 120_000, `time ${refused.time} is now`);
    const socket = events.find((e) => e.request === 'GET /fcgi-missing HTTP/1.1');
    assert.match(socket?.upstream ?? '', /^fastcgi:\/\/unix:\/.*missing\.sock$/);
    assert.equal(events.find((e) => e.request === 'GET /nx HTTP/1.1')?.upstream, 'shop.test');
  });

  test('nothing else is counted: the 404 and the notices are skipped', () => {
    assert.equal(events.filter((e) => e.request?.includes('/missing-file')).length, 0);
    assert.equal(events.length, Object.keys(EXPECTED).length + 4 + 2);
  });
});

/** One gRPC-shaped POST over HTTP/2 without TLS; the answer does not matter. */
function grpcCall(port: number, path: string): Promise<void> {
  return new Promise((resolve) => {
    const session = http2.connect(`http://127.0.0.1:${port}`);
    session.on('error', () => resolve());
    const stream = session.request({ ':method': 'POST', ':path': path, 'content-type': 'application/grpc', te: 'trailers' });
    const done = (): void => { session.close(); resolve(); };
    stream.on('error', done);
    stream.on('close', done);
    stream.resume();
    stream.setTimeout(5000, () => stream.close());
    stream.end(Buffer.from([0, 0, 0, 0, 0]));
  });
}
