// Hostile HTTP/1.x servers, part one: the connection, the message framing (chunked encoding and
// Content-Length abuse, 1xx floods, odd status lines) and the response head (NUL, obs-fold, bare
// CR, huge or countless headers, non-ASCII names).
import { deadPort } from './process.js';
import { garbageBytes } from './raw-servers.js';
import { every, flood, rawHttp, rawHttpOnConnect, response, send, type HostileCase } from './hostile-kit.js';

const OK_HEAD = 'HTTP/1.1 200 OK';
const CHUNKED = 'Transfer-Encoding: chunked';
const TYPE = 'Content-Type: text/plain';

/** A whole response with the given head lines and a `hello` body whose length the head does not state. */
const plain = (statusLine: string, headers: string[] = [TYPE, 'Content-Length: 5', 'Connection: close'], body = 'hello'): HostileCase['start'] =>
  () => rawHttp(send(response(statusLine, headers, body)));

export const CONNECTION_CASES: HostileCase[] = [
  {
    name: 'closed port', group: 'connection',
    start: async () => ({ url: `http://127.0.0.1:${await deadPort()}/`, stop: async () => undefined }),
    expect: { cause: 'connect-refused', status: null, phase: 'tcp' },
  },
  // The reset can beat Node's connect callback: then the attempt stops in the tcp phase.
  { name: 'reset at accept, before the request', group: 'connection', start: () => rawHttpOnConnect((s) => s.resetAndDestroy()), expect: { cause: ['connect-reset', 'empty-response'], status: null } },
  { name: 'clean close at accept, before the request', group: 'connection', start: () => rawHttpOnConnect((s) => s.end()), expect: { cause: ['empty-response', 'connect-reset'], status: null, phase: 'http' } },
  { name: 'reset after the request', group: 'connection', start: () => rawHttp((s) => s.resetAndDestroy()), expect: { cause: 'connect-reset', status: null, phase: 'http' } },
  { name: 'clean close after the request, no byte', group: 'connection', start: () => rawHttp(send('')), expect: { cause: 'empty-response', status: null, phase: 'http' } },
  { name: 'request read, never an answer', group: 'connection', start: () => rawHttp(() => undefined), expect: { cause: 'response-timeout', status: null, phase: 'http' } },
  { name: 'random bytes instead of HTTP', group: 'connection', start: () => rawHttp(send(garbageBytes(2048))), expect: { cause: 'malformed-response', status: null } },
  { name: 'random bytes forever', group: 'connection', alone: true, start: () => rawHttp(flood(() => garbageBytes(16 * 1024))), expect: { cause: 'malformed-response', status: null } },
  { name: 'a response before the request was read', group: 'connection', start: () => rawHttpOnConnect(send(response(OK_HEAD, [TYPE, 'Content-Length: 5'], 'hello'))), expect: { cause: 'ok', status: 200 } },
  { name: 'half a status line, then close', group: 'connection', start: () => rawHttp(send('HTTP/1.')), expect: { cause: 'malformed-response', status: null } },
  { name: 'status line, then close before the blank line', group: 'connection', start: () => rawHttp(send('HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n')), expect: { cause: 'malformed-response', status: null } },
  { name: 'status line, then reset', group: 'connection', start: () => rawHttp(send('HTTP/1.1 502 Bad Gateway\r\n', 'reset')), expect: { cause: ['malformed-response', 'connect-reset'], status: null } },
];

