// Hostile TLS and HTTP/2 servers. TLS: a server that renegotiates forever, one that closes or
// resets right after the handshake, alerts, garbage or plain HTTP in answer to the ClientHello,
// bad certificates, old protocols, no common ALPN. HTTP/2 (ALPN h2, frames written by hand so that
// nothing in Node's own server smooths them over): SETTINGS and PING floods, RST_STREAM or GOAWAY
// at once, giant or endless header blocks, no SETTINGS at all, protocol errors of every kind.
import type * as net from 'node:net';
import { every, flood, rawTcpAsTls, rawTls, reset, response, send, type HostileCase, type Writer } from './hostile-kit.js';

const OK = response('HTTP/1.1 200 OK', ['Content-Type: text/html', 'Content-Length: 5', 'Connection: close'], 'hello');

/** Renegotiates as soon as the last renegotiation ends, for as long as the client stays. */
const renegotiateForever: Writer = (socket, onClose) => {
  const tlsSocket = socket as import('node:tls').TLSSocket;
  let stopped = false;
  onClose(() => { stopped = true; });
  const again = (): void => {
    if (stopped || tlsSocket.destroyed) return;
    const started = tlsSocket.renegotiate({ rejectUnauthorized: false }, (error) => {
      if (!error) setImmediate(again);
    });
    if (!started) tlsSocket.destroy();
  };
  again();
};

export const TLS_CASES: HostileCase[] = [
  { name: 'renegotiates forever (TLS 1.2)', group: 'tls', alone: true, start: () => rawTls(renegotiateForever, { maxVersion: 'TLSv1.2' }, false) },
  { name: 'renegotiates forever after the request (TLS 1.2)', group: 'tls', alone: true, start: () => rawTls(renegotiateForever, { maxVersion: 'TLSv1.2' }) },
  { name: 'handshake, then close', group: 'tls', start: () => rawTls((s) => s.end(), {}, false), expect: { cause: ['empty-response', 'connect-reset'], status: null, phase: 'http' } },
  { name: 'handshake, then reset', group: 'tls', start: () => rawTls(reset, {}, false), expect: { cause: ['connect-reset', 'empty-response'], status: null, phase: 'http' } },
  { name: 'request read, then close without a byte', group: 'tls', start: () => rawTls((s) => s.end()), expect: { cause: 'empty-response', status: null, phase: 'http' } },
  { name: 'half a head, then close_notify', group: 'tls', start: () => rawTls(send('HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n')), expect: { cause: 'malformed-response', status: null } },
  { name: 'garbage inside TLS', group: 'tls', start: () => rawTls(send(Buffer.from([0, 255, 1, 2, 3, 4, 5, 0, 0, 0]))), expect: { cause: 'malformed-response', status: null } },
  { name: 'alert (handshake_failure) in answer to the ClientHello', group: 'tls', start: () => rawTcpAsTls(send(Buffer.from([0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28]))), expect: { cause: 'tls-handshake-failed', phase: 'tls' } },
  { name: 'alert (protocol_version) then silence', group: 'tls', start: () => rawTcpAsTls(send(Buffer.from([0x15, 0x03, 0x01, 0x00, 0x02, 0x02, 0x46]), 'hold')), expect: { cause: 'tls-handshake-failed', phase: 'tls' } },
  { name: 'garbage in answer to the ClientHello', group: 'tls', start: () => rawTcpAsTls(send(Buffer.from('\x00\xff garbage garbage garbage', 'latin1'))), expect: { cause: 'tls-handshake-failed', phase: 'tls' } },
  { name: 'plain HTTP in answer to the ClientHello', group: 'tls', start: () => rawTcpAsTls(send('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n')), expect: { cause: 'tls-handshake-failed', phase: 'tls' } },
  { name: 'a handshake record announcing 64 KiB, then silence', group: 'tls', start: () => rawTcpAsTls(send(Buffer.from([0x16, 0x03, 0x03, 0xff, 0xff, 0x02]), 'hold')), expect: { cause: 'tls-handshake-failed', phase: 'tls' } },
  { name: 'ClientHello never answered', group: 'tls', start: () => rawTcpAsTls(() => undefined), expect: { cause: 'tls-handshake-failed', phase: 'tls' } },
  { name: 'endless handshake records', group: 'tls', alone: true, start: () => rawTcpAsTls(flood(() => Buffer.from([0x16, 0x03, 0x03, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00]))), expect: { cause: 'tls-handshake-failed', phase: 'tls' } },
  { name: 'expired certificate', group: 'tls', start: () => rawTls(send(OK), { leaf: 'expired' }), expect: { cause: 'tls-cert-expired', phase: 'tls' } },
  { name: 'certificate not yet valid', group: 'tls', start: () => rawTls(send(OK), { leaf: 'notYetValid' }), expect: { cause: 'tls-cert-not-yet-valid', phase: 'tls' } },
  { name: 'certificate for another name', group: 'tls', start: () => rawTls(send(OK), { leaf: 'wrongName' }), expect: { cause: 'tls-cert-hostname-mismatch', phase: 'tls' } },
  { name: 'certificate from an unknown CA', group: 'tls', start: () => rawTls(send(OK), { leaf: 'untrusted' }), expect: { cause: 'tls-cert-untrusted', phase: 'tls' } },
  { name: 'TLS 1.0 only', group: 'tls', start: () => rawTls(send(OK), { minVersion: 'TLSv1', maxVersion: 'TLSv1' }), expect: { cause: 'tls-handshake-failed', phase: 'tls' } },
  { name: 'no common ALPN protocol', group: 'tls', start: () => rawTls(send(OK), { alpn: ['spdy/1'] }) },
];

