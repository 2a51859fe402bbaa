// Self-test of the hostile servers: each one does what its name says, seen from real clients.
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import * as net from 'node:net';
import * as tls from 'node:tls';
import * as zlib from 'node:zlib';
import { test } from 'node:test';
import {
  startDelayedFirstByte, startEmptyResponse, startEndlessBody, startEndlessHeaders, startGarbage,
  startGiganticHeader, startGzipBomb, startNeverAccept, startResetConnection, startTlsStall, startTrickle,
  type RawServer,
} from './raw-servers.js';

const REQUEST = 'GET / HTTP/1.1\r\nHost: localhost\r\nUser-Agent: self-test\r\n\r\n';

interface Exchange {
  data: Buffer;
  how: 'end' | 'error' | 'limit' | 'timeout';
  code: string | null;
  /** When each chunk arrived, ms after the request was sent. */
  times: number[];
}

/** Sends a request over plain TCP and collects the answer until end, error, `limit` bytes or `timeoutMs`. */
function exchange(port: number, options: { limit?: number; timeoutMs?: number } = {}): Promise<Exchange> {
  const { limit = Infinity, timeoutMs = 3000 } = options;
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const times: number[] = [];
    let size = 0;
    let started = 0;
    const socket = net.connect({ port, host: '127.0.0.1' }, () => {
      started = Date.now();
      socket.write(REQUEST);
    });
    const finish = (how: Exchange['how'], code: string | null = null): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ data: Buffer.concat(chunks), how, code, times });
    };
    const timer = setTimeout(() => finish('timeout'), timeoutMs);
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      times.push(Date.now() - started);
      size += chunk.length;
      if (size >= limit) finish('limit');
    });
    socket.on('end', () => finish('end'));
    socket.on('error', (error: NodeJS.ErrnoException) => finish('error', error.code ?? error.message));
  });
}

/** node's own http client against the server: the error code it reports, or the response. */
function httpGet(port: number): Promise<http.IncomingMessage | NodeJS.ErrnoException> {
  return new Promise((resolve) => {
    const request = http.get({ host: '127.0.0.1', port, path: '/', agent: false }, resolve);
    request.on('error', resolve);
  });
}

async function withServer(start: Promise<RawServer>, body: (server: RawServer) => Promise<void>): Promise<void> {
  const server = await start;
  try {
    await body(server);
  } finally {
    await server.stop();
  }
}

test('emptyResponse: reads the request, then FIN without a byte', () =>
  withServer(startEmptyResponse(), async (server) => {
    const r = await exchange(server.port);
    assert.equal(r.how, 'end');
    assert.equal(r.data.length, 0);
    assert.match(server.requests[0]?.toString('latin1') ?? '', /^GET \/ HTTP\/1\.1\r\n[\s\S]*\r\n\r\n$/);
    const e = (await httpGet(server.port)) as NodeJS.ErrnoException;
    assert.equal(e.code, 'ECONNRESET'); // node: "socket hang up"
    assert.equal(e.message, 'socket hang up');
  }));

test('resetConnection: reads the request, then RST', () =>
  withServer(startResetConnection(), async (server) => {
    const r = await exchange(server.port);
    assert.equal(r.how, 'error');
    assert.equal(r.code, 'ECONNRESET');
    assert.equal(r.data.length, 0);
    assert.equal(server.requests.length, 1);
  }));

test('garbage: random non-HTTP bytes, then close', () =>
  withServer(startGarbage(), async (server) => {
    const r = await exchange(server.port);
    assert.equal(r.how, 'end');
    assert.equal(r.data.length, 512);
    assert.ok(!r.data.toString('latin1').startsWith('HTTP/'));
    const e = (await httpGet(server.port)) as NodeJS.ErrnoException;
    assert.equal(e.code, 'HPE_INVALID_CONSTANT');
  }));

test('endlessHeaders: a status line then header lines without end', () =>
  withServer(startEndlessHeaders(), async (server) => {
    const r = await exchange(server.port, { limit: 4 * 1024 * 1024 });
    assert.equal(r.how, 'limit');
    const text = r.data.toString('latin1');
    assert.ok(text.startsWith('HTTP/1.1 200 OK\r\n'));
    assert.equal(text.indexOf('\r\n\r\n'), -1);
    const e = (await httpGet(server.port)) as NodeJS.ErrnoException;
    assert.equal(e.code, 'HPE_HEADER_OVERFLOW');
  }));

test('giganticHeader: one 1 MiB header, then a complete response', () =>
  withServer(startGiganticHeader(), async (server) => {
    const r = await exchange(server.port);
    assert.equal(r.how, 'end');
    const text = r.data.toString('latin1');
    assert.ok(text.startsWith('HTTP/1.1 200 OK\r\n'));
    assert.ok(/\r\nX-Gigantic: g{1048576}\r\n/.test(text));
    assert.ok(text.endsWith('\r\n\r\nok'));
    const e = (await httpGet(server.port)) as NodeJS.ErrnoException;
    assert.equal(e.code, 'HPE_HEADER_OVERFLOW');
  }));