export const FRAMING_CASES: HostileCase[] = [
  { name: 'chunk size not hex', group: 'framing', start: () => rawHttp(send(response(OK_HEAD, [TYPE, CHUNKED], 'zz\r\nhello\r\n0\r\n\r\n'))), expect: { cause: 'malformed-response', status: 200 } },
  { name: 'chunk size overflowing 64 bits', group: 'framing', start: () => rawHttp(send(response(OK_HEAD, [TYPE, CHUNKED], 'ffffffffffffffffffffffff\r\nhello\r\n0\r\n\r\n'))), expect: { cause: 'malformed-response', status: 200 } },
  { name: 'negative chunk size', group: 'framing', start: () => rawHttp(send(response(OK_HEAD, [TYPE, CHUNKED], '-5\r\nhello\r\n0\r\n\r\n'))), expect: { cause: 'malformed-response', status: 200 } },
  { name: 'chunk extension with NUL', group: 'framing', start: () => rawHttp(send(response(OK_HEAD, [TYPE, CHUNKED], '5;a=\0\r\nhello\r\n0\r\n\r\n'))) },
  { name: 'chunk data without its CRLF', group: 'framing', start: () => rawHttp(send(response(OK_HEAD, [TYPE, CHUNKED], '5\r\nhelloXX5\r\nhello\r\n0\r\n\r\n'))), expect: { cause: 'malformed-response', status: 200 } },
  { name: 'chunked body without the last chunk, then close', group: 'framing', start: () => rawHttp(send(response(OK_HEAD, [TYPE, CHUNKED], '5\r\nhello\r\n'))), expect: { cause: 'malformed-response', status: 200 } },
  { name: 'chunked body without the last chunk, held open', group: 'framing', start: () => rawHttp(send(response(OK_HEAD, [TYPE, CHUNKED], '5\r\nhello\r\n'), 'hold')), expect: { cause: 'ok', status: 200 } },
  { name: 'Content-Length larger than the body, then close', group: 'framing', start: plain(OK_HEAD, [TYPE, 'Content-Length: 100']), expect: { cause: 'malformed-response', status: 200 } },
  { name: 'Content-Length larger than the body, held open', group: 'framing', start: () => rawHttp(send(response(OK_HEAD, [TYPE, 'Content-Length: 100'], 'hello'), 'hold')), expect: { cause: 'ok', status: 200 } },
  { name: 'Content-Length smaller than the body', group: 'framing', start: plain(OK_HEAD, [TYPE, 'Content-Length: 2'], 'hello, and more bytes than announced'), expect: { cause: 'ok', status: 200 } },
  { name: 'Content-Length twice, same value', group: 'framing', start: plain(OK_HEAD, [TYPE, 'Content-Length: 5', 'Content-Length: 5']) },
  { name: 'Content-Length twice, different values', group: 'framing', start: plain(OK_HEAD, [TYPE, 'Content-Length: 5', 'Content-Length: 9']), expect: { cause: 'malformed-response', status: null } },
  { name: 'Content-Length as a list', group: 'framing', start: plain(OK_HEAD, [TYPE, 'Content-Length: 5, 9']), expect: { cause: 'malformed-response', status: null } },
  { name: 'Content-Length negative', group: 'framing', start: plain(OK_HEAD, [TYPE, 'Content-Length: -5']), expect: { cause: 'malformed-response', status: null } },
  { name: 'Content-Length not a number', group: 'framing', start: plain(OK_HEAD, [TYPE, 'Content-Length: five']), expect: { cause: 'malformed-response', status: null } },
  { name: 'Content-Length of 30 digits', group: 'framing', start: plain(OK_HEAD, [TYPE, 'Content-Length: 999999999999999999999999999999']), expect: { cause: 'malformed-response', status: null } },
  { name: 'Content-Length and Transfer-Encoding: chunked', group: 'framing', start: plain(OK_HEAD, [TYPE, 'Content-Length: 3', CHUNKED], '5\r\nhello\r\n0\r\n\r\n') },
  { name: 'Transfer-Encoding: chunked twice', group: 'framing', start: plain(OK_HEAD, [TYPE, CHUNKED, CHUNKED], '5\r\nhello\r\n0\r\n\r\n') },
  { name: 'Transfer-Encoding: chunked, chunked', group: 'framing', start: plain(OK_HEAD, [TYPE, 'Transfer-Encoding: chunked, chunked'], '5\r\nhello\r\n0\r\n\r\n') },
  { name: 'Transfer-Encoding: gzip, chunked (a gzip the head does not decode)', group: 'framing', start: plain(OK_HEAD, [TYPE, 'Transfer-Encoding: gzip, chunked'], '5\r\nhello\r\n0\r\n\r\n') },
  { name: 'Transfer-Encoding: chunked, identity (chunked not last)', group: 'framing', start: plain(OK_HEAD, [TYPE, 'Transfer-Encoding: chunked, identity', 'Connection: close'], 'hello') },
  { name: 'Transfer-Encoding unknown (xchunked)', group: 'framing', start: plain(OK_HEAD, [TYPE, 'Transfer-Encoding: xchunked', 'Connection: close'], 'hello') },
  { name: '1xx flood: 100 Continue forever', group: 'framing', alone: true, start: () => rawHttp(flood(() => 'HTTP/1.1 100 Continue\r\n\r\n'.repeat(64))), expect: { cause: ['response-timeout', 'malformed-response'], status: null } },
  { name: '1xx flood: 102 Processing every 10 ms', group: 'framing', start: () => rawHttp(every(10, () => 'HTTP/1.1 102 Processing\r\n\r\n')), expect: { cause: 'response-timeout', status: null } },
  { name: '100 Continue, then nothing ever', group: 'framing', start: () => rawHttp(send('HTTP/1.1 100 Continue\r\n\r\n', 'hold')), expect: { cause: 'response-timeout', status: null } },
  { name: '103 Early Hints, then a 200', group: 'framing', start: () => rawHttp(send(`HTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\n\r\n${response(OK_HEAD, [TYPE, 'Content-Length: 5'], 'hello')}`)), expect: { cause: 'ok', status: 200 } },
  { name: '5,000 interim 100s, then a 200', group: 'framing', alone: true, start: () => rawHttp(send(`${'HTTP/1.1 100 Continue\r\n\r\n'.repeat(5000)}${response(OK_HEAD, [TYPE, 'Content-Length: 5'], 'hello')}`)) },
  { name: '101 Switching Protocols to a plain GET', group: 'framing', start: () => rawHttp(send(response('HTTP/1.1 101 Switching Protocols', ['Upgrade: websocket', 'Connection: Upgrade']), 'hold')), expect: { cause: 'malformed-response', status: 101 } },
  { name: '101 without an Upgrade header', group: 'framing', start: () => rawHttp(send(response('HTTP/1.1 101 Switching Protocols', []), 'hold')), expect: { cause: 'malformed-response', status: 101 } },
  { name: 'status 000', group: 'framing', start: plain('HTTP/1.1 000 Zero'), expect: { cause: 'malformed-response', status: null } }, // no HTTP status at all
  { name: 'status 999', group: 'framing', start: plain('HTTP/1.1 999 Nine'), expect: { cause: 'unknown', status: 999 } }, // a 5xx to RFC 9110: the gateway rules read it
  { name: 'status 1000', group: 'framing', start: plain('HTTP/1.1 1000 Thousand'), expect: { cause: 'malformed-response', status: null } },
  { name: 'status of two digits', group: 'framing', start: plain('HTTP/1.1 20 OK'), expect: { cause: 'malformed-response', status: null } },
  { name: 'status not a number', group: 'framing', start: plain('HTTP/1.1 OK 200'), expect: { cause: 'malformed-response', status: null } },
  { name: 'status line without a reason', group: 'framing', start: plain('HTTP/1.1 200'), expect: { cause: 'ok', status: 200 } },
  { name: 'status line with a 10 KB reason', group: 'framing', start: plain(`HTTP/1.1 502 ${'Bad '.repeat(2500)}`) },
  { name: 'lines ended by CR only', group: 'framing', start: () => rawHttp(send('HTTP/1.1 200 OK\rContent-Length: 5\r\rhello')), expect: { cause: ['malformed-response', 'response-timeout'], status: null } },
  { name: 'lines ended by LF only', group: 'framing', start: () => rawHttp(send('HTTP/1.1 200 OK\nContent-Type: text/plain\nContent-Length: 5\n\nhello')) },
  { name: 'HTTP/0.9: a body without a status line', group: 'framing', start: () => rawHttp(send('<html><body>hello from 1991</body></html>')), expect: { cause: 'malformed-response', status: null } },
  { name: 'HTTP/2 connection preface to an HTTP/1.1 client', group: 'framing', start: () => rawHttp(send(Buffer.concat([Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'), Buffer.from([0, 0, 0, 4, 0, 0, 0, 0, 0])]))), expect: { cause: 'malformed-response', status: null } },
  { name: 'an HTTP/2 SETTINGS frame to an HTTP/1.1 client', group: 'framing', start: () => rawHttp(send(Buffer.from([0, 0, 6, 4, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 100]), 'hold')), expect: { cause: 'malformed-response', status: null } },
  { name: 'version HTTP/2.0 in an HTTP/1 status line', group: 'framing', start: plain('HTTP/2.0 200 OK') },
  { name: 'version HTTP/9.9', group: 'framing', start: plain('HTTP/9.9 200 OK') },
  { name: 'version in lower case', group: 'framing', start: plain('http/1.1 200 OK'), expect: { cause: 'malformed-response', status: null } },
  { name: 'HTTP/1.0 without a length, body until close', group: 'framing', start: plain('HTTP/1.0 200 OK', [TYPE], 'hello'), expect: { cause: 'ok', status: 200 } },
  { name: 'two responses to one request', group: 'framing', start: plain(OK_HEAD, [TYPE, 'Content-Length: 5'], `hello${response('HTTP/1.1 502 Bad Gateway', ['Content-Length: 3'], 'bad')}`), expect: { cause: 'ok', status: 200 } },
  { name: 'a 204 with a body', group: 'framing', start: plain('HTTP/1.1 204 No Content', [TYPE, 'Content-Length: 5'], 'hello') },
  { name: 'a 304 with a body and no length', group: 'framing', start: plain('HTTP/1.1 304 Not Modified', [TYPE, 'Connection: close'], 'hello') },
];

const manyHeaders = (count: number): string[] => Array.from({ length: count }, (_, i) => `X-H${i}: v`);

export const HEAD_CASES: HostileCase[] = [
  { name: 'header value with NUL', group: 'head', start: plain(OK_HEAD, [TYPE, 'X-Bad: a\0b', 'Content-Length: 5']), expect: { cause: 'malformed-response', status: null } },
  { name: 'header name with NUL', group: 'head', start: plain(OK_HEAD, [TYPE, 'X-B\0ad: ab', 'Content-Length: 5']), expect: { cause: 'malformed-response', status: null } },
  { name: 'obs-fold continuation line', group: 'head', start: plain(OK_HEAD, [TYPE, 'X-Folded: first', ' second', 'Content-Length: 5']) },
  { name: 'obs-fold as the first header', group: 'head', start: plain(OK_HEAD, [' X-Folded: first', TYPE, 'Content-Length: 5']) },
  { name: 'one header line of 100 KB', group: 'head', start: plain(OK_HEAD, [TYPE, `X-Big: ${'b'.repeat(100 * 1024)}`, 'Content-Length: 5']), expect: { cause: 'malformed-response', status: null } },
  { name: '10,000 headers', group: 'head', alone: true, start: plain(OK_HEAD, [TYPE, ...manyHeaders(10_000), 'Content-Length: 5']), expect: { cause: 'malformed-response', status: null } },
  { name: '3,000 short headers (under 64 KiB)', group: 'head', start: plain(OK_HEAD, [TYPE, ...manyHeaders(3000).map((h) => h.slice(0, 8)), 'Content-Length: 5']) },
  { name: '500 Set-Cookie headers', group: 'head', start: plain(OK_HEAD, [TYPE, ...Array.from({ length: 500 }, (_, i) => `Set-Cookie: c${i}=${'v'.repeat(40)}`), 'Content-Length: 5']), expect: { cause: 'ok', status: 200 } },
  { name: 'bare CR inside a header value', group: 'head', start: plain(OK_HEAD, [TYPE, 'X-Bad: a\rb', 'Content-Length: 5']) },
  { name: 'bare CR inside the status line', group: 'head', start: plain('HTTP/1.1 200 O\rK') },
  { name: 'non-ASCII header name (UTF-8)', group: 'head', start: () => rawHttp(send(Buffer.from(response(OK_HEAD, [TYPE, 'Ünïcödé: yes', 'Content-Length: 5'], 'hello'), 'utf8'))), expect: { cause: 'malformed-response', status: null } },
  { name: 'non-ASCII header value (Latin-1 and UTF-8 bytes)', group: 'head', start: () => rawHttp(send(Buffer.concat([Buffer.from('HTTP/1.1 200 OK\r\nX-Latin: caf\xe9\r\nX-Utf8: '), Buffer.from('café ✓', 'utf8'), Buffer.from('\r\nContent-Length: 5\r\n\r\nhello')]))), expect: { cause: 'ok', status: 200 } },
  { name: 'header line without a colon', group: 'head', start: plain(OK_HEAD, [TYPE, 'NoColonHere', 'Content-Length: 5']), expect: { cause: 'malformed-response', status: null } },
  { name: 'space before the colon', group: 'head', start: plain(OK_HEAD, [TYPE, 'Content-Length : 5']), expect: { cause: 'malformed-response', status: null } },
  { name: 'empty header name', group: 'head', start: plain(OK_HEAD, [TYPE, ': nameless', 'Content-Length: 5']), expect: { cause: 'malformed-response', status: null } },
  { name: 'header name of 70 KB', group: 'head', start: plain(OK_HEAD, [TYPE, `X-${'n'.repeat(70 * 1024)}: v`, 'Content-Length: 5']), expect: { cause: 'malformed-response', status: null } },
  { name: 'Location and Content-Type 8 KB each, on a 200', group: 'head', start: plain(OK_HEAD, [`Content-Type: text/${'x'.repeat(8192)}`, `Location: /${'l'.repeat(8192)}`, 'Content-Length: 5']), expect: { cause: 'ok', status: 200 } },
];

/** A complete small 200 whose head comes one piece at a time. */
const HEAD_BYTES = response(OK_HEAD, [TYPE, 'Content-Length: 5', 'Connection: close'], 'hello');

export const SLOW_CASES: HostileCase[] = [
  { name: 'slowloris: the head one byte every 200 ms', group: 'slow', start: () => rawHttp(every(200, (n) => (n < HEAD_BYTES.length ? HEAD_BYTES[n]! : null))), expect: { cause: 'response-timeout', status: null } },
  { name: 'slowloris: a new header line every 100 ms, forever', group: 'slow', start: () => rawHttp(every(100, (n) => `X-Slow-${n}: ${n}\r\n`, 'HTTP/1.1 200 OK\r\n')), expect: { cause: 'response-timeout', status: null } },
  { name: 'slowloris: a header value one byte every 50 ms, forever', group: 'slow', start: () => rawHttp(every(50, () => 'a', 'HTTP/1.1 200 OK\r\nX-Slow: ')), expect: { cause: 'response-timeout', status: null } },
  { name: 'the status line, then silence', group: 'slow', start: () => rawHttp(send('HTTP/1.1 200 OK\r\n', 'hold')), expect: { cause: 'response-timeout', status: null } },
  { name: 'the whole head after 3 s (past the time limit)', group: 'slow', start: () => rawHttp((socket, onClose) => { const t = setTimeout(() => socket.end(HEAD_BYTES), 3000); onClose(() => clearTimeout(t)); }), expect: { cause: 'response-timeout', status: null } },
  // The head came in time: a body still arriving at the time limit is cut there and the status stands
  // (response-timeout is for a head that did not come).
  { name: 'the body one byte every 200 ms (head at once)', group: 'slow', start: () => rawHttp(every(200, () => 'b', response(OK_HEAD, [TYPE, 'Content-Length: 1000']))), expect: { cause: 'ok', status: 200 } },
  { name: 'a chunk every 100 ms, forever', group: 'slow', start: () => rawHttp(every(100, () => '1\r\nb\r\n', response(OK_HEAD, [TYPE, CHUNKED]))), expect: { cause: 'ok', status: 200 } },
];
