// Lines the real servers here cannot be made to write, written by hand from the servers' sources
// and from logs published by their users (each case says why it is hand-written).
process.env.TZ = 'UTC';

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseLines } from '../../src/logs/read-logs.js';
import type { ServerId } from '../../src/logs/types.js';
import type { Cause } from '../../src/core/model.js';

function causes(server: ServerId, lines: string[]): Array<Cause> {
  return parseLines('hand-written.log', lines, server).events.map((e) => e.cause);
}

const NGINX_CTX = ', client: 203.0.113.9, server: shop.example, request: "GET /cart HTTP/1.1", upstream: "http://10.0.0.5:8080/cart", host: "shop.example"';

describe('nginx: hand-written lines', () => {
  test('connect timeout (needs a host that drops SYNs; loopback answers them, SYN cookies included)', () => {
    assert.deepEqual(causes('nginx', [`2024/05/01 10:00:00 [error] 7#7: *1 upstream timed out (110: Connection timed out) while connecting to upstream${NGINX_CTX}`]), ['upstream-timeout']);
  });

  test('no route to the upstream (needs a non-loopback network)', () => {
    assert.deepEqual(causes('nginx', [`2024/05/01 10:00:00 [error] 7#7: *1 connect() failed (113: No route to host) while connecting to upstream${NGINX_CTX}`]), ['upstream-refused']);
  });

  test('host not found in upstream at startup (needs the system resolver, which is not on this machine)', () => {
    const { events } = parseLines('x', ['2024/05/01 10:00:00 [emerg] 7#7: host not found in upstream "app.internal:8080" in /etc/nginx/conf.d/shop.conf:12'], 'nginx');
    assert.equal(events[0]?.cause, 'dns-nxdomain');
    assert.equal(events[0]?.upstream, 'app.internal:8080');
  });

  test('upstream certificate verification (needs a TLS upstream with a bad certificate and proxy_ssl_verify)', () => {
    assert.deepEqual(causes('nginx', [`2024/05/01 10:00:00 [error] 7#7: *1 upstream SSL certificate verify error: (10:certificate has expired) while SSL handshaking to upstream${NGINX_CTX}`]), ['upstream-tls-failed']);
  });

  test('gRPC stream errors (needs a gRPC server)', () => {
    assert.deepEqual(causes('nginx', [
      `2024/05/01 10:00:00 [error] 7#7: *1 upstream rejected request with error 2 while reading response header from upstream${NGINX_CTX}`,
      `2024/05/01 10:00:00 [error] 7#7: *2 upstream sent goaway with error 11 while reading response header from upstream${NGINX_CTX}`,
    ]), ['upstream-closed', 'upstream-closed']);
  });

  test('lines that mention upstreams but are not their failures are skipped', () => {
    const { events, stats } = parseLines('x', [
      `2024/05/01 10:00:00 [warn] 7#7: *1 an upstream response is buffered to a temporary file /var/cache/nginx/proxy_temp/1/00/0000000001 while reading upstream${NGINX_CTX}`,
      `2024/05/01 10:00:00 [warn] 7#7: *1 upstream server temporarily disabled while connecting to upstream${NGINX_CTX}`,
      `2024/05/01 10:00:00 [info] 7#7: *1 epoll_wait() reported that client prematurely closed connection, so upstream connection is closed too while sending request to upstream${NGINX_CTX}`,
      `2024/05/01 10:00:00 [info] 7#7: *1 writev() failed (32: Broken pipe) while sending to client${NGINX_CTX}`,
      `2024/05/01 10:00:00 [error] 7#7: *1 writev() failed (104: Connection reset by peer) while sending to client${NGINX_CTX}`,
      `2024/05/01 10:00:00 [error] 7#7: *1 FastCGI sent in stderr: "PHP message: PHP Warning:  Undefined variable $x in /srv/a.php on line 3" while reading response header from upstream${NGINX_CTX}`,
      `2024/05/01 10:00:00 [error] 7#7: *1 FastCGI sent in stderr: "Primary script unknown" while reading response header from upstream${NGINX_CTX}`,
      '2024/05/01 10:00:00 [debug] 7#7: *1 http upstream request: "/cart?"',
    ], 'nginx');
    assert.deepEqual(events, []);
    assert.equal(stats.skipped.other, 8);
  });
});

