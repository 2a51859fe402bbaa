#!/usr/bin/env node
// Writes a realistic nginx error log for the `whydown logs` benchmark (default ~1 GB into /tmp):
// upstream failures of every kind (proxy, fastcgi over unix sockets, uwsgi, grpc; refused, reset,
// timed out, invalid/too-big headers, no live upstreams, php-fpm busy, runtime DNS, TLS) mixed
// with the usual noise: notices, 404 open() failures, access denied, client-side closes, limits,
// SSL handshake noise, upstream warnings that are not failures, PHP warnings, multi-line stack
// traces. Line formats are the ones nginx 1.22 wrote in this project's tests.
//
//   node bench/logs-generate.mjs [bytes] [path]     (defaults: 1073741824 /tmp/whydown-bench/error.log)
import { createWriteStream, mkdirSync } from 'node:fs';
import path from 'node:path';

const target = Number(process.argv[2] ?? 1024 ** 3);
const file = process.argv[3] ?? '/tmp/whydown-bench/error.log';
mkdirSync(path.dirname(file), { recursive: true });

let seed = 42;
const rand = () => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed / 0x7fffffff;
};
const pick = (list) => list[Math.floor(rand() * list.length)];
const int = (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1));

const clients = Array.from({ length: 500 }, () => `${int(1, 223)}.${int(0, 255)}.${int(0, 255)}.${int(1, 254)}`);
const hosts = ['shop.example.com', 'www.example.com', 'api.example.com', 'static.example.com', 'admin.example.com'];
const paths = ['/', '/index.php', '/cart', '/checkout', '/api/v1/orders', '/api/v1/products?page=2', '/wp-admin/admin-ajax.php',
  '/search?q=red+shoes', '/login', '/account/orders/12345', '/graphql', '/feed.xml', '/product/blue-widget-2000', '/wp-login.php'];
const methods = ['GET', 'GET', 'GET', 'GET', 'POST', 'POST', 'HEAD', 'PUT'];
const proxies = ['http://10.0.1.11:8080', 'http://10.0.1.12:8080', 'http://10.0.1.13:8080', 'http://127.0.0.1:3000', 'http://app_backend'];
const unixes = ['fastcgi://unix:/run/php/php8.2-fpm.sock', 'fastcgi://unix:/run/php/php8.2-fpm-shop.sock'];
const referrers = ['https://www.google.com/', 'https://shop.example.com/cart', 'https://www.example.com/'];

