// The plumbing under raw-servers.ts: a node:net server on a free 127.0.0.1 port that tracks its
// sockets (so stop() really ends everything) and helpers to read a request and write forever.
import * as net from 'node:net';

export interface RawServer {
  port: number;
  host: string;
  /** `127.0.0.1:PORT` */
  address: string;
  /** How many connections were accepted so far. */
  readonly connections: number;
  /** What each connection sent first: the request head (up to the blank line), or a TLS ClientHello. */
  readonly requests: Buffer[];
  /** Destroys every open connection and closes the listener. */
  stop(): Promise<void>;
}

export interface RawContext {
  /** Record what the client sent (shows up in `requests`). */
  record(head: Buffer): void;
  /** Runs when the socket closes (clear timers here). */
  onClose(cleanup: () => void): void;
}

export async function listenRaw(
  onConnection: (socket: net.Socket, context: RawContext) => void,
  server: net.Server = net.createServer(),
): Promise<RawServer> {
  const sockets = new Set<net.Socket>();
  const requests: Buffer[] = [];
  let connections = 0;
  server.on('connection', (socket: net.Socket) => {
    connections++;
    sockets.add(socket);
    socket.on('error', () => undefined); // EPIPE/ECONNRESET from a client that left: expected here
    const cleanups: (() => void)[] = [];
    socket.on('close', () => {
      sockets.delete(socket);
      for (const cleanup of cleanups) cleanup();
    });
    onConnection(socket, { record: (head) => requests.push(head), onClose: (cleanup) => cleanups.push(cleanup) });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const host = '127.0.0.1';
  return {
    port,
    host,
    address: `${host}:${port}`,
    get connections() { return connections; },
    requests,
    async stop() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}

/**
 * Calls `then` once with the request head: everything up to and including the first blank line,
 * or whatever arrived when the client stops sending (end, or 64 KiB without a blank line).
 */
export function readRequestHead(socket: net.Socket, context: RawContext, then: (head: Buffer) => void): void {
  let buffered = Buffer.alloc(0);
  let done = false;
  const finish = (head: Buffer): void => {
    if (done) return;
    done = true;
    socket.off('data', onData);
    context.record(head);
    then(head);
  };
  const onData = (chunk: Buffer): void => {
    buffered = Buffer.concat([buffered, chunk]);
    const end = buffered.indexOf('\r\n\r\n');
    if (end >= 0) finish(buffered.subarray(0, end + 4));
    else if (buffered.length >= 64 * 1024) finish(buffered);
  };
  socket.on('data', onData);
  socket.once('end', () => finish(buffered));
}

/** Writes `next()` chunks until the socket goes away, waiting for 'drain' when the client is slow. */
export function writeForever(socket: net.Socket, next: () => Buffer | string): void {
  const pump = (): void => {
    while (!socket.destroyed && socket.writable) {
      if (!socket.write(next())) {
        socket.once('drain', pump);
        return;
      }
    }
  };
  pump();
}
