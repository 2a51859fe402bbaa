// Real DNS servers for tests: NSD (authoritative) on a free 127.0.0.1 port, with zones written by
// the test, and a silent server that takes queries and never answers (for dns-timeout).
//
// What each case looks like on the wire (checked with dig in dns-server.test.ts):
// - a name with A/AAAA records       → NOERROR with the answer, TTLs as given
// - a name absent from a served zone  → NXDOMAIN
// - a name with only TXT/MX           → NOERROR, empty answer (NODATA)
// - any name in a zone with `servfail: true` (its zone file does not load) → SERVFAIL
// - any name outside every served zone → REFUSED (NSD is not authoritative for it)
// - disagreement: start two servers with the same name pointing at different addresses.
import * as dgram from 'node:dgram';
import { writeFile } from 'node:fs/promises';
import * as net from 'node:net';
import * as path from 'node:path';
import { delay, freePort, makeTempDir, startProcess, type RunningProcess } from './process.js';

export type DnsRecordType = 'A' | 'AAAA' | 'CNAME' | 'TXT' | 'MX' | 'NS';

export interface DnsRecord {
  /** `@` for the apex, a label relative to the zone (`ok`), or the full name (`ok.whydown.test`). */
  name: string;
  type: DnsRecordType;
  /** Address, target name, or text (TXT, unquoted). For MX, the mail host. */
  value: string;
  /** Seconds; 300 when left out. */
  ttl?: number;
  /** MX preference; 10 when left out. */
  priority?: number;
}

export interface ZoneSpec {
  /** The zone's name, e.g. `whydown.test`. */
  zone: string;
  records?: DnsRecord[];
  /** Serve this zone broken: NSD cannot load it and answers SERVFAIL for every name in it. */
  servfail?: boolean;
  /** SOA minimum, the TTL of negative answers (NXDOMAIN, NODATA). 60 when left out. */
  negativeTtl?: number;
  /** SOA serial; 1 when left out. */
  serial?: number;
  /** SOA refresh, in seconds; 3600 when left out. */
  refresh?: number;
  /** The zone's NS records, each with its glue address; `ns.invalid.` (no address) when left out. */
  nameServers?: { name: string; address: string }[];
}

/** Where NSD listens: 127.0.0.1 on a free port by default; an address inside a network namespace on port 53 for the authoritative walk. */
export interface DnsServerPlacement {
  host?: string;
  port?: number;
  /** Run NSD inside this network namespace (`ip netns exec`). */
  netns?: string;
}

export interface DnsServer {
  port: number;
  host: string;
  /** `127.0.0.1:PORT`, as `--dns-server` takes it. */
  address: string;
  dir: string;
  process: RunningProcess;
  stop(): Promise<void>;
}

export async function startDnsServer(zones: ZoneSpec[], placement: DnsServerPlacement = {}): Promise<DnsServer> {
  const dir = await makeTempDir('nsd');
  for (const spec of zones) {
    await writeFile(path.join(dir, zoneFileName(spec.zone)), spec.servfail ? 'this is not a zone file !!!\n' : zoneFile(spec));
  }
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const host = placement.host ?? '127.0.0.1';
    const port = placement.port ?? await freeUdpTcpPort();
    await writeFile(path.join(dir, 'nsd.conf'), nsdConf(dir, port, zones, host));
    const nsd = ['nsd', '-d', '-c', path.join(dir, 'nsd.conf')];
    let proc: RunningProcess;
    try {
      proc = await startProcess({
        command: placement.netns ? 'ip' : 'nsd',
        args: placement.netns ? ['netns', 'exec', placement.netns, ...nsd] : nsd.slice(1),
        waitForOutput: 'nsd started',
      });
    } catch (error) {
      lastError = error; // most likely the port was taken in the meantime
      continue;
    }
    const stop = async (): Promise<void> => {
      // NSD takes ~1.6 s to stop on SIGTERM and keeps nothing worth saving here.
      try { process.kill(-proc.pid, 'SIGKILL'); } catch { /* already gone */ }
      await proc.stop();
    };
    const probeName = zones.find((z) => !z.servfail)?.zone ?? 'ready.invalid';
    if (!(await answersUdp(host, port, probeName, 5000))) {
      await stop();
      throw new Error(`nsd on port ${port} does not answer\n${proc.output()}`);
    }
    return { port, host, address: `${host}:${port}`, dir, process: proc, stop };
  }
  throw lastError instanceof Error ? lastError : new Error(String(lastError));
}

function zoneFileName(zone: string): string {
  return `${zone.replace(/\.$/, '')}.zone`;
}

function nsdConf(dir: string, port: number, zones: ZoneSpec[], host: string): string {
  const zoneBlocks = zones
    .map((z) => `zone:\n  name: "${z.zone.replace(/\.$/, '')}"\n  zonefile: "${zoneFileName(z.zone)}"\n`)
    .join('');
  return `server:
  ip-address: ${host}
  port: ${port}
  do-ip6: no
  username: ""
  chroot: ""
  zonesdir: "${dir}"
  database: ""
  pidfile: "${dir}/nsd.pid"
  xfrdfile: "${dir}/xfrd.state"
  zonelistfile: "${dir}/zone.list"
  xfrdir: "${dir}"
  server-count: 1
  verbosity: 1
  hide-version: yes
  minimal-responses: yes
remote-control:
  control-enable: no
${zoneBlocks}`;
}