describe('Apache: hand-written lines', () => {
  test('DNS lookup failure of a ProxyPass host (needs the system resolver, not on this machine)', () => {
    const { events } = parseLines('x', ['[Wed May 01 10:00:00.123456 2024] [proxy:error] [pid 9:tid 10] [client 203.0.113.9:5123] AH00898: DNS lookup failure for: app.internal returned by /cart'], 'apache');
    assert.equal(events[0]?.cause, 'dns-nxdomain');
    assert.equal(events[0]?.upstream, 'app.internal');
    assert.equal(events[0]?.request, '/cart');
    assert.equal(events[0]?.time, '2024-05-01T10:00:00.123Z');
  });

  test('Apache 2.2 entries (no AH codes, no pid field; 2.2 is not in Debian 12)', () => {
    const { events } = parseLines('x', [
      '[Wed May 01 10:00:00 2024] [error] (111)Connection refused: proxy: HTTP: attempt to connect to 127.0.0.1:8080 (localhost) failed',
      '[Wed May 01 10:00:00 2024] [error] ap_proxy_connect_backend disabling worker for (localhost)',
      '[Wed May 01 10:00:01 2024] [error] [client 203.0.113.9] (70007)The timeout specified has expired: proxy: error reading status line from remote server localhost:8080',
    ], 'apache');
    assert.deepEqual(events.map((e) => e.cause), ['upstream-refused', 'upstream-timeout']);
  });

  test('a connect timeout and a busy balancer (need a host that drops SYNs; a balancer with max connections)', () => {
    assert.deepEqual(causes('apache', [
      '[Wed May 01 10:00:00.1 2024] [proxy:error] [pid 9:tid 10] (110)Connection timed out: AH00957: http: attempt to connect to 10.0.0.5:8080 (app) failed',
      '[Wed May 01 10:00:00.2 2024] [proxy:error] [pid 9:tid 11] [client 203.0.113.9:5123] AH00934: all workers are busy.  Unable to serve balancer://pool',
      '[Wed May 01 10:00:00.3 2024] [proxy:error] [pid 9:tid 12] [client 203.0.113.9:5124] AH00940: http: disabled connection for (app:8080)',
    ]), ['upstream-timeout', 'overloaded', 'no-healthy-upstream']);
  });
});

