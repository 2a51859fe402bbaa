// Small misbehaving upstreams for gateway scenarios, in process, on loopback.
import http from 'node:http';
import type net from 'node:net';

export interface Upstream {
  port: number;
  stop(): Promise<void>;
}

/** An HTTP upstream whose answer the test decides per request. */
export async function startHttpUpstream(handler: http.RequestListener): Promise<Upstream> {
  const sockets = new Set<net.Socket>();
  const server = http.createServer(handler);
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as net.AddressInfo;
  return {
    port: address.port,
    stop: () => new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    }),
  };
}

/** Every other request fails (the connection is cut), the rest answer 200. */
export function startIntermittentUpstream(): Promise<Upstream> {
  let count = 0;
  return startHttpUpstream((req, res) => {
    count++;
    if (count % 2 === 0) {
      req.socket.destroy();
      return;
    }
    res.end('<html><body>fine</body></html>');
  });
}

/** Answers with a response head bigger than a gateway's buffer. */
export function startBigHeaderUpstream(bytes = 16 * 1024): Promise<Upstream> {
  return startHttpUpstream((_req, res) => {
    res.setHeader('Set-Cookie', `session=${'x'.repeat(bytes)}`);
    res.end('ok');
  });
}

/** Waits before answering. */
export function startSlowUpstream(ms: number): Promise<Upstream> {
  return startHttpUpstream((_req, res) => {
    const timer = setTimeout(() => res.end('late'), ms);
    res.on('close', () => clearTimeout(timer));
  });
}