// --- HTTP/2 frames by hand (RFC 9113 §4.1) and HPACK literals (RFC 7541 §6.2.2) ---

const FRAME = { DATA: 0, HEADERS: 1, RST_STREAM: 3, SETTINGS: 4, PUSH_PROMISE: 5, PING: 6, GOAWAY: 7, WINDOW_UPDATE: 8, CONTINUATION: 9 } as const;
const END_STREAM = 0x1;
const END_HEADERS = 0x4;

function frame(type: number, flags: number, stream: number, payload: Buffer = Buffer.alloc(0), length = payload.length): Buffer {
  const head = Buffer.alloc(9);
  head.writeUIntBE(length, 0, 3);
  head[3] = type;
  head[4] = flags;
  head.writeUInt32BE(stream & 0x7fffffff, 5);
  return Buffer.concat([head, payload]);
}

function u32(...values: number[]): Buffer {
  const out = Buffer.alloc(values.length * 4);
  values.forEach((v, i) => out.writeUInt32BE(v >>> 0, i * 4));
  return out;
}

function settings(pairs: [number, number][] = []): Buffer {
  const payload = Buffer.alloc(pairs.length * 6);
  pairs.forEach(([id, value], i) => { payload.writeUInt16BE(id, i * 6); payload.writeUInt32BE(value >>> 0, i * 6 + 2); });
  return frame(FRAME.SETTINGS, 0, 0, payload);
}

/** HPACK integer with an n-bit prefix. */
function hpackInt(value: number, prefixBits: number, firstByte: number): number[] {
  const max = (1 << prefixBits) - 1;
  if (value < max) return [firstByte | value];
  const out = [firstByte | max];
  let rest = value - max;
  while (rest >= 128) { out.push((rest % 128) + 128); rest = Math.floor(rest / 128); }
  out.push(rest);
  return out;
}

function hpackString(text: string): Buffer {
  const bytes = Buffer.from(text, 'latin1');
  return Buffer.concat([Buffer.from(hpackInt(bytes.length, 7, 0)), bytes]);
}

/** A header field as a literal without indexing, with a new name. */
function literal(name: string, value: string): Buffer {
  return Buffer.concat([Buffer.from([0x00]), hpackString(name), hpackString(value)]);
}

const status = (code: string): Buffer => literal(':status', code);
const SERVER_PREFACE = settings();
const ACK_CLIENT_SETTINGS = frame(FRAME.SETTINGS, 0x1, 0);