describe('HAProxy: hand-written lines', () => {
  test('sC: timeout connect (needs a host that drops SYNs)', () => {
    assert.deepEqual(causes('haproxy', ['10.0.0.9:51234 [01/May/2024:10:00:00.123] fe be/s1 0/0/-1/-1/5001 503 217 - - sC-- 1/1/0/0/3 0/0 "GET / HTTP/1.1"']), ['upstream-timeout']);
  });

  test('syslog prefix, IPv6 client, tcplog, proxy and resource limits', () => {
    const { events } = parseLines('x', [
      'May  1 10:00:00 lb1 haproxy[123]: 10.0.0.9:51234 [01/May/2024:10:00:00.123] fe be/s1 0/0/0/-1/2 502 209 - - SH-- 1/1/0/0/0 0/0 "GET / HTTP/1.1"',
      '2001:db8::9:51234 [01/May/2024:10:00:00.456] fe be/s1 0/0/0/-1/2 502 209 - - SH-- 1/1/0/0/0 0/0 "GET /v6 HTTP/1.1"',
      '10.0.0.9:51234 [01/May/2024:10:00:01.000] fe_tcp be_db/s1 -1/-1/0 0 SC 1/1/0/0/3 0/0',
      '10.0.0.9:51234 [01/May/2024:10:00:02.000] fe be/<NOSRV> 0/-1/-1/-1/0 503 217 - - PC-- 1/1/0/0/0 0/0 "GET / HTTP/1.1"',
      '10.0.0.9:51234 [01/May/2024:10:00:03.000] fe be/s1 0/0/0/-1/0 503 217 - - RC-- 1/1/0/0/0 0/0 "GET / HTTP/1.1"',
    ], 'haproxy');
    assert.deepEqual(events.map((e) => e.cause), ['upstream-closed', 'upstream-closed', 'upstream-refused', 'overloaded', 'overloaded']);
    assert.equal(events[1]?.client, '2001:db8::9:51234');
    assert.equal(events[0]?.time, '2024-05-01T10:00:00.123Z');
  });

  test('client aborts, denials and normal ends are not upstream failures', () => {
    assert.deepEqual(causes('haproxy', [
      '10.0.0.9:51234 [01/May/2024:10:00:00.123] fe be/s1 0/0/0/-1/30000 -1 0 - - CH-- 1/1/0/0/0 0/0 "GET / HTTP/1.1"',
      '10.0.0.9:51234 [01/May/2024:10:00:00.123] fe fe/<NOSRV> 0/-1/-1/-1/0 403 192 - - PR-- 1/1/0/0/0 0/0 "GET /admin HTTP/1.1"',
      '10.0.0.9:51234 [01/May/2024:10:00:00.123] fe be/s1 0/0/0/3/3 200 1234 - - ---- 1/1/0/0/0 0/0 "GET / HTTP/1.1"',
    ]), []);
  });
});

describe('lighttpd: hand-written lines', () => {
  test('"all handlers … are down" alone: no backend left (1.4.69 logs it only right after a connect failure)', () => {
    assert.deepEqual(causes('lighttpd', ['2024-05-01 10:00:00: (gw_backend.c.960) all handlers for /index.php? on .php are down.']), ['no-healthy-upstream']);
  });

  test('a FastCGI socket whose queue is full (EAGAIN; 1.4.69 connected and dropped instead, see lighttpd.test.ts)', () => {
    assert.deepEqual(causes('lighttpd', ['2024-05-01 10:00:00: (gw_backend.c.274) establishing connection failed: socket: unix:/run/php/php-fpm.sock: Resource temporarily unavailable']), ['overloaded']);
  });

  test('mod_fastcgi before 1.4.46 (lines as published by its users)', () => {
    const { events } = parseLines('x', [
      '2008-04-23 23:20:50: (mod_fastcgi.c.1743) connect failed: Connection refused on unix:/tmp/php-fastcgi.socket-3',
      '2008-04-23 23:20:50: (mod_fastcgi.c.2912) backend died; we\'ll disable it for 5 seconds and send the request to another backend instead: reconnects: 0 load: 1',
      '2008-04-23 23:20:50: (mod_fastcgi.c.2471) unexpected end-of-file (perhaps the fastcgi process died): pid: 350 socket: unix:/tmp/php-fastcgi.socket-3',
      '2008-04-23 23:20:50: (mod_fastcgi.c.3281) response not received, request sent: 872 on socket: unix:/tmp/php-fastcgi.socket-3 for /php/phpinfo.php , closing connection',
    ], 'lighttpd');
    assert.deepEqual(events.map((e) => e.cause), ['upstream-refused', 'upstream-closed']);
    assert.equal(events[1]?.request, '/php/phpinfo.php');
  });
});

describe('php-fpm: hand-written lines', () => {
  test('a child killed by SIGKILL (the OOM killer), microsecond timestamps; recycled children are fine', () => {
    const { events } = parseLines('x', [
      '[01-May-2024 10:00:00.123456] WARNING: [pool www] child 123 exited on signal 9 (SIGKILL) after 12.345678 seconds from start',
      '[01-May-2024 10:00:01] NOTICE: [pool www] child 124 exited with code 0 after 3600.000000 seconds from start',
      '[01-May-2024 10:00:01] WARNING: [pool www] seems busy (you may need to increase pm.start_servers, or pm.min/max_spare_servers), spawning 8 children, there are 0 idle, and 10 total children',
    ], 'php-fpm');
    assert.deepEqual(events.map((e) => e.cause), ['upstream-closed']);
    assert.equal(events[0]?.time, '2024-05-01T10:00:00.123Z');
  });
});

