// Hostile DNS servers on a loopback port (UDP and TCP), asked through the probe's dnsServers for
// `site.test`, whose answer (when there is a usable one) points at a healthy HTTP server: so a case
// ends in the DNS phase exactly when the DNS abuse is what stops it. Truncated (TC) answers, giant
// packets, wrong ids, garbage, silence, pointer loops, every failing rcode.
import * as dgram from 'node:dgram';
import * as net from 'node:net';
import dnsPacket from 'dns-packet';
import { freePort } from './process.js';
import { startDelayedFirstByte } from './raw-servers.js';
import type { HostileCase, HostileTarget } from './hostile-kit.js';

type UdpAnswer = (query: Buffer, reply: (bytes: Buffer) => void) => void;
/** What the TCP side does with a connection: 'refuse' (no TCP listener) or a handler. */
type TcpAnswer = 'refuse' | ((query: Buffer, socket: net.Socket) => void);

const NAME = 'site.test';

interface Answer {
  rcode?: string;
  tc?: boolean;
  answers?: dnsPacket.Answer[];
  id?: number;
}

/** An answer to `query` (same id and question unless told). */
function answer(query: Buffer, spec: Answer = {}): Buffer {
  const q = dnsPacket.decode(query);
  const flags = dnsPacket.RECURSION_DESIRED | dnsPacket.RECURSION_AVAILABLE | (spec.tc ? dnsPacket.TRUNCATED_RESPONSE : 0);
  const packet = dnsPacket.encode({
    type: 'response', id: spec.id ?? q.id, flags, questions: q.questions,
    answers: spec.answers ?? [],
  } as dnsPacket.Packet);
  const rcodes: Record<string, number> = { NOERROR: 0, FORMERR: 1, SERVFAIL: 2, NXDOMAIN: 3, NOTIMP: 4, REFUSED: 5 };
  packet[3] = (packet[3]! & 0xf0) | (rcodes[spec.rcode ?? 'NOERROR'] ?? 0);
  return packet;
}

const isA = (query: Buffer): boolean => dnsPacket.decode(query).questions?.[0]?.type === 'A';
const a = (address: string, name = NAME, ttl = 60): dnsPacket.Answer => ({ type: 'A', name, ttl, data: address });
const good = (query: Buffer): Buffer => answer(query, { answers: isA(query) ? [a('127.0.0.1')] : [] });

/** A TCP DNS message: two bytes of length, then the message. */
function framed(message: Buffer): Buffer {
  const length = Buffer.alloc(2);
  length.writeUInt16BE(message.length);
  return Buffer.concat([length, message]);
}

async function hostileDns(udpAnswer: UdpAnswer, tcpAnswer: TcpAnswer = (query, socket) => socket.end(framed(good(query)))): Promise<HostileTarget> {
  const http = await startDelayedFirstByte(0, '<html><body>reached</body></html>');
  for (;;) {
    const port = await freePort();
    const udp = dgram.createSocket('udp4');
    const bound = await new Promise<boolean>((resolve) => {
      udp.once('error', () => resolve(false));
      udp.bind(port, '127.0.0.1', () => resolve(true));
    });
    if (!bound) { udp.close(); continue; }
    udp.on('error', () => undefined);
    let closed = false; // a delayed answer may come after stop()
    udp.on('message', (query, peer) => {
      try {
        udpAnswer(query, (bytes) => { if (!closed) udp.send(bytes, peer.port, peer.address); });
      } catch {
        // a query this case cannot parse: stay silent
      }
    });
    const sockets = new Set<net.Socket>();
    let tcp: net.Server | null = null;
    if (tcpAnswer !== 'refuse') {
      const handler = tcpAnswer;
      tcp = net.createServer((socket) => {
        sockets.add(socket);
        socket.on('error', () => undefined);
        socket.on('close', () => sockets.delete(socket));
        let buffered = Buffer.alloc(0);
        socket.on('data', (chunk: Buffer) => {
          buffered = Buffer.concat([buffered, chunk]);
          if (buffered.length >= 2 && buffered.length >= buffered.readUInt16BE(0) + 2) {
            const query = buffered.subarray(2, buffered.readUInt16BE(0) + 2);
            buffered = Buffer.alloc(0);
            handler(query, socket);
          }
        });
      });
      const listening = await new Promise<boolean>((resolve) => {
        tcp!.once('error', () => resolve(false));
        tcp!.listen(port, '127.0.0.1', () => resolve(true));
      });
      if (!listening) { udp.close(); continue; }
    }
    return {
      url: `http://${NAME}:${http.port}/`,
      options: { dnsServers: [`127.0.0.1:${port}`] },
      async stop() {
        closed = true;
        for (const socket of sockets) socket.destroy();
        udp.close();
        await Promise.all([http.stop(), tcp ? new Promise<void>((resolve) => tcp!.close(() => resolve())) : undefined]);
      },
    };
  }
}