/** Waits until the client has sent its preface and first request (they come together), then writes. */
const afterRequest = (writer: Writer): Writer => (socket: net.Socket, onClose) => {
  let started = false;
  socket.on('data', () => {
    if (started) return;
    started = true;
    const timer = setTimeout(() => writer(socket, onClose), 30);
    onClose(() => clearTimeout(timer));
  });
};

const h2 = (writer: Writer): Promise<import('./hostile-kit.js').HostileTarget> => rawTls(afterRequest(writer), { alpn: ['h2'] }, false);

const headersBlock = (stream: number, block: Buffer, flags = END_HEADERS): Buffer => frame(FRAME.HEADERS, flags, stream, block);

export const HTTP2_CASES: HostileCase[] = [
  {
    name: 'h2 baseline: a well-formed 502 written by hand', group: 'http2',
    start: () => h2(send(Buffer.concat([SERVER_PREFACE, ACK_CLIENT_SETTINGS, headersBlock(1, Buffer.concat([status('502'), literal('content-type', 'text/plain')])), frame(FRAME.DATA, END_STREAM, 1, Buffer.from('bad gateway'))]), 'hold')),
    expect: { cause: 'unknown', status: 502 },
  },
  { name: 'h2: never sends SETTINGS', group: 'http2', start: () => rawTls(() => undefined, { alpn: ['h2'] }, false), expect: { cause: 'response-timeout', status: null } },
  { name: 'h2: SETTINGS, then silence', group: 'http2', start: () => h2(send(SERVER_PREFACE, 'hold')), expect: { cause: 'response-timeout', status: null } },
  { name: 'h2: SETTINGS flood', group: 'http2', alone: true, start: () => h2(flood(() => Buffer.concat(Array.from({ length: 256 }, () => settings([[3, 100]]))))), expect: { cause: ['malformed-response', 'connect-reset', 'response-timeout'], status: null } },
  { name: 'h2: PING flood', group: 'http2', alone: true, start: () => h2(flood(() => Buffer.concat(Array.from({ length: 256 }, (_, i) => frame(FRAME.PING, 0, 0, u32(i, i)))), SERVER_PREFACE)), expect: { cause: ['malformed-response', 'connect-reset', 'response-timeout'], status: null } },
  { name: 'h2: RST_STREAM at once', group: 'http2', start: () => h2(send(Buffer.concat([SERVER_PREFACE, frame(FRAME.RST_STREAM, 0, 1, u32(2))]), 'hold')), expect: { cause: 'malformed-response', status: null } },
  { name: 'h2: RST_STREAM REFUSED_STREAM', group: 'http2', start: () => h2(send(Buffer.concat([SERVER_PREFACE, frame(FRAME.RST_STREAM, 0, 1, u32(7))]), 'hold')), expect: { cause: 'malformed-response', status: null } },
  { name: 'h2: GOAWAY at once (last stream 0)', group: 'http2', start: () => h2(send(Buffer.concat([SERVER_PREFACE, frame(FRAME.GOAWAY, 0, 0, u32(0, 0))]), 'hold')), expect: { status: null, cause: ['malformed-response', 'connect-reset', 'empty-response'] } },
  { name: 'h2: GOAWAY before SETTINGS, then close', group: 'http2', start: () => h2(send(frame(FRAME.GOAWAY, 0, 0, u32(0, 1)))), expect: { status: null, cause: ['malformed-response', 'connect-reset', 'empty-response'] } },
  {
    name: 'h2: a HEADERS block of 1 MiB (CONTINUATION frames)', group: 'http2', alone: true,
    start: () => {
      const field = literal('x-big', 'b'.repeat(16_000));
      return h2(send(Buffer.concat([SERVER_PREFACE, ACK_CLIENT_SETTINGS, headersBlock(1, status('200'), 0),
        ...Array.from({ length: 64 }, (_, i) => frame(FRAME.CONTINUATION, i === 63 ? END_HEADERS : 0, 1, field))]), 'hold'));
    },
    expect: { status: null, cause: ['malformed-response', 'response-timeout'] },
  },
  {
    name: 'h2: CONTINUATION frames forever', group: 'http2', alone: true,
    start: () => {
      const field = frame(FRAME.CONTINUATION, 0, 1, literal('x-more', 'm'.repeat(1000)));
      return h2(flood(() => field, Buffer.concat([SERVER_PREFACE, ACK_CLIENT_SETTINGS, headersBlock(1, status('200'), 0)])));
    },
    expect: { status: null, cause: ['malformed-response', 'response-timeout'] },
  },
  {
    name: 'h2: 10,000 small headers', group: 'http2', alone: true,
    start: () => {
      const fields = Buffer.concat(Array.from({ length: 10_000 }, (_, i) => literal(`x-h${i}`, 'v')));
      const chunks: Buffer[] = [];
      for (let at = 0; at < fields.length; at += 16_000) chunks.push(fields.subarray(at, at + 16_000));
      return h2(send(Buffer.concat([SERVER_PREFACE, ACK_CLIENT_SETTINGS, headersBlock(1, status('200'), 0),
        ...chunks.map((c, i) => frame(FRAME.CONTINUATION, i === chunks.length - 1 ? END_HEADERS | END_STREAM : 0, 1, c))]), 'hold'));
    },
    expect: { status: null, cause: ['malformed-response', 'response-timeout'] },
  },
  { name: 'h2: HEADERS without :status', group: 'http2', start: () => h2(send(Buffer.concat([SERVER_PREFACE, ACK_CLIENT_SETTINGS, headersBlock(1, literal('content-type', 'text/plain'), END_HEADERS | END_STREAM)]), 'hold')), expect: { status: null, cause: 'malformed-response' } },
  { name: 'h2: :status "abc"', group: 'http2', start: () => h2(send(Buffer.concat([SERVER_PREFACE, ACK_CLIENT_SETTINGS, headersBlock(1, status('abc'), END_HEADERS | END_STREAM)]), 'hold')), expect: { status: null, cause: 'malformed-response' } },
  { name: 'h2: :status 99999', group: 'http2', start: () => h2(send(Buffer.concat([SERVER_PREFACE, ACK_CLIENT_SETTINGS, headersBlock(1, status('99999'), END_HEADERS | END_STREAM)]), 'hold')) },
  { name: 'h2: a header name in upper case', group: 'http2', start: () => h2(send(Buffer.concat([SERVER_PREFACE, ACK_CLIENT_SETTINGS, headersBlock(1, Buffer.concat([status('200'), literal('X-Upper', 'v')]), END_HEADERS | END_STREAM)]), 'hold')), expect: { status: null, cause: 'malformed-response' } },
  // Connection errors that nghttp2 answers with its own GOAWAY: Node then stops reading the session
  // without telling JavaScript (no 'error', 'goaway' or 'close', and it does not read the peer's
  // close either, unless that came in the same read), so the attempt ends at the time limit: in
  // time, but as a timeout. RFC 9113 §5.4.1 says the client must close; Node 20 does not.
  { name: 'h2: a HPACK index that does not exist', group: 'http2', start: () => h2(send(Buffer.concat([SERVER_PREFACE, ACK_CLIENT_SETTINGS, headersBlock(1, Buffer.from([0xff, 0x7f]), END_HEADERS | END_STREAM)]), 'hold')), expect: { status: null, cause: ['malformed-response', 'response-timeout'] } },
  { name: 'h2: a HPACK index that does not exist, then close', group: 'http2', start: () => h2(send(Buffer.concat([SERVER_PREFACE, ACK_CLIENT_SETTINGS, headersBlock(1, Buffer.from([0xff, 0x7f]), END_HEADERS | END_STREAM)]))), expect: { status: null, cause: ['malformed-response', 'response-timeout'] } },
  { name: 'h2: DATA on stream 0', group: 'http2', start: () => h2(send(Buffer.concat([SERVER_PREFACE, frame(FRAME.DATA, 0, 0, Buffer.from('x'))]), 'hold')), expect: { status: null, cause: ['malformed-response', 'response-timeout'] } },
  { name: 'h2: WINDOW_UPDATE of 0', group: 'http2', start: () => h2(send(Buffer.concat([SERVER_PREFACE, frame(FRAME.WINDOW_UPDATE, 0, 0, u32(0))]), 'hold')), expect: { status: null, cause: ['malformed-response', 'connect-reset'] } },
  { name: 'h2: a frame longer than the maximum frame size', group: 'http2', start: () => h2(send(Buffer.concat([SERVER_PREFACE, frame(FRAME.DATA, 0, 1, Buffer.alloc(0), 0xffffff)]), 'hold')), expect: { status: null, cause: ['malformed-response', 'response-timeout'] } },
  { name: 'h2: SETTINGS_INITIAL_WINDOW_SIZE over 2^31-1', group: 'http2', start: () => h2(send(settings([[4, 0x80000000]]), 'hold')), expect: { status: null, cause: ['malformed-response', 'connect-reset'] } },
  { name: 'h2: SETTINGS_MAX_CONCURRENT_STREAMS 0', group: 'http2', start: () => h2(send(settings([[3, 0]]), 'hold')), expect: { status: null, cause: ['malformed-response', 'response-timeout'] } },
  { name: 'h2: SETTINGS of odd length', group: 'http2', start: () => h2(send(frame(FRAME.SETTINGS, 0, 0, Buffer.alloc(5)), 'hold')), expect: { status: null, cause: ['malformed-response', 'response-timeout'] } },
  {
    name: 'h2: a 200 with DATA forever', group: 'http2', alone: true,
    start: () => {
      const data = frame(FRAME.DATA, 0, 1, Buffer.alloc(16_000, 'd'));
      return h2(flood(() => data, Buffer.concat([settings([[4, 0x7fffffff]]), ACK_CLIENT_SETTINGS, headersBlock(1, status('200')), frame(FRAME.WINDOW_UPDATE, 0, 0, u32(0x7fff0000))])));
    },
  },
  {
    name: 'h2: DATA past the client\'s flow-control window', group: 'http2', alone: true,
    start: () => h2(send(Buffer.concat([SERVER_PREFACE, ACK_CLIENT_SETTINGS, headersBlock(1, status('200')),
      ...Array.from({ length: 2000 }, () => frame(FRAME.DATA, 0, 1, Buffer.alloc(16_000, 'd')))]), 'hold')),
  },
  {
    name: 'h2: PUSH_PROMISE flood', group: 'http2', alone: true,
    start: () => {
      let promised = 2;
      return h2(flood(() => frame(FRAME.PUSH_PROMISE, END_HEADERS, 1, Buffer.concat([u32((promised += 2)), literal(':method', 'GET'), literal(':path', `/p${promised}`), literal(':scheme', 'https'), literal(':authority', '127.0.0.1')])), Buffer.concat([SERVER_PREFACE, ACK_CLIENT_SETTINGS])));
    },
    expect: { status: null, cause: ['malformed-response', 'connect-reset', 'response-timeout'] },
  },
  { name: 'h2: frames of an unknown type, forever', group: 'http2', alone: true, start: () => h2(every(5, () => Buffer.concat(Array.from({ length: 64 }, () => frame(0xfa, 0, 0, Buffer.alloc(100)))), SERVER_PREFACE)), expect: { status: null, cause: ['response-timeout', 'malformed-response'] } },
  { name: 'h2 negotiated, HTTP/1.1 spoken', group: 'http2', start: () => h2(send(OK)), expect: { status: null, cause: ['malformed-response', 'connect-reset'] } },
  { name: 'h2: the HEADERS on the wrong stream (3)', group: 'http2', start: () => h2(send(Buffer.concat([SERVER_PREFACE, ACK_CLIENT_SETTINGS, headersBlock(3, status('200'), END_HEADERS | END_STREAM)]), 'hold')), expect: { status: null, cause: ['malformed-response', 'response-timeout', 'connect-reset'] } },
];
