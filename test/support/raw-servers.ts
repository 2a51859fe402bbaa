// Small hostile or broken servers on real sockets, each on a free 127.0.0.1 port.
// Connection-level failures live here; broken HTTP responses in raw-http-servers.ts (re-exported).
//
// | start...              | what a client sees                                                  |
// |-----------------------|---------------------------------------------------------------------|
// | startEmptyResponse    | request read, then a clean close (FIN) without a byte               |
// | startResetConnection  | request read, then RST (ECONNRESET)                                  |
// | startGarbage          | request read, then random non-HTTP bytes and a close                 |
// | startTlsStall         | TCP accepted, ClientHello read, no answer ever (handshake stalls)    |
// | startNeverAccept      | connect() never completes: SYNs are dropped (not refused)            |
// | startDelayedFirstByte | a normal node http server that waits `ms` before answering 200       |
import { randomBytes } from 'node:crypto';
import * as http from 'node:http';
import * as net from 'node:net';
import { listenRaw, readRequestHead, type RawServer } from './raw-listen.js';
import { startProcess } from './process.js';

export type { RawServer } from './raw-listen.js';
export * from './raw-http-servers.js';

export function startEmptyResponse(): Promise<RawServer> {
  return listenRaw((socket, context) => {
    readRequestHead(socket, context, () => socket.end());
  });
}

export function startResetConnection(): Promise<RawServer> {
  return listenRaw((socket, context) => {
    readRequestHead(socket, context, () => socket.resetAndDestroy());
  });
}

/** Bytes that cannot start an HTTP response (the first is NUL), then random ones. */
export function garbageBytes(length = 512): Buffer {
  const bytes = randomBytes(length);
  bytes[0] = 0x00;
  bytes[1] = 0xff;
  return bytes;
}

export function startGarbage(length = 512): Promise<RawServer> {
  return listenRaw((socket, context) => {
    readRequestHead(socket, context, () => socket.end(garbageBytes(length)));
  });
}

/** Accepts TCP, records the ClientHello and never answers it. */
export function startTlsStall(): Promise<RawServer> {
  return listenRaw((socket, context) => {
    socket.once('data', (hello: Buffer) => context.record(hello));
    socket.on('data', () => undefined); // keep reading (and dropping) whatever else comes
  });
}

/** A plain node http server answering `200 ok` after `ms` milliseconds, for every request. */
export async function startDelayedFirstByte(ms: number, body = 'ok'): Promise<RawServer> {
  let raw: RawServer | undefined;
  const server = http.createServer((request, response) => {
    const head = [`${request.method} ${request.url} HTTP/${request.httpVersion}`];
    for (let i = 0; i + 1 < request.rawHeaders.length; i += 2) head.push(`${request.rawHeaders[i]}: ${request.rawHeaders[i + 1]}`);
    raw?.requests.push(Buffer.from(`${head.join('\r\n')}\r\n\r\n`, 'latin1'));
    const timer = setTimeout(() => {
      response.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': Buffer.byteLength(body) });
      response.end(body);
    }, ms);
    response.on('close', () => clearTimeout(timer));
    request.resume();
  });
  server.keepAliveTimeout = 1000;
  // No socket listeners of our own here: node's http parser reads the socket itself.
  raw = await listenRaw(() => undefined, server);
  return raw;
}

export interface NeverAcceptServer {
  port: number;
  host: string;
  address: string;
  /** Connections made to fill the accept queue (held open until stop). */
  fillers: number;
  stop(): Promise<void>;
}

// Node's net.Server accepts every connection as soon as it arrives, whatever the backlog, so its
// queue never fills. A Python socket with listen(0) that never calls accept() does it: Linux keeps
// at most backlog+1 = 1 finished connection queued, and drops SYNs once the queue is full, so
// further connects time out (no RST, no ECONNREFUSED). The script exits when its parent dies.
const PYTHON_LISTENER = `
import os, socket, time
parent = os.getppid()
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.bind(('127.0.0.1', 0))
s.listen(0)
print('LISTENING %d' % s.getsockname()[1], flush=True)
while os.getppid() == parent:
    time.sleep(0.5)
`;

/** Connects; resolves with the socket once connected, or null when nothing happens within `ms`. */
function connectWithin(port: number, ms: number): Promise<net.Socket | null> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    const timer = setTimeout(() => { socket.destroy(); resolve(null); }, ms);
    socket.once('connect', () => { clearTimeout(timer); resolve(socket); });
    socket.once('error', (error) => { clearTimeout(timer); socket.destroy(); reject(error); });
  });
}

/** A port where TCP connects time out: a listening socket whose full accept queue is never drained. */
export async function startNeverAccept(): Promise<NeverAcceptServer> {
  const proc = await startProcess({ command: 'python3', args: ['-c', PYTHON_LISTENER], waitForOutput: /LISTENING \d+/ });
  const port = Number(/LISTENING (\d+)/.exec(proc.output())?.[1]);
  const held: net.Socket[] = [];
  const stop = async (): Promise<void> => {
    for (const socket of held) socket.destroy();
    await proc.stop();
  };
  try {
    for (let i = 0; ; i++) {
      if (i >= 8) throw new Error(`never-accept: the accept queue of port ${port} did not fill`);
      const socket = await connectWithin(port, 300);
      if (!socket) break; // this SYN was dropped: the queue is full
      socket.on('error', () => undefined);
      held.push(socket);
    }
    if (held.length === 0) throw new Error(`never-accept: port ${port} accepted nothing`);
  } catch (error) {
    await stop();
    throw error;
  }
  const host = '127.0.0.1';
  return { port, host, address: `${host}:${port}`, fillers: held.length, stop };
}
