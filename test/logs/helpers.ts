// Shared by the log tests: read a log with the library, look events up, save captured logs as
// golden fixtures (WHYDOWN_SAVE_FIXTURES=1), and a tiny DNS server for nginx's runtime resolver.
import dgram from 'node:dgram';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { scanLogs } from '../../src/logs/read-logs.js';
import type { FileStats, LogEvent, ServerId } from '../../src/logs/types.js';
import type { Cause } from '../../src/core/model.js';

/** The repository root (tests run from dist/test/logs). */
export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const FIXTURES = path.join(ROOT, 'test/fixtures/logs');

export async function readEvents(file: string, server: ServerId | 'auto' = 'auto'): Promise<{ events: LogEvent[]; stats: FileStats }> {
  const events: LogEvent[] = [];
  const [stats] = await scanLogs([file], { server }, (event) => events.push(event));
  return { events, stats: stats! };
}

/** The causes of the events for this path (a word of their request: `GET /path HTTP/1.1`, `/path`). */
export function causesFor(events: readonly LogEvent[], path: string): Cause[] {
  return events.filter((event) => event.request?.split(' ').includes(path)).map((event) => event.cause);
}

/** The causes of the events logged for this client address (`127.0.0.1:54321`). */
export function causesForClient(events: readonly LogEvent[], client: string): Cause[] {
  return events.filter((event) => event.client === client).map((event) => event.cause);
}

export function causesOf(events: readonly LogEvent[]): Set<Cause> {
  return new Set(events.map((event) => event.cause));
}

/** With WHYDOWN_SAVE_FIXTURES=1, keeps a log a real server wrote as a golden fixture. */
export async function saveFixture(server: ServerId, name: string, text: string): Promise<void> {
  if (process.env.WHYDOWN_SAVE_FIXTURES !== '1') return;
  const dir = path.join(FIXTURES, server);
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, `${name}.log`), text);
}

export async function saveFixtureFile(server: ServerId, name: string, file: string): Promise<void> {
  if (process.env.WHYDOWN_SAVE_FIXTURES !== '1') return;
  await saveFixture(server, name, await readFile(file, 'utf8'));
}

export interface DnsServer { port: number; close(): Promise<void> }

/** Answers every query with one RCODE (3 NXDOMAIN, 2 SERVFAIL) and no records; -1: never answers. */
export async function startDnsServer(rcode: number): Promise<DnsServer> {
  const socket = dgram.createSocket('udp4');
  socket.on('message', (query, peer) => {
    if (query.length < 12 || rcode < 0) return;
    let end = 12; // the question: QNAME labels, then QTYPE and QCLASS; drop what follows (EDNS)
    while (end < query.length && query[end] !== 0) end += query[end]! + 1;
    const answer = Buffer.from(query.subarray(0, Math.min(query.length, end + 5)));
    answer[2] = 0x80 | (query[2]! & 0x79); // QR, opcode and RD from the query
    answer[3] = 0x80 | rcode; // RA
    answer.writeUInt16BE(0, 6); // ANCOUNT
    answer.writeUInt16BE(0, 8); // NSCOUNT
    answer.writeUInt16BE(0, 10); // ARCOUNT
    socket.send(answer, peer.port, peer.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return { port: socket.address().port, close: () => new Promise((resolve) => socket.close(() => resolve())) };
}
