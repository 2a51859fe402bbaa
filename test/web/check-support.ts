// Helpers for the /check tests: a target that listens on two loopback addresses with one port
// (127.0.0.2 is opened by the test config, 127.0.0.1 is not and counts every request that
// reaches it), a DNS server that answers one address first and another afterwards (rebinding),
// and the check handler on a loopback HTTP server.
import * as dgram from 'node:dgram';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import dnsPacket from 'dns-packet';
import { send } from '../../src/serve/api/respond.js';
import { createCheckHandler, type CheckHandlerOptions } from '../../src/serve/web/check-route.js';

export interface TwoFacedTarget {
  port: number;
  /**
   * Connections that reached 127.0.0.1, which the policy must keep the diagnosis away from
   * (counted per connection, not per request: the dns step only connects).
   */
  forbiddenHits: string[];
  close(): Promise<void>;
}

/** `/` answers 200; `/to-forbidden` redirects to the same port on 127.0.0.1. */
export async function startTwoFacedTarget(): Promise<TwoFacedTarget> {
  const forbiddenHits: string[] = [];
  const page = (req: http.IncomingMessage, res: http.ServerResponse, port: number): void => {
    if (req.url?.startsWith('/to-forbidden')) {
      res.writeHead(302, { Location: `http://127.0.0.1:${port}/secret` }).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': 'text/html' }).end('<html><head><title>Shop</title></head><body><h1>Welcome</h1></body></html>');
  };
  for (let attempt = 0; ; attempt++) {
    const allowed: http.Server = http.createServer((req, res) => page(req, res, port(allowed)));
    await new Promise<void>((resolve) => allowed.listen(0, '127.0.0.2', resolve));
    const forbidden = http.createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html' }).end('<html><body>internal secret</body></html>');
    });
    forbidden.on('connection', (socket) => forbiddenHits.push(`${socket.remoteAddress ?? ''}:${socket.remotePort ?? ''}`));
    try {
      await new Promise<void>((resolve, reject) => {
        forbidden.once('error', reject);
        forbidden.listen(port(allowed), '127.0.0.1', resolve);
      });
    } catch (error) {
      await closeServer(allowed);
      if (attempt < 5) continue; // the port was taken on 127.0.0.1: another try with a new one
      throw error;
    }
    return {
      port: port(allowed),
      forbiddenHits,
      close: async () => { await Promise.all([closeServer(allowed), closeServer(forbidden)]); },
    };
  }
}

export interface RebindingDns {
  /** `127.0.0.1:PORT`, as dnsServers takes it. */
  address: string;
  /** A queries answered so far. */
  aQueries(): number;
  close(): Promise<void>;
}

/** Answers A queries for any name with `first` once, then `later` ever after; AAAA with nothing. */
export async function startRebindingDns(first: string, later: string): Promise<RebindingDns> {
  const socket = dgram.createSocket('udp4');
  let count = 0;
  socket.on('message', (message, peer) => {
    const query = dnsPacket.decode(message);
    const question = query.questions?.[0];
    const answers: dnsPacket.Answer[] = [];
    if (question?.type === 'A') answers.push({ type: 'A', name: question.name, ttl: 0, data: count++ === 0 ? first : later });
    const reply = dnsPacket.encode({
      type: 'response', id: query.id, flags: dnsPacket.RECURSION_DESIRED | dnsPacket.RECURSION_AVAILABLE,
      questions: query.questions, answers,
    } as dnsPacket.Packet);
    socket.send(reply, peer.port, peer.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return {
    address: `127.0.0.1:${(socket.address() as AddressInfo).port}`,
    aQueries: () => count,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}

export interface CheckServer {
  base: string;
  close(): Promise<void>;
}

export async function startCheckServer(options: CheckHandlerOptions): Promise<CheckServer> {
  const handler = createCheckHandler(options);
  const server = http.createServer((req, res) => {
    handler(req).then((reply) => send(res, reply), (error: unknown) => {
      res.writeHead(500).end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { base: `http://127.0.0.1:${port(server)}`, close: () => closeServer(server) };
}

export interface CheckReply {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  json: { error?: { code: string; message: string } } & Record<string, unknown>;
}

/** GET /check?url=... as JSON, from `localAddress` (another loopback address is another client). */
export function askCheck(base: string, target: string, localAddress = '127.0.0.1'): Promise<CheckReply> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${base}/check?url=${encodeURIComponent(target)}`, { headers: { Accept: 'application/json' }, localAddress, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => { text += chunk; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: JSON.parse(text || '{}') as CheckReply['json'] }));
    });
    req.on('error', reject);
  });
}

function port(server: http.Server): number {
  return (server.address() as AddressInfo).port;
}

function closeServer(server: http.Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}
