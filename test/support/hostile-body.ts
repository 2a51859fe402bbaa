// Hostile HTTP/1.1 servers, part two: bodies (endless, huge, compression bombs, a Content-Encoding
// that lies, a body that stops mid-chunk) and redirects (to schemes a browser would not follow, to
// itself, in long chains and loops, with broken Location values).
import { promisify } from 'node:util';
import * as zlib from 'node:zlib';
import { gzipBombBody } from './raw-servers.js';
import { every, flood, rawHttp, response, send, type HostileCase, type HostileTarget, type Writer } from './hostile-kit.js';
import { listenRaw, readRequestHead } from './raw-listen.js';

const OK_HEAD = 'HTTP/1.1 200 OK';
const HTML = 'Content-Type: text/html';

const withBody = (headers: string[], body: Buffer, ending: 'close' | 'hold' = 'close'): Writer =>
  send(Buffer.concat([Buffer.from(response(OK_HEAD, headers)), body]), ending);

const bombs = new Map<string, Promise<Buffer>>();

/** A compressed stream of `inflated` zero bytes, built by streaming (never 1 GiB in memory). */
function bomb(kind: 'deflate' | 'br', inflated: number): Promise<Buffer> {
  const key = `${kind}:${inflated}`;
  let made = bombs.get(key);
  if (!made) {
    made = (async () => {
      const stream = kind === 'br'
        ? zlib.createBrotliCompress({ params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 1 } })
        : zlib.createDeflate({ level: 6, strategy: zlib.constants.Z_RLE });
      const parts: Buffer[] = [];
      stream.on('data', (part: Buffer) => parts.push(part));
      const done = new Promise<void>((resolve, reject) => { stream.once('end', resolve); stream.once('error', reject); });
      const zeros = Buffer.alloc(4 * 1024 * 1024);
      for (let left = inflated; left > 0; left -= zeros.length) {
        if (!stream.write(left >= zeros.length ? zeros : zeros.subarray(0, left))) await new Promise((resolve) => stream.once('drain', resolve));
      }
      stream.end();
      await done;
      return Buffer.concat(parts);
    })();
    bombs.set(key, made);
  }
  return made;
}

const gzip = promisify(zlib.gzip);
const PAGE = Buffer.from('<html><body><h1>hello</h1></body></html>');