describe('Caddy: hand-written lines', () => {
  test('console format, older remote_addr field, dial timeout; client gone is not a failure', () => {
    const { events } = parseLines('x', [
      '2024/05/01 10:00:00.123\tERROR\thttp.log.error\tdial tcp 10.0.0.5:8080: i/o timeout\t{"request": {"remote_ip": "203.0.113.9", "remote_port": "5123", "method": "GET", "uri": "/", "proto": "HTTP/1.1"}, "duration": 3.0, "status": 504, "err_id": "x", "err_trace": "reverseproxy.statusError (reverseproxy.go:1272)"}',
      '{"level":"error","ts":1714557600.5,"logger":"http.log.error","msg":"dial tcp 10.0.0.5:8080: connect: connection refused","request":{"remote_addr":"203.0.113.9:5124","method":"GET","uri":"/a","proto":"HTTP/1.1"},"status":502,"err_trace":"reverseproxy.statusError (reverseproxy.go:857)"}',
      '{"level":"error","ts":1714557601,"logger":"http.log.error","msg":"context canceled","request":{"remote_ip":"203.0.113.9","method":"GET","uri":"/b"},"status":499,"err_trace":"reverseproxy.statusError (reverseproxy.go:1272)"}',
      '{"level":"info","ts":1714557601,"logger":"http.log.error","msg":"{id=x} fileserver.(*FileServer).notFound (staticfiles.go:530): HTTP 404","request":{"remote_ip":"203.0.113.9","method":"GET","uri":"/c"},"status":404,"err_trace":"fileserver.(*FileServer).notFound (staticfiles.go:530)"}',
    ], 'caddy');
    assert.deepEqual(events.map((e) => e.cause), ['upstream-timeout', 'upstream-refused']);
    assert.equal(events[0]?.upstream, '10.0.0.5:8080');
    assert.equal(events[0]?.client, '203.0.113.9:5123');
    assert.equal(events[1]?.client, '203.0.113.9:5124');
    assert.equal(events[1]?.time, '2024-05-01T10:00:00.500Z');
  });

  test('a reverse_proxy error whose text names no known cause (a placeholder that resolves to nothing) → unknown', () => {
    assert.deepEqual(causes('caddy', [
      '{"level":"error","ts":1714557600,"logger":"http.log.error","msg":"making dial info: upstream {http.request.header.X-Backend}:8080: invalid dial address","request":{"remote_ip":"203.0.113.9","method":"GET","uri":"/"},"status":502,"err_trace":"reverseproxy.(*Handler).proxyLoopIteration (reverseproxy.go:480)"}',
    ]), ['unknown']);
  });
});

describe('Varnish: FetchError texts not produced in varnish.test.ts', () => {
  test('no backend from a director, connect timeout', () => {
    const { events } = parseLines('x', [
      '*   << BeReq    >> 5',
      '-   Begin          bereq 4 fetch',
      '-   Timestamp      Start: 1714557600.000000 0.000000 0.000000',
      '-   BereqURL       /',
      '-   FetchError     Director lb returned no backend',
      '-   End',
      '',
      '*   << BeReq    >> 7',
      '-   BereqURL       /x',
      '-   FetchError     backend app: fail errno 110 (Connection timed out)',
      '-   End',
    ], 'varnish');
    assert.deepEqual(events.map((e) => e.cause), ['no-healthy-upstream', 'upstream-timeout']);
    assert.equal(events[0]?.time, '2024-05-01T10:00:00.000Z');
    assert.equal(events[1]?.upstream, 'app');
  });
});

