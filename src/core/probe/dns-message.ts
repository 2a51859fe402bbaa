// One DNS question to one server, any record type, with the whole answer kept: its rcode, whether
// it is authoritative (AA), and the answer and authority sections. dns-query.ts asks resolvers
// for addresses; this asks a resolver for a zone's SOA and NS, and the zone's own servers
// directly (without recursion) for what they hold. UDP first, TCP when the answer is truncated;
// a bounded time per question, and a size bound on TCP.
import dgram from 'node:dgram';
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import dnsPacket from 'dns-packet';
import type { ResolverAddress } from './dns-query.js';

export type QuestionType = 'SOA' | 'NS' | 'A' | 'AAAA';

export interface DnsRecord {
  name: string;
  type: string;
  ttl: number;
  /** A/AAAA/NS/CNAME: the text; SOA: its serial and timers. */
  data: string | SoaData;
}

export interface SoaData {
  mname: string;
  serial: number;
  refresh: number;
  retry: number;
  expire: number;
  minimum: number;
}

export interface DnsMessage {
  rcode: string;
  /** The server says it holds the zone (the AA flag). */
  authoritative: boolean;
  answers: DnsRecord[];
  authorities: DnsRecord[];
  timeMs: number;
}

export interface DnsAskError {
  code: string;
  message: string;
  timeMs: number;
}

const AA_FLAG = 1 << 10;
const MAX_TCP_BYTES = 65_537;

/** Never throws: a failure comes back as { error }. */
export async function askDns(
  server: ResolverAddress,
  name: string,
  type: QuestionType,
  options: { recursive: boolean; timeoutMs: number },
): Promise<{ message: DnsMessage } | { error: DnsAskError }> {
  const started = performance.now();
  const id = Math.floor(Math.random() * 65535);
  const query = dnsPacket.encode({
    type: 'query',
    id,
    flags: options.recursive ? dnsPacket.RECURSION_DESIRED : 0,
    questions: [{ type, name, class: 'IN' }],
  });
  try {
    let raw = await exchangeUdp(server, query, id, options.timeoutMs);
    if (truncated(raw)) raw = await exchangeTcp(server, query, Math.max(1, options.timeoutMs - (performance.now() - started)));
    return { message: decode(raw, id, performance.now() - started) };
  } catch (error) {
    const err = error as NodeJS.ErrnoException;
    return { error: { code: err.code ?? 'EDNS', message: err.message, timeMs: performance.now() - started } };
  }
}

function truncated(raw: Buffer): boolean {
  return raw.length >= 4 && (raw.readUInt16BE(2) & 0x0200) !== 0;
}

function decode(raw: Buffer, id: number, timeMs: number): DnsMessage {
  let packet: ReturnType<typeof dnsPacket.decode>;
  try {
    packet = dnsPacket.decode(raw);
  } catch (error) {
    throw withCode(`the answer is not DNS: ${(error as Error).message}`, 'EBADRESP');
  }
  if (packet.type !== 'response' || packet.id !== id) throw withCode('the answer is not a response to this question', 'EBADRESP');
  const records = (list: dnsPacket.Answer[] | undefined): DnsRecord[] => (list ?? []).flatMap(toRecord);
  return {
    rcode: (packet as { rcode?: string }).rcode ?? 'UNKNOWN',
    authoritative: ((packet.flags ?? 0) & AA_FLAG) !== 0,
    answers: records(packet.answers),
    authorities: records(packet.authorities),
    timeMs,
  };
}

function toRecord(answer: dnsPacket.Answer): DnsRecord[] {
  const ttl = 'ttl' in answer && typeof answer.ttl === 'number' ? answer.ttl : 0;
  switch (answer.type) {
    case 'A':
    case 'AAAA':
      if (!(answer.type === 'A' ? net.isIPv4(String(answer.data)) : net.isIPv6(String(answer.data)))) return [];
      return [{ name: answer.name, type: answer.type, ttl, data: String(answer.data) }];
    case 'NS':
    case 'CNAME':
      return [{ name: answer.name, type: answer.type, ttl, data: String(answer.data) }];
    case 'SOA': {
      const soa = answer.data as dnsPacket.SoaData;
      return [{
        name: answer.name, type: 'SOA', ttl,
        data: { mname: soa.mname, serial: soa.serial ?? 0, refresh: soa.refresh ?? 0, retry: soa.retry ?? 0, expire: soa.expire ?? 0, minimum: soa.minimum ?? 0 },
      }];
    }
    default:
      return [];
  }
}

function withCode(message: string, code: string): NodeJS.ErrnoException {
  const error: NodeJS.ErrnoException = new Error(message);
  error.code = code;
  return error;
}

function exchangeUdp(server: ResolverAddress, query: Buffer, id: number, timeoutMs: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const socket = dgram.createSocket(net.isIPv6(server.host) ? 'udp6' : 'udp4');
    let done = false;
    const finish = (error: Error | null, raw?: Buffer): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.close();
      if (error) reject(error);
      else resolve(raw!);
    };
    const timer = setTimeout(() => finish(withCode(`no answer from ${server.label} within ${Math.round(timeoutMs)} ms`, 'ETIMEOUT')), timeoutMs);
    socket.on('error', (error) => finish(error));
    socket.on('message', (message) => {
      if (message.length >= 2 && message.readUInt16BE(0) === id) finish(null, message);
    });
    socket.send(query, server.port, server.host, (error) => { if (error) finish(error); });
  });
}

function exchangeTcp(server: ResolverAddress, query: Buffer, timeoutMs: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: server.host, port: server.port });
    const chunks: Buffer[] = [];
    let received = 0;
    let done = false;
    const finish = (error: Error | null, raw?: Buffer): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      if (error) reject(error);
      else resolve(raw!);
    };
    const timer = setTimeout(() => finish(withCode(`no answer from ${server.label} over TCP within ${Math.round(timeoutMs)} ms`, 'ETIMEOUT')), timeoutMs);
    socket.on('error', (error) => finish(error));
    socket.on('connect', () => {
      const length = Buffer.alloc(2);
      length.writeUInt16BE(query.length);
      socket.write(Buffer.concat([length, query]));
    });
    socket.on('data', (chunk) => {
      chunks.push(chunk);
      received += chunk.length;
      if (received > MAX_TCP_BYTES) return finish(withCode(`${server.label} sent more than one DNS message over TCP`, 'EBADRESP'));
      const all = Buffer.concat(chunks, received);
      if (all.length >= 2 && all.length >= all.readUInt16BE(0) + 2) finish(null, all.subarray(2, all.readUInt16BE(0) + 2));
    });
    socket.on('end', () => finish(withCode(`${server.label} closed the TCP connection before the whole answer`, 'EBADRESP')));
  });
}