test('endlessBody: 200 and a chunked body that never ends; stop() ends a stalled client', () =>
  withServer(startEndlessBody(), async (server) => {
    const response = (await httpGet(server.port)) as http.IncomingMessage;
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['transfer-encoding'], 'chunked');
    let size = 0;
    for await (const chunk of response) {
      size += (chunk as Buffer).length;
      if (size >= 16 * 1024 * 1024) break; // leaving the loop destroys the response
    }
    assert.ok(size >= 16 * 1024 * 1024);
    // A client that connects and never reads: the server stops writing (backpressure) and stop() still ends it.
    const idle = net.connect({ port: server.port, host: '127.0.0.1' }, () => idle.write(REQUEST));
    idle.pause();
    const closed = new Promise((resolve) => idle.once('close', resolve));
    idle.on('error', () => undefined);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const stopped = Date.now();
    await server.stop();
    assert.ok(Date.now() - stopped < 1000);
    idle.resume(); // what the server had queued drains, then the connection ends
    await closed;
  }));

test('gzipBomb: ~1 MiB on the wire, 1 GiB inflated', { timeout: 15_000 }, () =>
  withServer(startGzipBomb(), async (server) => {
    const response = (await httpGet(server.port)) as http.IncomingMessage;
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['content-encoding'], 'gzip');
    const wire = Number(response.headers['content-length']);
    assert.ok(wire > 900_000 && wire < 1_100_000, String(wire));
    let inflated = 0;
    const gunzip = zlib.createGunzip();
    gunzip.on('data', (chunk: Buffer) => { inflated += chunk.length; });
    await new Promise<void>((resolve, reject) => {
      gunzip.once('end', resolve);
      gunzip.once('error', reject);
      response.pipe(gunzip);
    });
    assert.equal(inflated, 1024 ** 3);
  }));

test('trickle: one byte per second', () =>
  withServer(startTrickle(), async (server) => {
    const r = await exchange(server.port, { limit: 3, timeoutMs: 5000 });
    assert.equal(r.how, 'limit');
    assert.equal(r.data.toString('latin1'), 'HTT');
    assert.equal(r.times.length, 3);
    const gaps = r.times.slice(1).map((t, i) => t - (r.times[i] ?? 0));
    for (const gap of gaps) assert.ok(gap >= 900 && gap < 1500, `gap ${gap} ms`);
  }));

test('trickle with a short interval delivers the whole response', () =>
  withServer(startTrickle({ intervalMs: 5 }), async (server) => {
    const response = (await httpGet(server.port)) as http.IncomingMessage;
    assert.equal(response.statusCode, 200);
    let body = '';
    for await (const chunk of response) body += String(chunk);
    assert.equal(body, 'ok');
  }));

test('tlsStall: ClientHello read, handshake never answered', () =>
  withServer(startTlsStall(), async (server) => {
    const socket = tls.connect({ port: server.port, host: '127.0.0.1', servername: 'localhost', rejectUnauthorized: false });
    const outcome = await new Promise<string>((resolve) => {
      socket.once('secureConnect', () => resolve('secureConnect'));
      socket.once('error', (error) => resolve(`error ${error.message}`));
      setTimeout(() => resolve('stalled'), 1000);
    });
    socket.destroy();
    assert.equal(outcome, 'stalled');
    assert.equal(server.requests[0]?.[0], 0x16); // TLS handshake record
  }));

test('neverAccept: connect times out (no refusal, no reset)', async () => {
  const server = await startNeverAccept();
  try {
    assert.ok(server.fillers >= 1);
    const socket = net.connect({ port: server.port, host: '127.0.0.1' });
    socket.setTimeout(1500);
    const outcome = await new Promise<string>((resolve) => {
      socket.once('connect', () => resolve('connect'));
      socket.once('error', (error: NodeJS.ErrnoException) => resolve(`error ${error.code}`));
      socket.once('timeout', () => resolve('timeout'));
    });
    socket.destroy();
    assert.equal(outcome, 'timeout');
  } finally {
    await server.stop();
  }
});

test('delayedFirstByte: 200 after the delay', () =>
  withServer(startDelayedFirstByte(400), async (server) => {
    const started = Date.now();
    const response = (await httpGet(server.port)) as http.IncomingMessage;
    const firstByte = Date.now() - started;
    assert.equal(response.statusCode, 200);
    let body = '';
    for await (const chunk of response) body += String(chunk);
    assert.equal(body, 'ok');
    assert.ok(firstByte >= 390, `${firstByte} ms`);
    assert.match(server.requests[0]?.toString('latin1') ?? '', /^GET \/ HTTP\/1\.1\r\n/);
  }));
