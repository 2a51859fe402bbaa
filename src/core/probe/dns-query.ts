// Asks one resolver directly, over UDP (TCP when the answer is truncated), keeping the rcode,
// the records and their TTLs, which the system resolver hides.
import dgram from 'node:dgram';
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import dnsPacket from 'dns-packet';
import type { DnsAnswer } from './types.js';

export interface ResolverAddress {
  host: string;
  port: number;
  label: string;
}

/** What the probe asks (A, AAAA) and what `whydown serve`'s dns monitors ask besides. */
export type RecordType = 'A' | 'AAAA' | 'CNAME' | 'MX' | 'TXT' | 'NS';

export interface RawAnswer {
  rcode: string;
  truncated: boolean;
  answers: dnsPacket.Answer[];
}

/** Queries A and AAAA in parallel and merges them into one answer for this resolver. */
export async function queryResolver(server: ResolverAddress, name: string, timeoutMs: number): Promise<DnsAnswer> {
  const started = performance.now();
  const [v4, v6] = await Promise.allSettled([
    queryType(server, name, 'A', timeoutMs),
    queryType(server, name, 'AAAA', timeoutMs),
  ]);
  const timeMs = performance.now() - started;
  const base = { resolver: server.label, timeMs };
  const failed = (reason: unknown): DnsAnswer => {
    const error = reason as NodeJS.ErrnoException;
    const code = error.code ?? 'EDNS';
    // No answer in time is a timeout; an answer we cannot use (not DNS, cut, a TCP fallback that
    // is refused or closed) is the resolver failing, like SERVFAIL.
    const rcode = code === 'ETIMEOUT' ? 'TIMEOUT' : code === 'EBADRESP' ? 'BADRESP' : 'FAILED';
    return { ...base, rcode, addresses: [], ttl: null, cnames: [], error: { code, message: error.message } };
  };
  if (v4.status === 'rejected' && v6.status === 'rejected') return failed(v4.reason);
  const answered = [v4, v6].flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  // The A query's rcode speaks for the name; AAAA servers are sometimes broken on their own.
  const rcode = answered.find((a) => a.rcode !== 'NOERROR')?.rcode ?? 'NOERROR';
  const records = answered.flatMap((a) => a.answers).filter(isStringRecord);
  const addressRecords = records.filter((r) => r.type === 'A' || r.type === 'AAAA');
  const addresses = addressRecords.map((r) => r.data);
  // One query failed and the other found no address: that is not "no address" (the failed one may
  // have had it), it is the failure.
  const rejected = [v4, v6].find((r) => r.status === 'rejected');
  if (rejected && addresses.length === 0 && rcode === 'NOERROR') return failed(rejected.reason);
  const ttls = addressRecords.map((r) => r.ttl ?? 0);
  const cnames = records.filter((r) => r.type === 'CNAME').map((r) => r.data);
  return {
    ...base,
    rcode,
    addresses: [...new Set(addresses)],
    ttl: ttls.length > 0 ? Math.min(...ttls) : null,
    cnames: [...new Set(cnames)],
    error: null,
  };
}

function isStringRecord(answer: dnsPacket.Answer): answer is dnsPacket.StringAnswer {
  return answer.type === 'A' || answer.type === 'AAAA' || answer.type === 'CNAME';
}

/** One question to one resolver: its rcode and records as they came (UDP, TCP when truncated). */
export async function queryType(server: ResolverAddress, name: string, type: RecordType, timeoutMs: number): Promise<RawAnswer> {
  const id = Math.floor(Math.random() * 65535);
  const query = dnsPacket.encode({
    type: 'query',
    id,
    flags: dnsPacket.RECURSION_DESIRED,
    questions: [{ type, name, class: 'IN' }],
  });
  const udp = await queryUdp(server, query, id, timeoutMs);
  return udp.truncated ? queryTcp(server, query, timeoutMs) : udp;
}

/** An answer that cannot be used: not DNS, cut short, a query instead of a response, bad records. */
function badResponse(server: ResolverAddress, why: string): NodeJS.ErrnoException {
  const error: NodeJS.ErrnoException = new Error(`${server.label} sent an answer that cannot be used: ${why}`);
  error.code = 'EBADRESP';
  return error;
}

function decode(server: ResolverAddress, buffer: Buffer): RawAnswer {
  let packet: ReturnType<typeof dnsPacket.decode>;
  try {
    packet = dnsPacket.decode(buffer);
  } catch (error) {
    throw badResponse(server, (error as Error).message);
  }
  if (packet.type !== 'response') throw badResponse(server, 'a query, not a response');
  const answers = packet.answers ?? [];
  // An A or AAAA record whose data is not an address of its kind would be handed to connect() as
  // a host name (and looked up by the system resolver).
  for (const record of answers) {
    if ((record.type === 'A' && !net.isIPv4(String(record.data))) || (record.type === 'AAAA' && !net.isIPv6(String(record.data)))) {
      throw badResponse(server, `an ${record.type} record holding ${JSON.stringify(String(record.data)).slice(0, 60)}`);
    }
  }
  // dns-packet decodes the rcode but its type definitions leave it out.
  const rcode = (packet as { rcode?: string }).rcode ?? 'UNKNOWN';
  return { rcode, truncated: packet.flag_tc, answers };
}

function timeoutError(server: ResolverAddress, timeoutMs: number): NodeJS.ErrnoException {
  const error: NodeJS.ErrnoException = new Error(`no answer from ${server.label} within ${timeoutMs} ms`);
  error.code = 'ETIMEOUT';
  return error;
}

function queryUdp(server: ResolverAddress, query: Buffer, id: number, timeoutMs: number): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = dgram.createSocket(net.isIPv6(server.host) ? 'udp6' : 'udp4');
    const timer = setTimeout(() => finish(timeoutError(server, timeoutMs)), timeoutMs);
    let done = false;
    const finish = (error: Error | null, answer?: RawAnswer): void => {
      // A flood of datagrams can still be delivered after the first settles it; closing twice throws.
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.close();
      if (error) reject(error);
      else resolve(answer!);
    };
    socket.on('error', (error) => finish(error));
    socket.on('message', (message) => {
      // Ignore stray datagrams: only our id answers our question.
      if (message.length < 2 || message.readUInt16BE(0) !== id) return;
      try {
        finish(null, decode(server, message));
      } catch (error) {
        finish(error as Error);
      }
    });
    socket.send(query, server.port, server.host);
  });
}

function queryTcp(server: ResolverAddress, query: Buffer, timeoutMs: number): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: server.host, port: server.port });
    const chunks: Buffer[] = [];
    let received = 0;
    const timer = setTimeout(() => finish(timeoutError(server, timeoutMs)), timeoutMs);
    const finish = (error: Error | null, answer?: RawAnswer): void => {
      clearTimeout(timer);
      socket.destroy();
      if (error) reject(error);
      else resolve(answer!);
    };
    socket.on('error', (error) => finish(error));
    socket.on('connect', () => {
      const length = Buffer.alloc(2);
      length.writeUInt16BE(query.length);
      socket.write(Buffer.concat([length, query]));
    });
    socket.on('data', (chunk) => {
      chunks.push(chunk);
      received += chunk.length;
      const all = Buffer.concat(chunks, received);
      if (all.length < 2) return;
      const expected = all.readUInt16BE(0);
      if (all.length < expected + 2) return;
      try {
        finish(null, decode(server, all.subarray(2, expected + 2)));
      } catch (error) {
        finish(error as Error);
      }
    });
    socket.on('end', () => finish(badResponse(server, 'it closed the TCP connection before the whole answer')));
  });
}