/** A response whose compression pointer points at itself: a name that never ends if followed. */
function pointerLoop(query: Buffer): Buffer {
  const base = answer(query, { answers: [a('127.0.0.1')] });
  // The answer's name is a pointer (0xc00c) to the question name at offset 12; make the question
  // name itself a pointer to offset 12, i.e. to itself.
  const looped = Buffer.from(base);
  looped[12] = 0xc0;
  looped[13] = 12;
  return looped;
}

const bytesWithId = (query: Buffer, rest: Buffer): Buffer => Buffer.concat([query.subarray(0, 2), rest]);

export const DNS_CASES: HostileCase[] = [
  { name: 'dns baseline: a good answer', group: 'dns', start: () => hostileDns((q, reply) => reply(good(q))), expect: { cause: 'ok', status: 200 } },
  { name: 'dns: never answers', group: 'dns', start: () => hostileDns(() => undefined), expect: { cause: 'dns-timeout', phase: 'dns' } },
  { name: 'dns: answers with a wrong id', group: 'dns', start: () => hostileDns((q, reply) => reply(answer(q, { id: (q.readUInt16BE(0) + 1) & 0xffff, answers: [a('127.0.0.1')] }))), expect: { cause: 'dns-timeout', phase: 'dns' } },
  { name: 'dns: garbage with the right id', group: 'dns', start: () => hostileDns((q, reply) => reply(bytesWithId(q, Buffer.from('\xff\xff garbage garbage garbage', 'latin1')))), expect: { cause: 'dns-servfail', phase: 'dns' } },
  { name: 'dns: only the 2-byte id', group: 'dns', start: () => hostileDns((q, reply) => reply(q.subarray(0, 2))), expect: { cause: 'dns-servfail', phase: 'dns' } },
  { name: 'dns: header claims 65535 answers, none follow', group: 'dns', start: () => hostileDns((q, reply) => { const r = answer(q); r.writeUInt16BE(0xffff, 6); reply(r); }), expect: { cause: 'dns-servfail', phase: 'dns' } },
  { name: 'dns: compression pointer loop', group: 'dns', start: () => hostileDns((q, reply) => reply(pointerLoop(q))), expect: { cause: 'dns-servfail', phase: 'dns' } },
  { name: 'dns: A record with 3 bytes of data', group: 'dns', start: () => hostileDns((q, reply) => { const r = answer(q, { answers: isA(q) ? [a('127.0.0.1')] : [] }); if (isA(q)) { r.writeUInt16BE(3, r.length - 6); reply(r.subarray(0, r.length - 1)); } else reply(r); }), expect: { cause: 'dns-servfail', phase: 'dns' } },
  { name: 'dns: TC set, TCP refused', group: 'dns', start: () => hostileDns((q, reply) => reply(answer(q, { tc: true })), 'refuse'), expect: { cause: 'dns-servfail', phase: 'dns' } },
  { name: 'dns: TC set, TCP answers', group: 'dns', start: () => hostileDns((q, reply) => reply(answer(q, { tc: true }))), expect: { cause: 'ok', status: 200 } },
  { name: 'dns: TC set, TCP silent', group: 'dns', start: () => hostileDns((q, reply) => reply(answer(q, { tc: true })), () => undefined), expect: { cause: 'dns-timeout', phase: 'dns' } },
  { name: 'dns: TC set, TCP answers truncated again', group: 'dns', start: () => hostileDns((q, reply) => reply(answer(q, { tc: true })), (q, s) => s.end(framed(answer(q, { tc: true })))) },
  { name: 'dns: TC set, TCP announces 65535 bytes and stalls', group: 'dns', start: () => hostileDns((q, reply) => reply(answer(q, { tc: true })), (_q, s) => s.write(Buffer.from([0xff, 0xff, 0x12]))), expect: { cause: 'dns-timeout', phase: 'dns' } },
  { name: 'dns: TC set, TCP sends garbage', group: 'dns', start: () => hostileDns((q, reply) => reply(answer(q, { tc: true })), (_q, s) => s.end(framed(Buffer.from('garbage garbage garbage')))), expect: { cause: 'dns-servfail', phase: 'dns' } },
  { name: 'dns: TC set, TCP closes at once', group: 'dns', start: () => hostileDns((q, reply) => reply(answer(q, { tc: true })), (_q, s) => s.end()), expect: { cause: 'dns-servfail', phase: 'dns' } },
  // dns-packet does not compress names: 25 bytes a record, so 2,400 records make a 60 KB datagram.
  { name: 'dns: a 60 KB answer of 2,400 A records', group: 'dns', alone: true, start: () => hostileDns((q, reply) => reply(answer(q, { answers: isA(q) ? Array.from({ length: 2400 }, (_, i) => a(i === 0 ? '127.0.0.1' : `127.9.${i >> 8}.${i & 255}`)) : [] }))), expect: { cause: 'ok', status: 200 } },
  { name: 'dns: the A answer never comes, the AAAA answer is empty', group: 'dns', start: () => hostileDns((q, reply) => { if (!isA(q)) reply(answer(q)); }), expect: { cause: 'dns-timeout', phase: 'dns' } },
  { name: 'dns: the A answer is garbage, the AAAA answer is empty', group: 'dns', start: () => hostileDns((q, reply) => reply(isA(q) ? bytesWithId(q, Buffer.from('garbage')) : answer(q))), expect: { cause: 'dns-servfail', phase: 'dns' } },
  { name: 'dns: 500 A records that all refuse, then the good one', group: 'dns', alone: true, start: () => hostileDns((q, reply) => reply(answer(q, { answers: isA(q) ? Array.from({ length: 501 }, (_, i) => a(i === 500 ? '127.0.0.1' : `127.8.${i >> 8}.${i & 255}`)) : [] }))) },
  { name: 'dns: a 60 KB answer of TXT records only', group: 'dns', alone: true, start: () => hostileDns((q, reply) => reply(answer(q, { answers: Array.from({ length: 240 }, () => ({ type: 'TXT', name: NAME, ttl: 60, data: 't'.repeat(240) }) as dnsPacket.Answer) }))), expect: { cause: 'dns-no-address', phase: 'dns' } },
  { name: 'dns: SERVFAIL', group: 'dns', start: () => hostileDns((q, reply) => reply(answer(q, { rcode: 'SERVFAIL' }))), expect: { cause: 'dns-servfail', phase: 'dns' } },
  { name: 'dns: REFUSED', group: 'dns', start: () => hostileDns((q, reply) => reply(answer(q, { rcode: 'REFUSED' }))), expect: { cause: 'dns-servfail', phase: 'dns' } },
  { name: 'dns: FORMERR', group: 'dns', start: () => hostileDns((q, reply) => reply(answer(q, { rcode: 'FORMERR' }))), expect: { cause: 'dns-servfail', phase: 'dns' } },
  { name: 'dns: NOTIMP', group: 'dns', start: () => hostileDns((q, reply) => reply(answer(q, { rcode: 'NOTIMP' }))), expect: { cause: 'dns-servfail', phase: 'dns' } },
  { name: 'dns: NXDOMAIN', group: 'dns', start: () => hostileDns((q, reply) => reply(answer(q, { rcode: 'NXDOMAIN' }))), expect: { cause: 'dns-nxdomain', phase: 'dns' } },
  { name: 'dns: NOERROR without records', group: 'dns', start: () => hostileDns((q, reply) => reply(answer(q))), expect: { cause: 'dns-no-address', phase: 'dns' } },
  { name: 'dns: CNAME loop without an address', group: 'dns', start: () => hostileDns((q, reply) => reply(answer(q, { answers: [{ type: 'CNAME', name: NAME, ttl: 60, data: 'loop.test' }, { type: 'CNAME', name: 'loop.test', ttl: 60, data: NAME }] }))), expect: { cause: 'dns-no-address', phase: 'dns' } },
  { name: 'dns: the answer after 3 s (past the time limit)', group: 'dns', start: () => hostileDns((q, reply) => { setTimeout(() => reply(good(q)), 3000).unref(); }), expect: { cause: 'dns-timeout', phase: 'dns' } },
  { name: 'dns: 200 copies of the answer', group: 'dns', alone: true, start: () => hostileDns((q, reply) => { for (let i = 0; i < 200; i++) reply(good(q)); }), expect: { cause: 'ok', status: 200 } },
  { name: 'dns: the query echoed back (QR=0)', group: 'dns', start: () => hostileDns((q, reply) => reply(q)), expect: { cause: 'dns-servfail', phase: 'dns' } },
  { name: 'dns: A record 255.255.255.255', group: 'dns', start: () => hostileDns((q, reply) => reply(answer(q, { answers: isA(q) ? [a('255.255.255.255')] : [] }))), expect: { cause: ['network-unreachable', 'connect-refused', 'connect-timeout'], phase: 'tcp' } },
  { name: 'dns: answers for another name only', group: 'dns', start: () => hostileDns((q, reply) => reply(answer(q, { answers: isA(q) ? [a('127.0.0.1', 'other.test')] : [] }))) },
];
