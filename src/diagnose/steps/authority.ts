// "Ask the domain's own name servers": find the zone, ask each of its name servers directly for
// the SOA serial and the name's records, and compare them with each other and with what the
// resolvers (the dns step's) hand out — a DNS change still spreading shows here, with the TTL left.
import net from 'node:net';
import { askAuthorities, type AuthorityFindings } from '../../core/probe/authority.js';
import { connectToAny } from '../../core/probe/connect.js';
import { Deadline } from '../../core/probe/deadline.js';
import { bareHost, defaultPort, parseDnsServer } from '../../core/probe/target.js';
import type { ChecklistStep, DiagnoseContext, StepOutcome } from '../types.js';
import { compareWithAuthority, describeFindings, type DnsChange } from '../dns-change.js';

export const AUTHORITY_TITLE = 'Ask the domain\'s authoritative name servers';
const WALK_TIMEOUT_MS = 5000;
const REACH_TIMEOUT_MS = 2000;
const MAX_ADDRESSES_CHECKED = 8;

export interface AuthorityEvidence {
  skipped: boolean;
  authority: AuthorityFindings | null;
  change: DnsChange | null;
  /** address → accepts connections on the URL's port (the dns step's checks, plus the zone's own answers). */
  reachable: Record<string, boolean>;
}

export const authorityStep: ChecklistStep<'authority'> = { id: 'authority', title: AUTHORITY_TITLE, needs: ['dns'], run: runAuthority };

async function runAuthority(context: DiagnoseContext): Promise<StepOutcome<AuthorityEvidence>> {
  const host = bareHost(context.url);
  const port = defaultPort(context.url);
  if (net.isIP(host) !== 0) return skipped('the URL names an IP address');
  const dns = await context.need('dns');
  if (dns.skipped) return skipped('no DNS lookup (the address is pinned with --resolve)');
  const usable = dns.answers.find((a) => a.rcode === 'NOERROR' || a.rcode === 'NXDOMAIN');
  if (!usable) return skipped('no resolver answered, so the zone cannot be found');
  let resolver: ReturnType<typeof parseDnsServer>;
  try {
    resolver = parseDnsServer(usable.resolver);
  } catch {
    return skipped(`the resolver ${usable.resolver} cannot be asked directly`);
  }
  const allowAddress = context.options.probe.allowAddress;
  const authority = await askAuthorities(host, {
    resolver,
    timeoutMs: Math.min(WALK_TIMEOUT_MS, context.options.probe.timeoutMs),
    // A name server is asked only where the /check policy would let us connect: a hostile zone
    // must not turn the probe into a way to send packets to private addresses.
    ...(allowAddress ? { allowServer: (address: string) => allowAddress(address, port) } : {}),
  });
  const change = compareWithAuthority(authority, dns.answers);
  const reachable = await withReachability(dns.reachable, change, port, allowAddress);
  const evidence: AuthorityEvidence = { skipped: false, authority, change, reachable };
  return { report: report(evidence, host), evidence };
}

async function withReachability(
  known: Record<string, boolean>,
  change: DnsChange,
  port: number,
  allowAddress?: (address: string, port: number) => boolean,
): Promise<Record<string, boolean>> {
  const wanted = [...(change.current?.addresses ?? []), ...change.lagging.flatMap((a) => a.addresses)];
  const unknown = [...new Set(wanted)].filter((a) => known[a] === undefined).slice(0, MAX_ADDRESSES_CHECKED);
  const checks = await Promise.all(unknown.map(async (address) => {
    const outcome = await connectToAny([address], port, new Deadline(REACH_TIMEOUT_MS), allowAddress);
    outcome.socket?.destroy();
    return [address, outcome.socket !== null] as const;
  }));
  return { ...known, ...Object.fromEntries(checks) };
}

function report(evidence: AuthorityEvidence, host: string): StepOutcome<AuthorityEvidence>['report'] {
  const authority = evidence.authority!;
  const change = evidence.change!;
  const servers = authority.answers.map((a) => {
    const where = `${a.name}${a.server ? ` (${a.server})` : ''}`;
    if (a.state !== 'ok') return `${where}: ${a.state}${a.error ? ` — ${a.error}` : ''}`;
    const holds = a.addresses.length > 0 ? a.addresses.join(', ') : a.cname ? `CNAME ${a.cname}` : `no address (${a.rcode})`;
    return `${where}: serial ${a.serial}, ${holds}${a.ttl !== null ? ` TTL ${a.ttl}s` : ''}`;
  });
  let result: 'pass' | 'warn' = 'pass';
  let detail: string;
  if (authority.problem) {
    detail = `the zone's name servers could not be asked: ${authority.problem}`;
  } else {
    const notes = describeFindings(change);
    const stale = change.staleResolvers.map((r) => `resolver ${r.resolver} still gives ${r.addresses.join(', ') || 'no address'} (TTL left ${r.ttlLeft}s)`);
    const settle = change.spreading && change.settlesInS !== null ? [`the change settles in about ${change.settlesInS} s`] : [];
    const notAsked = authority.notAsked.length > 0 ? [`not asked (bounds): ${authority.notAsked.join(', ')}`] : [];
    detail = `zone ${authority.zone} (${authority.nameServers.length} name server${authority.nameServers.length === 1 ? '' : 's'}) for ${host}: ${[...servers, ...stale, ...settle, ...notes, ...notAsked].join('; ')}`;
    if (change.findings.length > 0) result = 'warn';
  }
  return {
    id: 'authority',
    title: AUTHORITY_TITLE,
    result,
    detail,
    evidence: {
      zone: authority.zone,
      serial: change.latestSerial,
      refresh: authority.soa?.refresh ?? null,
      nameServers: authority.nameServers,
      servers: authority.answers.map((a) => ({ ...a, ms: Math.round(a.ms) })),
      notAsked: authority.notAsked,
      findings: change.findings,
      current: change.current,
      staleResolvers: change.staleResolvers,
      spreading: change.spreading,
      settlesInS: change.settlesInS,
      reachable: evidence.reachable,
      ...(authority.problem ? { problem: authority.problem } : {}),
    },
  };
}

function skipped(detail: string): StepOutcome<AuthorityEvidence> {
  return {
    report: { id: 'authority', title: AUTHORITY_TITLE, result: 'skip', detail, evidence: {} },
    evidence: { skipped: true, authority: null, change: null, reachable: {} },
  };
}
