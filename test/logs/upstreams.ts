// Misbehaving upstreams for the log tests: tiny node:net servers on loopback, each failing one way.
import net from 'node:net';
import http from 'node:http';

export type Behaviour =
  | 'close' // closes as soon as the request arrives, without a byte
  | 'reset' // resets the connection (RST) when the request arrives
  | 'garbage' // answers bytes that are not HTTP
  | 'silent' // accepts and never answers
  | 'huge-header' // a 70 kB response header
  | 'bad-header' // a header name with a control character
  | 'bad-chunked' // invalid chunked framing
  | 'short-body' // Content-Length 100, sends 3 bytes, closes
  | 'stall-body' // Content-Length 100, sends 3 bytes, then nothing
  | 'status-500' // answers 500 Internal Server Error itself
  | 'status-503' // answers 503 itself
  | 'status-502' // answers 502 itself (a gateway further in failed)
  | 'ok'; // a valid small response

export interface Upstream {
  port: number;
  close(): Promise<void>;
}

const RESPONSES: Partial<Record<Behaviour, string>> = {
  garbage: 'garbage garbage\r\n\r\n',
  'huge-header': `HTTP/1.1 200 OK\r\nX-Big: ${'a'.repeat(70_000)}\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok`,
  'bad-header': 'HTTP/1.1 200 OK\r\nX-Bad\u0001Name: v\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok',
  'bad-chunked': 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\nhello\r\n0\r\n\r\n',
  ok: 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok',
  'status-500': 'HTTP/1.1 500 Internal Server Error\r\nContent-Length: 5\r\nConnection: close\r\n\r\noops\n',
  'status-502': 'HTTP/1.1 502 Bad Gateway\r\nContent-Length: 4\r\nConnection: close\r\n\r\nbad\n',
  'status-503': 'HTTP/1.1 503 Service Unavailable\r\nRetry-After: 5\r\nContent-Length: 5\r\nConnection: close\r\n\r\nbusy\n',
};

export async function startUpstream(behaviour: Behaviour): Promise<Upstream> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    socket.once('data', () => {
      switch (behaviour) {
        case 'close': socket.end(); break;
        case 'reset': socket.resetAndDestroy(); break;
        case 'silent': break;
        case 'short-body':
          socket.write('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nabc');
          setTimeout(() => socket.destroy(), 100);
          break;
        case 'stall-body': socket.write('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nabc'); break;
        default: socket.end(RESPONSES[behaviour] ?? ''); break;
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    close: () => new Promise((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    }),
  };
}

/** Starts one upstream per behaviour. */
export async function startUpstreams<B extends Behaviour>(behaviours: readonly B[]): Promise<Record<B, Upstream> & { closeAll(): Promise<void> }> {
  const entries = await Promise.all(behaviours.map(async (b) => [b, await startUpstream(b)] as const));
  const map = Object.fromEntries(entries) as Record<B, Upstream>;
  return Object.assign(map, { closeAll: async () => { await Promise.all(entries.map(([, u]) => u.close())); } });
}

export interface Reply {
  status: number | null;
  error: string | null;
  /** The client side of the connection as servers log it: `127.0.0.1:54321`. */
  client: string;
}

/** One GET (or POST) through the server under test; never throws. No keep-alive, so each request is alone. */
export function request(port: number, path: string, options: { timeoutMs?: number; method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Reply> {
  return new Promise((done) => {
    let client = '';
    const resolve = (reply: Omit<Reply, 'client'>): void => done({ ...reply, client });
    const req = http.request({
      host: '127.0.0.1', port, path, method: options.method ?? 'GET', agent: false,
      headers: { connection: 'close', ...options.headers },
    }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? null, error: null }));
      res.on('error', () => resolve({ status: res.statusCode ?? null, error: 'aborted' }));
    });
    req.on('socket', (socket) => socket.on('connect', () => { client = `${socket.localAddress}:${socket.localPort}`; }));
    req.setTimeout(options.timeoutMs ?? 10_000, () => req.destroy(new Error('timeout')));
    req.on('error', (error) => resolve({ status: null, error: error.message }));
    req.end(options.body);
  });
}

/** Waits until `check` is true (polling), or gives up after `timeoutMs`. */
export async function eventually(check: () => Promise<boolean> | boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const attempt = async (): Promise<boolean> => {
    try {
      return await check();
    } catch {
      return false; // e.g. the log file is not there yet
    }
  };
  while (!(await attempt())) {
    if (Date.now() > deadline) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