export const BODY_CASES: HostileCase[] = [
  { name: 'endless chunked body', group: 'body', alone: true, start: () => rawHttp(flood(() => `4000\r\n${'b'.repeat(0x4000)}\r\n`, response(OK_HEAD, [HTML, 'Transfer-Encoding: chunked']))), expect: { cause: 'ok', status: 200 } },
  { name: 'endless body without a length (until close)', group: 'body', alone: true, start: () => rawHttp(flood(() => 'b'.repeat(64 * 1024), response(OK_HEAD, [HTML, 'Connection: close']))), expect: { cause: 'ok', status: 200 } },
  { name: 'endless body under Content-Length: 100', group: 'body', alone: true, start: () => rawHttp(flood(() => 'b'.repeat(64 * 1024), response(OK_HEAD, [HTML, 'Content-Length: 100']))), expect: { cause: 'ok', status: 200 } },
  { name: 'a 40 MiB body with its length', group: 'body', alone: true, start: () => rawHttp(withBody([HTML, `Content-Length: ${40 * 1024 * 1024}`], Buffer.alloc(40 * 1024 * 1024, 'x'))), expect: { cause: 'ok', status: 200 } },
  {
    name: 'gzip bomb (1 GiB of zeros)', group: 'body', alone: true,
    start: async () => { const body = await gzipBombBody(); return rawHttp(withBody([HTML, 'Content-Encoding: gzip', `Content-Length: ${body.length}`], body)); },
    expect: { cause: 'ok', status: 200 },
  },
  {
    name: 'deflate bomb (1 GiB of zeros)', group: 'body', alone: true,
    start: async () => { const body = await bomb('deflate', 1024 ** 3); return rawHttp(withBody([HTML, 'Content-Encoding: deflate', `Content-Length: ${body.length}`], body)); },
    expect: { cause: 'ok', status: 200 },
  },
  {
    name: 'brotli bomb (1 GiB of zeros)', group: 'body', alone: true,
    start: async () => { const body = await bomb('br', 1024 ** 3); return rawHttp(withBody([HTML, 'Content-Encoding: br', `Content-Length: ${body.length}`], body)); },
    expect: { cause: 'ok', status: 200 },
  },
  {
    name: 'gzip bomb, chunked and sent forever (gzip of zeros repeated)', group: 'body', alone: true,
    start: async () => {
      const body = await gzipBombBody(64 * 1024 * 1024);
      const chunk = Buffer.concat([Buffer.from(`${body.length.toString(16)}\r\n`), body, Buffer.from('\r\n')]);
      return rawHttp(flood(() => chunk, response(OK_HEAD, [HTML, 'Content-Encoding: gzip', 'Transfer-Encoding: chunked'])));
    },
    expect: { cause: 'ok', status: 200 },
  },
  { name: 'Content-Encoding: gzip over a plain body', group: 'body', start: () => rawHttp(withBody([HTML, 'Content-Encoding: gzip', `Content-Length: ${PAGE.length}`], PAGE)), expect: { cause: 'malformed-response', status: 200 } },
  { name: 'Content-Encoding: br over a gzip body', group: 'body', start: async () => { const body = await gzip(PAGE); return rawHttp(withBody([HTML, 'Content-Encoding: br', `Content-Length: ${body.length}`], body)); }, expect: { cause: 'malformed-response', status: 200 } },
  { name: 'Content-Encoding: deflate over a plain body', group: 'body', start: () => rawHttp(withBody([HTML, 'Content-Encoding: deflate', `Content-Length: ${PAGE.length}`], PAGE)), expect: { cause: 'malformed-response', status: 200 } },
  { name: 'Content-Encoding unknown (x-bogus)', group: 'body', start: () => rawHttp(withBody([HTML, 'Content-Encoding: x-bogus', `Content-Length: ${PAGE.length}`], PAGE)), expect: { cause: 'ok', status: 200 } },
  { name: 'Content-Encoding: gzip, gzip over a single gzip', group: 'body', start: async () => { const body = await gzip(PAGE); return rawHttp(withBody([HTML, 'Content-Encoding: gzip, gzip', `Content-Length: ${body.length}`], body)); } },
  { name: 'gzip cut in the middle of the stream', group: 'body', start: async () => { const body = (await gzip(Buffer.alloc(100_000, 'a'))).subarray(0, 40); return rawHttp(withBody([HTML, 'Content-Encoding: gzip', `Content-Length: ${body.length}`], body)); }, expect: { cause: 'malformed-response', status: 200 } },
  { name: 'body stops mid-chunk, then close', group: 'body', start: () => rawHttp(send(response(OK_HEAD, [HTML, 'Transfer-Encoding: chunked'], '3e8\r\n<html>hello'))), expect: { cause: 'malformed-response', status: 200 } },
  { name: 'body stops mid-chunk, then reset', group: 'body', start: () => rawHttp(send(response(OK_HEAD, [HTML, 'Transfer-Encoding: chunked'], '3e8\r\n<html>hello'), 'reset')), expect: { cause: 'malformed-response', status: 200 } },
  { name: 'body stops mid-chunk and stalls', group: 'body', start: () => rawHttp(send(response(OK_HEAD, [HTML, 'Transfer-Encoding: chunked'], '3e8\r\n<html>hello'), 'hold')), expect: { cause: 'ok', status: 200 } },
  { name: 'an empty 200', group: 'body', start: () => rawHttp(send(response(OK_HEAD, [HTML, 'Content-Length: 0']))), expect: { cause: 'blank-page', status: 200 } },
  { name: 'a 200 of whitespace only', group: 'body', start: () => rawHttp(send(response(OK_HEAD, [HTML, 'Content-Length: 6'], ' \n\t\n  '))), expect: { cause: 'blank-page', status: 200 } },
  { name: 'a 200 of 1 MiB of NUL bytes', group: 'body', start: () => rawHttp(withBody([HTML, `Content-Length: ${1024 * 1024}`], Buffer.alloc(1024 * 1024))), expect: { cause: 'ok', status: 200 } },
  { name: 'a 502 whose body never ends', group: 'body', alone: true, start: () => rawHttp(flood(() => 'bad gateway '.repeat(4096), response('HTTP/1.1 502 Bad Gateway', [HTML, 'Connection: close']))), expect: { cause: 'unknown', status: 502 } },
  { name: 'a body of invalid UTF-8', group: 'body', start: () => rawHttp(withBody(['Content-Type: text/html; charset=utf-8', 'Content-Length: 512'], Buffer.alloc(512, 0xc3))), expect: { cause: 'ok', status: 200 } },
  { name: 'a body trickled 1 KiB every 50 ms without end', group: 'body', start: () => rawHttp(every(50, () => 'b'.repeat(1024), response(OK_HEAD, [HTML, 'Connection: close']))) },
];

/** An http:// server that answers every path with `answer(path)` (a whole response). */
async function byPath(answer: (path: string, port: number) => string): Promise<HostileTarget> {
  let port = 0;
  const server = await listenRaw((socket, context) => {
    readRequestHead(socket, context, (head) => {
      // Routed on the path alone: diagnose marks its requests with a query string.
      const path = (/^[A-Z]+ (\S+)/.exec(head.toString('latin1'))?.[1] ?? '/').split('?')[0]!;
      socket.end(Buffer.from(answer(path, port), 'latin1'));
    });
  });
  port = server.port;
  return { url: `http://127.0.0.1:${port}/`, stop: () => server.stop() };
}