describe('access logs: hand-written lines', () => {
  const read = (lines: string[]) => parseLines('access.log', lines, 'auto');
  const at = '[01/May/2024:12:00:00 +0200]';

  test('lighttpd\'s default (%V in place of %l) and Apache\'s %b "-": access logs; the time keeps its zone', () => {
    const { events, stats } = read([
      `203.0.113.9 shop.example - ${at} "GET /cart HTTP/1.1" 503 - "-" "Mozilla/5.0"`,
      `203.0.113.9 shop.example - ${at} "GET / HTTP/1.1" 200 612 "-" "Mozilla/5.0"`,
    ]);
    assert.equal(stats.server, 'access');
    assert.deepEqual(events.map((e) => [e.status, e.path, e.time]), [[503, '/cart', '2024-05-01T10:00:00.000Z']]);
  });

  test('requests nginx and Apache write oddly: an escaped quote, "-", TLS bytes on the HTTP port, an absolute URL (a proxy scanner)', () => {
    const { events, stats } = read([
      `203.0.113.9 - - ${at} "GET /say\\"hi\\" HTTP/1.1" 502 10 "-" "-"`,
      `203.0.113.9 - - ${at} "-" 500 0 "-" "-"`,
      `203.0.113.9 - - ${at} "\\x16\\x03\\x01\\x02\\x00\\x01\\x00" 400 157 "-" "-"`,
      `203.0.113.9 - - ${at} "GET http://example.com/a/b?c=d HTTP/1.1" 504 0 "-" "-"`,
    ]);
    assert.equal(stats.server, 'access');
    assert.deepEqual(events.map((e) => [e.status, e.path, e.request]), [
      [502, '/say\\"hi\\"', 'GET /say\\"hi\\" HTTP/1.1'],
      [500, null, null],
      [504, '/a/b', 'GET http://example.com/a/b?c=d HTTP/1.1'],
    ]);
  });

  test('upstreams nginx writes: IPv6, a unix socket, the servers tried and an internal redirect (", " and " : "), times summed', () => {
    const { events } = read([
      `203.0.113.9 - - ${at} "GET /a HTTP/1.1" 502 157 "-" "-" [::1]:8080 0.001 0.002`,
      `203.0.113.9 - - ${at} "GET /b.php HTTP/1.1" 502 157 "-" "-" unix:/run/php/php8.2-fpm.sock 0.000 0.001`,
      `203.0.113.9 - - ${at} "GET /c HTTP/1.1" 504 157 "-" "-" 10.0.0.1:80, 10.0.0.2:80 : 10.0.0.3:80 1.000, 1.001 : 0.500 2.600`,
    ]);
    assert.deepEqual(events.map((e) => [e.upstream, e.upstreamTime, e.requestTime]), [
      ['[::1]:8080', 0.001, 0.002],
      ['unix:/run/php/php8.2-fpm.sock', 0, 0.001],
      ['10.0.0.1:80, 10.0.0.2:80 : 10.0.0.3:80', 2.501, 2.6],
    ]);
  });

  test('labelled fields in any order; a quoted X-Forwarded-For is not an upstream', () => {
    const { events } = read([
      `203.0.113.9 - - ${at} "GET /a HTTP/1.1" 502 157 "-" "-" "198.51.100.7" urt=0.010 ua="10.0.0.5:8080" request_time=0.011`,
      `203.0.113.9 - - ${at} "GET /b HTTP/1.1" 502 157 "-" "-" "198.51.100.7"`,
    ]);
    assert.deepEqual(events.map((e) => [e.upstream, e.upstreamTime, e.requestTime]), [['10.0.0.5:8080', 0.01, 0.011], [null, null, null]]);
  });

  test('every 5xx is an event of cause unknown, even a 504 at exactly nginx\'s 60 s: the same line is written when the upstream itself answers 504', () => {
    const { events } = read([`203.0.113.9 - - ${at} "GET /slow HTTP/1.1" 504 167 "-" "-" 10.0.0.5:8080 60.001 60.001`]);
    assert.deepEqual(events.map((e) => [e.cause, e.kind, e.status]), [['unknown', 'access', 504]]);
  });
});