/** The zone in RFC 1035 master file syntax, every name written out in full. */
export function zoneFile(spec: ZoneSpec): string {
  const zone = spec.zone.replace(/\.$/, '');
  const negative = spec.negativeTtl ?? 60;
  const servers = spec.nameServers ?? [];
  const lines = [
    `$TTL 300`,
    `${zone}. 3600 IN SOA ${servers[0] ? `${ownerName(servers[0].name, zone)}` : 'ns.invalid.'} hostmaster.${zone}. ${spec.serial ?? 1} ${spec.refresh ?? 3600} 600 86400 ${negative}`,
    ...(servers.length > 0
      ? servers.flatMap((ns) => [`${zone}. 3600 IN NS ${ownerName(ns.name, zone)}`, `${ownerName(ns.name, zone)} 3600 IN A ${ns.address}`])
      : [`${zone}. 3600 IN NS ns.invalid.`]),
  ];
  for (const record of spec.records ?? []) {
    const owner = ownerName(record.name, zone);
    const ttl = record.ttl ?? 300;
    lines.push(`${owner} ${ttl} IN ${record.type} ${rdata(record)}`);
  }
  return `${lines.join('\n')}\n`;
}

function ownerName(name: string, zone: string): string {
  const bare = name.replace(/\.$/, '');
  if (bare === '@' || bare === '' || bare === zone) return `${zone}.`;
  if (bare.endsWith(`.${zone}`)) return `${bare}.`;
  return `${bare}.${zone}.`;
}

function rdata(record: DnsRecord): string {
  const absolute = (name: string): string => (name.endsWith('.') ? name : `${name}.`);
  switch (record.type) {
    case 'A':
    case 'AAAA':
      return record.value;
    case 'CNAME':
    case 'NS':
      return absolute(record.value);
    case 'MX':
      return `${record.priority ?? 10} ${absolute(record.value)}`;
    case 'TXT':
      return `"${record.value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
  }
}

/** A port free for both TCP and UDP on 127.0.0.1. */
async function freeUdpTcpPort(): Promise<number> {
  for (;;) {
    const port = await freePort();
    const socket = dgram.createSocket('udp4');
    const ok = await new Promise<boolean>((resolve) => {
      socket.once('error', () => resolve(false));
      socket.bind(port, '127.0.0.1', () => resolve(true));
    });
    await closeQuietly(socket);
    if (ok) return port;
  }
}

function closeQuietly(socket: dgram.Socket): Promise<void> {
  return new Promise((resolve) => {
    try {
      socket.close(() => resolve());
    } catch {
      resolve(); // never bound, or closed already
    }
  });
}

/** A minimal DNS query (SOA, recursion not desired). */
function soaQuery(id: number, name: string): Buffer {
  const labels = name.replace(/\.$/, '').split('.').filter(Boolean);
  const qname = Buffer.concat([...labels.map((l) => Buffer.concat([Buffer.from([l.length]), Buffer.from(l)])), Buffer.from([0])]);
  const header = Buffer.alloc(12);
  header.writeUInt16BE(id, 0);
  header.writeUInt16BE(1, 4); // QDCOUNT
  const question = Buffer.alloc(4);
  question.writeUInt16BE(6, 0); // SOA
  question.writeUInt16BE(1, 2); // IN
  return Buffer.concat([header, qname, question]);
}

/** Whether a UDP DNS server on the port answers (any rcode) within the time. */
async function answersUdp(host: string, port: number, name: string, withinMs: number): Promise<boolean> {
  const socket = dgram.createSocket('udp4');
  const id = 0x5eed;
  let answered = false;
  socket.on('message', (msg) => { if (msg.length >= 2 && msg.readUInt16BE(0) === id) answered = true; });
  socket.on('error', () => undefined);
  const deadline = Date.now() + withinMs;
  try {
    while (!answered && Date.now() < deadline) {
      socket.send(soaQuery(id, name), port, host);
      await delay(100);
    }
  } finally {
    socket.close();
  }
  return answered;
}

export interface SilentDnsServer {
  port: number;
  host: string;
  address: string;
  /** How many UDP queries and TCP connections arrived so far. */
  readonly udpQueries: number;
  readonly tcpConnections: number;
  stop(): Promise<void>;
}

/** Listens on UDP and TCP at one port, takes every query and never answers. */
export async function startSilentDnsServer(): Promise<SilentDnsServer> {
  for (;;) {
    const port = await freePort();
    const udp = dgram.createSocket('udp4');
    const udpOk = await new Promise<boolean>((resolve) => {
      udp.once('error', () => resolve(false));
      udp.bind(port, '127.0.0.1', () => resolve(true));
    });
    if (!udpOk) { await closeQuietly(udp); continue; }
    const sockets = new Set<net.Socket>();
    let udpQueries = 0;
    let tcpConnections = 0;
    udp.on('message', () => { udpQueries++; });
    const tcp = net.createServer((socket) => {
      tcpConnections++;
      sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('data', () => undefined); // read and drop
      socket.on('close', () => sockets.delete(socket));
    });
    const tcpOk = await new Promise<boolean>((resolve) => {
      tcp.once('error', () => resolve(false));
      tcp.listen(port, '127.0.0.1', () => resolve(true));
    });
    if (!tcpOk) { await closeQuietly(udp); continue; }
    const host = '127.0.0.1';
    return {
      port,
      host,
      address: `${host}:${port}`,
      get udpQueries() { return udpQueries; },
      get tcpConnections() { return tcpConnections; },
      async stop() {
        for (const socket of sockets) socket.destroy();
        await Promise.all([closeQuietly(udp), new Promise<void>((resolve) => tcp.close(() => resolve()))]);
      },
    };
  }
}
