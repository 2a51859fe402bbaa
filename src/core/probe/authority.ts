// What the domain's own name servers say (issue #14 item 5): the zone a name lives in (its SOA,
// found through a resolver, walking up a label at a time when needed), the zone's NS set, each
// name server's addresses, then each of those asked directly and without recursion for the zone's
// SOA serial and the name's A/AAAA records. Bounded: at most MAX_SERVERS addresses asked, a time
// limit per question and for the whole walk; a name server that does not answer, or answers
// without authority, is named in the result, never a failure of the walk.
import { performance } from 'node:perf_hooks';
import { formatAddress } from './connect.js';
import { askDns, type DnsMessage, type DnsRecord, type SoaData } from './dns-message.js';
import { queryResolver, type ResolverAddress } from './dns-query.js';

export const MAX_NAME_SERVERS = 8;
export const MAX_SERVERS = 8;
const MAX_WALK = 10;
/** The port authoritative servers are asked on: 53, the only one a resolver would use. */
export const AUTHORITATIVE_PORT = 53;

export type ServerState = 'ok' | 'lame' | 'unreachable' | 'not-allowed';

export interface AuthoritativeAnswer {
  /** "ns1.shop.example" */
  name: string;
  /** "198.51.100.1:53" */
  server: string;
  state: ServerState;
  serial: number | null;
  rcode: string | null;
  /** The name's addresses as this server holds them, sorted. */
  addresses: string[];
  /** A CNAME the name has in this zone, if any. */
  cname: string | null;
  /** The records' full TTL as the zone gives it. */
  ttl: number | null;
  error: string | null;
  ms: number;
}

export interface AuthorityFindings {
  zone: string | null;
  soa: SoaData | null;
  nameServers: string[];
  answers: AuthoritativeAnswer[];
  /** Name servers (or their addresses) beyond the bounds, not asked. */
  notAsked: string[];
  /** Why the walk stopped early, when it did. */
  problem: string | null;
}

export interface AuthorityOptions {
  /** The resolver the zone, its NS set and the NS addresses are looked up with. */
  resolver: ResolverAddress;
  /** For the whole walk. */
  timeoutMs: number;
  /** A name server's address is asked only when this allows it (the public /check's policy). */
  allowServer?: (address: string) => boolean;
}

export async function askAuthorities(host: string, options: AuthorityOptions): Promise<AuthorityFindings> {
  const endsAt = performance.now() + options.timeoutMs;
  const left = (): number => Math.max(1, Math.min(2000, endsAt - performance.now()));
  const empty = (problem: string, zone: string | null = null, soa: SoaData | null = null, nameServers: string[] = []): AuthorityFindings =>
    ({ zone, soa, nameServers, answers: [], notAsked: [], problem });

  const found = await findZone(host, options.resolver, left, endsAt);
  if (!found) return empty(`no SOA found for ${host} or any parent through ${options.resolver.label}`);
  const { zone, soa } = found;

  const ns = await askDns(options.resolver, zone, 'NS', { recursive: true, timeoutMs: left() });
  if ('error' in ns) return empty(`the NS set of ${zone} could not be looked up: ${ns.error.message}`, zone, soa);
  const allNames = [...new Set(ns.message.answers.filter((r) => r.type === 'NS' && sameName(r.name, zone)).map((r) => stripDot(String(r.data))))].sort();
  if (allNames.length === 0) return empty(`${options.resolver.label} gives no NS records for ${zone}`, zone, soa);
  const names = allNames.slice(0, MAX_NAME_SERVERS);
  const notAsked = allNames.slice(MAX_NAME_SERVERS);

  const resolved = await Promise.all(names.map(async (name) => ({ name, answer: await queryResolver(options.resolver, name, left()) })));
  const targets: { name: string; address: string }[] = [];
  const answers: AuthoritativeAnswer[] = [];
  for (const { name, answer } of resolved) {
    if (answer.addresses.length === 0) {
      answers.push(blank(name, '', 'unreachable', `${name} has no address (${answer.error?.message ?? answer.rcode})`));
      continue;
    }
    for (const address of answer.addresses) targets.push({ name, address });
  }
  const asked = targets.slice(0, MAX_SERVERS);
  notAsked.push(...targets.slice(MAX_SERVERS).map((t) => `${t.name} (${t.address})`));
  answers.push(...await Promise.all(asked.map((t) => askOne(t.name, t.address, host, zone, options, left))));
  return { zone, soa, nameServers: allNames, answers, notAsked, problem: null };
}