const redirect = (location: string, status = 302): string =>
  response(`HTTP/1.1 ${status} Found`, [`Location: ${location}`, 'Content-Length: 0', 'Connection: close']);
const okPage = response(OK_HEAD, [HTML, 'Content-Length: 5', 'Connection: close'], 'hello');
/** Redirects `/` to `location`, answers 200 elsewhere. */
const redirectOnce = (location: string, status = 302) => (): Promise<HostileTarget> =>
  byPath((path) => (path === '/' ? redirect(location, status) : okPage));

export const REDIRECT_CASES: HostileCase[] = [
  { name: 'redirect to file:///etc/passwd', group: 'redirect', start: redirectOnce('file:///etc/passwd'), expect: { cause: 'ok', status: 302 } },
  { name: 'redirect to javascript:', group: 'redirect', start: redirectOnce('javascript:alert(1)'), expect: { cause: 'ok', status: 302 } },
  { name: 'redirect to data:', group: 'redirect', start: redirectOnce('data:text/html,<h1>hi</h1>'), expect: { cause: 'ok', status: 302 } },
  { name: 'redirect to ftp://', group: 'redirect', start: redirectOnce('ftp://127.0.0.1/pub/'), expect: { cause: 'ok', status: 302 } },
  { name: 'redirect to itself', group: 'redirect', start: redirectOnce('/'), expect: { cause: 'redirect-loop', status: 302 } },
  { name: 'redirect to itself, absolute', group: 'redirect', start: () => byPath((_p, port) => redirect(`http://127.0.0.1:${port}/`, 301)), expect: { cause: 'redirect-loop', status: 301 } },
  { name: 'a 50-hop chain', group: 'redirect', start: () => byPath((path) => { const n = Number(/\/hop\/(\d+)/.exec(path)?.[1] ?? 0); return n < 50 ? redirect(`/hop/${n + 1}`, 307) : okPage; }), expect: { cause: 'redirect-loop', status: 307 } },
  { name: 'relative loop /a → /b → /a', group: 'redirect', start: () => byPath((path) => redirect(path === '/a' ? 'b' : '/a')), expect: { cause: 'redirect-loop', status: 302 } },
  { name: 'endless chain of new query strings', group: 'redirect', start: () => byPath((path) => redirect(`${path}?n=${Math.random()}`, 303)), expect: { cause: 'redirect-loop', status: 303 } },
  { name: 'Location with spaces', group: 'redirect', start: redirectOnce('/a path with spaces'), expect: { cause: 'ok', status: 200 } },
  { name: 'Location with raw UTF-8', group: 'redirect', start: () => byPath((path) => (path === '/' ? redirect(Buffer.from('/ünïcödé/☃', 'utf8').toString('latin1')) : okPage)), expect: { cause: 'ok', status: 200 } },
  { name: 'Location without a value', group: 'redirect', start: () => byPath(() => response('HTTP/1.1 302 Found', ['Location:', 'Content-Length: 0'])) },
  { name: 'a 301 without Location', group: 'redirect', start: () => byPath(() => response('HTTP/1.1 301 Moved Permanently', ['Content-Length: 0'])), expect: { cause: 'ok', status: 301 } },
  { name: 'Location that is not a URL (http://[broken)', group: 'redirect', start: redirectOnce('http://[broken/'), expect: { cause: 'ok', status: 302 } },
  { name: 'Location with port 99999', group: 'redirect', start: redirectOnce('http://127.0.0.1:99999/'), expect: { cause: 'ok', status: 302 } },
  { name: 'Location of 60 KB', group: 'redirect', start: redirectOnce(`/${'l'.repeat(60 * 1024)}`) },
  { name: 'redirect to https:// on the same plain-HTTP port', group: 'redirect', start: () => byPath((_p, port) => redirect(`https://127.0.0.1:${port}/`)), expect: { cause: 'tls-handshake-failed', phase: 'tls' } },
  { name: 'redirect to a closed port', group: 'redirect', start: redirectOnce('http://127.0.0.1:1/'), expect: { cause: 'connect-refused', phase: 'tcp' } },
  { name: 'redirect with CR LF injected in Location', group: 'redirect', start: () => byPath((path) => (path === '/' ? response('HTTP/1.1 302 Found', ['Location: /next\rSet-Cookie: evil=1', 'Content-Length: 0']) : okPage)) },
  { name: 'redirect to a host that is an IPv6 literal with a zone', group: 'redirect', start: redirectOnce('http://[fe80::1%25eth0]/') },
];
