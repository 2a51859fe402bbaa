// The shape of a hostile-server catalogue entry and the small servers the entries are made of:
// a raw TCP responder (read the request head, then write whatever bytes, then close, hold or
// reset), a raw TLS responder (the same after a real handshake, with ALPN), and helpers to write
// bytes slowly or forever. Every server tracks its sockets, so stop() really ends everything.
import * as net from 'node:net';
import * as tls from 'node:tls';
import type { Cause } from '../../src/core/model.js';
import type { ProbeOptions } from '../../src/core/probe/types.js';
import { getTestCerts } from './certs.js';
import { listenRaw, readRequestHead } from './raw-listen.js';

export interface HostileTarget {
  url: string;
  /** Probe options the target needs (the test CA, a DNS server), merged into the test's own. */
  options?: Partial<ProbeOptions>;
  stop(): Promise<void>;
}

export interface Expectation {
  /** The probe's cause, or one of several when the wire allows more than one honest reading. */
  cause: Cause | readonly Cause[];
  /** The status the probe must report (null: no complete response head). */
  status?: number | null;
  /** Where the attempt stopped. */
  phase?: 'dns' | 'tcp' | 'tls' | 'http' | null;
}

export interface HostileCase {
  name: string;
  group: 'connection' | 'framing' | 'head' | 'slow' | 'body' | 'redirect' | 'tls' | 'http2' | 'dns';
  start(): Promise<HostileTarget>;
  /** Left out: any classified result will do (the behaviour has no one right reading). */
  expect?: Expectation;
  /**
   * The server floods or burns CPU (renegotiations, frame floods, bombs). It shares the test's
   * process and event loop with the probe, so it runs alone: beside other cases it would starve
   * their probes and make their timings lie.
   */
  alone?: true;
}

/** After the response bytes: close cleanly (FIN), keep the connection open, or reset it. */
export type Ending = 'close' | 'hold' | 'reset';

export type Writer = (socket: net.Socket, onClose: (cleanup: () => void) => void) => void;

/**
 * Sends a TCP RST. A TLS socket cannot reset itself (Node throws ERR_INVALID_HANDLE_TYPE): reset
 * the TCP socket under it, and leave the TLS socket alone — it closes by itself, and destroying it
 * after its TCP socket was reset crashes Node 20 (SIGSEGV).
 */
export function reset(socket: net.Socket): void {
  const tcp = (socket as net.Socket & { _parent?: net.Socket })._parent ?? socket;
  tcp.resetAndDestroy();
}

/** Writes `bytes` then ends as told. */
export function send(bytes: string | Buffer, ending: Ending = 'close'): Writer {
  return (socket) => {
    const data = typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes;
    if (ending === 'close') socket.end(data);
    else if (ending === 'reset') socket.write(data, () => reset(socket));
    else socket.write(data);
  };
}

/** Writes `next()` every `everyMs` until the client leaves (a trickle or a flood with pauses). */
export function every(everyMs: number, next: (n: number) => string | Buffer | null, first?: string | Buffer): Writer {
  return (socket, onClose) => {
    if (first !== undefined) socket.write(first);
    let n = 0;
    const timer = setInterval(() => {
      if (socket.destroyed || !socket.writable) return;
      const chunk = next(n++);
      if (chunk === null) {
        clearInterval(timer);
        socket.end();
        return;
      }
      socket.write(chunk);
    }, everyMs);
    onClose(() => clearInterval(timer));
  };
}

/** Writes `next()` as fast as the client reads, until it leaves (backpressure respected). */
export function flood(next: () => string | Buffer, first?: string | Buffer): Writer {
  return (socket) => {
    if (first !== undefined) socket.write(first);
    const pump = (): void => {
      while (!socket.destroyed && socket.writable) {
        if (!socket.write(next())) {
          socket.once('drain', pump);
          return;
        }
      }
    };
    pump();
  };
}

/** An http:// target whose server reads the request head, then runs `writer`. */
export async function rawHttp(writer: Writer, path = '/'): Promise<HostileTarget> {
  const server = await listenRaw((socket, context) => {
    readRequestHead(socket, context, () => writer(socket, context.onClose));
  });
  return { url: `http://127.0.0.1:${server.port}${path}`, stop: () => server.stop() };
}

/** An http:// target whose server writes at once, before (and without) reading the request. */
export async function rawHttpOnConnect(writer: Writer): Promise<HostileTarget> {
  const server = await listenRaw((socket, context) => {
    socket.on('data', () => undefined);
    writer(socket, context.onClose);
  });
  return { url: `http://127.0.0.1:${server.port}/`, stop: () => server.stop() };
}

/** An http:// response: status line, headers, blank line, body; Content-Length is not added. */
export function response(statusLine: string, headers: string[], body = ''): string {
  return `${statusLine}\r\n${headers.map((h) => `${h}\r\n`).join('')}\r\n${body}`;
}

export interface TlsOptions {
  /** ALPN the server picks from (it refuses a client that offers none of them). */
  alpn?: string[];
  /** Which leaf of the test certificates to present. */
  leaf?: 'valid' | 'expired' | 'notYetValid' | 'wrongName' | 'untrusted';
  maxVersion?: tls.SecureVersion;
  minVersion?: tls.SecureVersion;
}

/**
 * An https:// target: a real TLS server (the test CA's leaf for 127.0.0.1, trusted through the
 * probe's `ca`) that runs `writer` on the decrypted socket once the handshake is done.
 */
export async function rawTls(writer: Writer, options: TlsOptions = {}, readRequest = true): Promise<HostileTarget> {
  const certs = await getTestCerts();
  const leaf = certs.leaves[options.leaf ?? 'valid'];
  const server = tls.createServer({
    key: leaf.key,
    cert: leaf.chain,
    ...(options.alpn ? { ALPNProtocols: options.alpn } : {}),
    ...(options.maxVersion ? { maxVersion: options.maxVersion } : {}),
    ...(options.minVersion ? { minVersion: options.minVersion } : {}),
  });
  const sockets = new Set<net.Socket>();
  server.on('tlsClientError', () => undefined);
  server.on('secureConnection', (socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    const cleanups: (() => void)[] = [];
    socket.on('close', () => {
      sockets.delete(socket);
      for (const cleanup of cleanups) cleanup();
    });
    const onClose = (cleanup: () => void): void => { cleanups.push(cleanup); };
    if (readRequest) readRequestHead(socket, { record: () => undefined, onClose }, () => writer(socket, onClose));
    else {
      socket.on('data', () => undefined);
      writer(socket, onClose);
    }
  });
  server.on('connection', (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: `https://127.0.0.1:${port}/`,
    options: { ca: [certs.caCertPem] },
    async stop() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}

/** An https:// URL served by a plain TCP server that answers the ClientHello with `writer`. */
export async function rawTcpAsTls(writer: Writer): Promise<HostileTarget> {
  const server = await listenRaw((socket, context) => {
    socket.once('data', () => writer(socket, context.onClose));
    socket.on('data', () => undefined);
  });
  const certs = await getTestCerts();
  return { url: `https://127.0.0.1:${server.port}/`, options: { ca: [certs.caCertPem] }, stop: () => server.stop() };
}