let clock = Date.UTC(2024, 4, 1, 0, 0, 0);
let pid = 1201;
let conn = 1000;
const pad = (n) => String(n).padStart(2, '0');
let stampSecond = -1;
let stamp = '';
function time() {
  clock += int(0, 40); // ~40 lines per second → a day or two of log per GB
  const second = Math.floor(clock / 1000);
  if (second !== stampSecond) {
    stampSecond = second;
    const d = new Date(clock);
    stamp = `${d.getUTCFullYear()}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  }
  return stamp;
}
function head(level) {
  if (rand() < 0.001) pid = int(1000, 30000);
  return `${time()} [${level}] ${pid}#${pid}: *${conn++} `;
}
function ctx(upstream, uri = pick(paths)) {
  const host = pick(hosts);
  const ref = rand() < 0.3 ? `, referrer: "${pick(referrers)}"` : '';
  const up = upstream ? `, upstream: "${upstream}${upstream.startsWith('fastcgi://unix:') ? ':' : upstream.startsWith('fastcgi') ? '' : uri}"` : '';
  return `, client: ${pick(clients)}, server: ${host}, request: "${pick(methods)} ${uri} HTTP/1.1"${up}, host: "${host}"${ref}`;
}

// [weight, make line]
const kinds = [
  // upstream failures (about 45% of lines)
  [8, () => `${head('error')}connect() failed (111: Connection refused) while connecting to upstream${ctx(pick(proxies))}`],
  [7, () => `${head('error')}upstream timed out (110: Connection timed out) while reading response header from upstream${ctx(pick(proxies))}`],
  [2, () => `${head('error')}upstream timed out (110: Connection timed out) while connecting to upstream${ctx(pick(proxies))}`],
  [5, () => `${head('error')}upstream prematurely closed connection while reading response header from upstream${ctx(pick(proxies))}`],
  [4, () => `${head('error')}recv() failed (104: Connection reset by peer) while reading response header from upstream${ctx(pick([...proxies, ...unixes]))}`],
  [2, () => `${head('error')}upstream sent too big header while reading response header from upstream${ctx(pick(proxies))}`],
  [1, () => `${head('error')}upstream sent invalid header: "X-Debug\\x01..." while reading response header from upstream${ctx(pick(proxies))}`],
  [1, () => `${head('error')}upstream sent no valid HTTP/1.0 header while reading response header from upstream${ctx(pick(proxies))}`],
  [3, () => `${head('error')}no live upstreams while connecting to upstream${ctx('http://app_backend')}`],
  [4, () => `${head('error')}connect() to unix:/run/php/php8.2-fpm.sock failed (11: Resource temporarily unavailable) while connecting to upstream${ctx(unixes[0])}`],
  [2, () => `${head('crit')}connect() to unix:/run/php/php8.2-fpm-shop.sock failed (2: No such file or directory) while connecting to upstream${ctx(unixes[1])}`],
  [1, () => `${head('error')}upstream prematurely closed FastCGI stdout while reading response header from upstream${ctx(pick(unixes))}`],
  [1, () => `${head('error')}upstream sent unsupported FastCGI protocol version: 72 while reading response header from upstream${ctx('fastcgi://127.0.0.1:9000')}`],
  [1, () => `${head('error')}upstream prematurely closed connection while reading response header from upstream${ctx('uwsgi://127.0.0.1:3031')}`],
  [1, () => `${head('error')}upstream rejected request with error 2 while reading response header from upstream${ctx('grpc://127.0.0.1:50051')}`],
  [1, () => `${head('error')}app.internal could not be resolved (3: Host not found)${ctx(null)}`],
  [1, () => `${head('error')}SSL_do_handshake() failed (SSL: error:0A000086:SSL routines::certificate verify failed) while SSL handshaking to upstream${ctx('https://10.0.2.20:443')}`],
  [1, () => `${head('error')}FastCGI sent in stderr: "PHP message: PHP Fatal error:  Allowed memory size of 134217728 bytes exhausted (tried to allocate 20480 bytes) in /var/www/shop/vendor/lib/Cache.php on line 88" while reading response header from upstream${ctx(pick(unixes))}`],
  // noise (about 55%): some of it mentions "upstream" without being a failure
  [10, () => `${head('error')}open() "/var/www/html${pick(['/favicon.ico', '/robots.txt', '/.env', '/wp-content/x.php', '/apple-touch-icon.png'])}" failed (2: No such file or directory)${ctx(null, '/favicon.ico')}`],
  [6, () => `${head('info')}*${conn} client ${pick(clients)} closed keepalive connection`],
  [4, () => `${head('info')}client closed connection while waiting for request, client: ${pick(clients)}, server: 0.0.0.0:443`],
  [3, () => `${head('error')}access forbidden by rule${ctx(null, '/.git/config')}`],
  [3, () => `${head('crit')}SSL_do_handshake() failed (SSL: error:0A00006C:SSL routines::bad key share) while SSL handshaking, client: ${pick(clients)}, server: 0.0.0.0:443`],
  [3, () => `${head('info')}SSL_read() failed (SSL: error:0A000126:SSL routines::unexpected eof while reading) while waiting for request, client: ${pick(clients)}, server: 0.0.0.0:443`],
  [3, () => `${head('warn')}an upstream response is buffered to a temporary file /var/cache/nginx/proxy_temp/${int(1, 9)}/${int(10, 99)}/00000${int(10000, 99999)} while reading upstream${ctx(pick(proxies))}`],
  [3, () => `${head('info')}epoll_wait() reported that client prematurely closed connection, so upstream connection is closed too while sending request to upstream${ctx(pick(proxies))}`],
  [2, () => `${head('warn')}upstream server temporarily disabled while connecting to upstream${ctx(pick(proxies))}`],
  [2, () => `${head('error')}limiting requests, excess: 20.${int(100, 999)} by zone "perip", client: ${pick(clients)}, server: ${pick(hosts)}, request: "GET /search?q=x HTTP/1.1", host: "${pick(hosts)}"`],
  [2, () => `${head('error')}client intended to send too large body: ${int(2000000, 90000000)} bytes${ctx(null, '/upload')}`],
  [2, () => `${head('error')}FastCGI sent in stderr: "PHP message: PHP Warning:  Undefined array key \\"page\\" in /var/www/shop/app/Controller.php on line ${int(1, 900)}" while reading response header from upstream${ctx(pick(unixes))}`],
  [1, () => `${head('error')}FastCGI sent in stderr: "PHP message: PHP Fatal error:  Uncaught TypeError: count(): Argument #1 must be of type Countable in /var/www/shop/app/Cart.php:42\nStack trace:\n#0 /var/www/shop/app/Controller.php(88): Cart->total()\n#1 /var/www/shop/public/index.php(12): Controller->run()\n#2 {main}\n  thrown in /var/www/shop/app/Cart.php on line 42" while reading response header from upstream${ctx(pick(unixes))}`],
  [1, () => `${head('error')}directory index of "/var/www/html/assets/" is forbidden${ctx(null, '/assets/')}`],
  [1, () => `${head('notice')}signal process started`],
  [1, () => `${head('warn')}*${conn} a client request body is buffered to a temporary file /var/cache/nginx/client_temp/00000${int(10000, 99999)}${ctx(null, '/upload')}`],
];
const table = [];
for (const [weight, make] of kinds) for (let i = 0; i < weight; i++) table.push(make);

const out = createWriteStream(file, { highWaterMark: 4 << 20 });
let written = 0;
let lines = 0;
function fill() {
  while (written < target) {
    const parts = [];
    let size = 0;
    while (size < 4 << 20) {
      const line = `${pick(table)()}\n`;
      parts.push(line);
      size += line.length;
      lines++;
    }
    const chunk = Buffer.from(parts.join(''));
    written += chunk.length;
    if (!out.write(chunk)) return out.once('drain', fill);
  }
  out.end(() => console.log(`${file}: ${written} bytes, ${lines} lines`));
}
fill();
