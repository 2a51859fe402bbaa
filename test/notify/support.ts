// Real receivers on loopback for the alert channels: an HTTP server that records every request as
// it arrived (method, path, headers, raw body, time), one that accepts and never answers, and a
// port nothing listens on. Plus the incident events the monitor would emit.
import { once } from 'node:events';
import http, { type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { parseConfig } from '../../src/serve/config/load.js';
import type { MonitorConfig } from '../../src/serve/config/types.js';
import { CAUSE_INFO } from '../../src/core/knowledge/causes.js';
import type { Verdict } from '../../src/core/model.js';
import type { IncidentClosed, IncidentOpened, IncidentUpdated } from '../../src/serve/engine/events.js';
import type { IncidentRecord } from '../../src/serve/store/types.js';

export interface Received {
  method: string;
  /** Path and query, as sent. */
  url: string;
  headers: IncomingHttpHeaders;
  /** The body exactly as it came over the wire. */
  raw: Buffer;
  body: string;
  /** performance.now() when the body was complete. */
  at: number;
}

export type Responder = (request: Received, response: ServerResponse) => void;

export interface Receiver {
  url: string;
  requests: Received[];
  /** Resolves with the n-th request (0-based) once it has arrived. */
  request(n: number, timeoutMs?: number): Promise<Received>;
  close(): Promise<void>;
}

/** Answers 200 "ok" unless a responder says otherwise. */
export async function startReceiver(respond: Responder = (_req, res) => res.end('ok')): Promise<Receiver> {
  const requests: Received[] = [];
  const waiters: { n: number; resolve: (r: Received) => void }[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const received: Received = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, raw, body: raw.toString('utf8'), at: performance.now() };
      requests.push(received);
      for (const w of waiters.filter((w) => w.n < requests.length)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(requests[w.n]!);
      }
      respond(received, res);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    request(n, timeoutMs = 5_000) {
      const got = requests[n];
      if (got) return Promise.resolve(got);
      // A request that never comes fails the test quickly, instead of hanging it.
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`request #${n} did not arrive within ${timeoutMs} ms (got ${requests.length})`)), timeoutMs);
        waiters.push({ n, resolve: (r) => { clearTimeout(timer); resolve(r); } });
      });
    },
    async close() {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

export function json(response: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(value));
}

/** Accepts connections and reads, but never answers: a receiver that hangs. */
export async function startBlackHole(): Promise<{ url: string; connections: () => number; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  let count = 0;
  const server = net.createServer((socket) => {
    count++;
    sockets.add(socket);
    socket.on('data', () => {});
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    connections: () => count,
    async close() {
      for (const s of sockets) s.destroy();
      server.close();
      await once(server, 'close');
    },
  };
}

/** A loopback URL where nothing listens (the port was free a moment ago): connection refused. */
export async function refusedUrl(): Promise<string> {
  const server = net.createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  server.close();
  await once(server, 'close');
  return `http://127.0.0.1:${port}`;
}

/** The verdict of the example: nginx's 502, the upstream refused the connection. */
export const VERDICT: Verdict = {
  status: 'down',
  hop: 'origin',
  cause: 'upstream-refused',
  generatedBy: 'nginx',
  transient: false,
  scope: 'everyone',
  confidence: 'high',
  summary: 'shop.example is down: 502 written by nginx — the upstream refused the connection. nginx logged connect() to 10.0.0.5:8080 failed (111: Connection refused).',
  fixes: [...CAUSE_INFO['upstream-refused'].fixes],
};

/** A monitor as the config loader makes it (so every default is there), alerting `notify`. */
export function monitor(name = 'shop', notify: string[] = [], url = 'https://shop.example/'): MonitorConfig {
  const config = parseConfig(`monitors:\n  - name: ${name}\n    url: ${url}\n`, 'whydown.yml', { env: {} });
  return { ...config.monitors[0]!, notify };
}

export function incident(id = 7, openedAt = '2026-11-28T10:02:00.000Z', closedAt: string | null = null, verdict: Verdict = VERDICT): IncidentRecord {
  const timeline: IncidentRecord['timeline'] = [{ at: openedAt, type: 'opened', verdict }];
  if (closedAt) timeline.push({ at: closedAt, type: 'closed', verdict: null });
  return { id, monitor: 'shop', openedAt, closedAt, verdict, timeline };
}

export function opened(m: MonitorConfig = monitor(), i: IncidentRecord = incident()): IncidentOpened {
  return { monitor: m, incident: i };
}

export function closed(m: MonitorConfig = monitor(), durationSeconds = 720): IncidentClosed {
  const openedAt = '2026-11-28T10:02:00.000Z';
  const closedAt = new Date(Date.parse(openedAt) + durationSeconds * 1000).toISOString();
  return { monitor: m, incident: incident(7, openedAt, closedAt), durationSeconds };
}

export function updated(m: MonitorConfig = monitor()): IncidentUpdated {
  const verdict: Verdict = { ...VERDICT, cause: 'upstream-timeout', summary: 'shop.example is down: 504 written by nginx — the upstream did not answer in time.', fixes: [...CAUSE_INFO['upstream-timeout'].fixes] };
  const i = incident(7, '2026-11-28T10:02:00.000Z', null, verdict);
  i.timeline.push({ at: '2026-11-28T10:20:00.000Z', type: 'verdict-changed', verdict });
  return { monitor: m, incident: i, previousCause: 'upstream-refused' };
}