/** The SOA that answers for the name: its owner is the zone. One question usually; walks up otherwise. */
async function findZone(host: string, resolver: ResolverAddress, left: () => number, endsAt: number): Promise<{ zone: string; soa: SoaData } | null> {
  let name = stripDot(host);
  for (let step = 0; step < MAX_WALK && name !== '' && performance.now() < endsAt; step++) {
    const reply = await askDns(resolver, name, 'SOA', { recursive: true, timeoutMs: left() });
    if (!('error' in reply)) {
      const soa = [...reply.message.answers, ...reply.message.authorities].find((r) => r.type === 'SOA');
      // The owner must enclose the name: a resolver cannot make us walk off to another tree.
      // The root is no answer: its servers are not the domain's.
      if (soa && stripDot(soa.name) !== '' && encloses(stripDot(soa.name), stripDot(host))) return { zone: stripDot(soa.name), soa: soa.data as SoaData };
    }
    const dot = name.indexOf('.');
    if (dot < 0) break;
    name = name.slice(dot + 1);
  }
  return null;
}

async function askOne(name: string, address: string, host: string, zone: string, options: AuthorityOptions, left: () => number): Promise<AuthoritativeAnswer> {
  const server = { host: address, port: AUTHORITATIVE_PORT, label: formatAddress(address, AUTHORITATIVE_PORT) };
  if (options.allowServer && !options.allowServer(address)) {
    return blank(name, server.label, 'not-allowed', `${server.label} is not a public destination; not asked`);
  }
  const started = performance.now();
  const [soa, v4, v6] = await Promise.all([
    askDns(server, zone, 'SOA', { recursive: false, timeoutMs: left() }),
    askDns(server, host, 'A', { recursive: false, timeoutMs: left() }),
    askDns(server, host, 'AAAA', { recursive: false, timeoutMs: left() }),
  ]);
  const ms = performance.now() - started;
  if ('error' in soa) return { ...blank(name, server.label, 'unreachable', soa.error.message), ms };
  const message = soa.message;
  const serialRecord = message.answers.find((r) => r.type === 'SOA' && sameName(r.name, zone));
  if (message.rcode !== 'NOERROR' || !message.authoritative || !serialRecord) {
    const why = message.rcode !== 'NOERROR' ? `answers ${message.rcode}` : !message.authoritative ? 'answers without authority (lame delegation)' : 'gives no SOA';
    return { ...blank(name, server.label, 'lame', `${server.label} ${why} for ${zone}`), rcode: message.rcode, ms };
  }
  const records = [v4, v6].flatMap((r) => ('error' in r ? [] : [r.message]));
  const failed = [v4, v6].find((r) => 'error' in r) as { error: { message: string } } | undefined;
  const { addresses, cname, ttl } = readAddresses(records, host);
  return {
    name, server: server.label, state: 'ok', serial: (serialRecord.data as SoaData).serial,
    rcode: records.find((m) => m.rcode !== 'NOERROR')?.rcode ?? 'NOERROR',
    addresses, cname, ttl, error: failed ? failed.error.message : null, ms,
  };
}

function readAddresses(messages: DnsMessage[], host: string): { addresses: string[]; cname: string | null; ttl: number | null } {
  const records: DnsRecord[] = messages.flatMap((m) => m.answers).filter((r) => sameName(r.name, host));
  const addresses = [...new Set(records.filter((r) => r.type === 'A' || r.type === 'AAAA').map((r) => String(r.data)))].sort();
  const cname = records.find((r) => r.type === 'CNAME');
  const ttls = records.filter((r) => r.type === 'A' || r.type === 'AAAA' || r.type === 'CNAME').map((r) => r.ttl);
  return { addresses, cname: cname ? stripDot(String(cname.data)) : null, ttl: ttls.length > 0 ? Math.min(...ttls) : null };
}

function blank(name: string, server: string, state: ServerState, error: string): AuthoritativeAnswer {
  return { name, server, state, serial: null, rcode: null, addresses: [], cname: null, ttl: null, error, ms: 0 };
}

function stripDot(name: string): string {
  return name.replace(/\.$/, '').toLowerCase();
}

function sameName(a: string, b: string): boolean {
  return stripDot(a) === stripDot(b);
}

function encloses(zone: string, name: string): boolean {
  return zone === '' || name === zone || name.endsWith(`.${zone}`);
}
