// Compares what the zone's own name servers hold with each other (SOA serials, the name's
// records) and with what the resolvers hand out (their cached answers and the TTL left on them),
// and says whether a change is still spreading and when it should settle. Pure: the authority
// step gathers the facts, this reads them, the verdict uses the result.
import { DNS_CHANGE_RULES, serialNewer, type DnsChangeFinding } from '../core/knowledge/dns-propagation.js';
import type { AuthoritativeAnswer, AuthorityFindings } from '../core/probe/authority.js';
import type { DnsAnswer } from '../core/probe/types.js';

export interface StaleResolver {
  resolver: string;
  addresses: string[];
  /** Seconds left on its cached answer. */
  ttlLeft: number;
}

export interface DnsChange {
  findings: DnsChangeFinding[];
  /** The highest serial among the servers that answered with authority. */
  latestSerial: number | null;
  /** What the servers at the latest serial hold for the name (null when they disagree or none answered). */
  current: { addresses: string[]; cname: string | null; ttl: number | null } | null;
  /** Servers that answer with an older serial, and what they hold. */
  lagging: AuthoritativeAnswer[];
  staleResolvers: StaleResolver[];
  /** A change still spreading: lagging servers whose records differ, or resolvers with an old answer. */
  spreading: boolean;
  /** About how long until it settles, in seconds (null when nothing is spreading). */
  settlesInS: number | null;
}

export function compareWithAuthority(authority: AuthorityFindings, resolvers: DnsAnswer[]): DnsChange {
  const answering = authority.answers.filter((a) => a.state === 'ok' && a.serial !== null);
  const findings = new Set<DnsChangeFinding>();
  if (authority.answers.some((a) => a.state === 'lame')) findings.add('server-lame');
  // By name: an IPv6 address of a name server that this host cannot reach (no IPv6 route here)
  // is no finding while the same server answers over IPv4.
  const answeringNames = new Set(authority.answers.filter((a) => a.state !== 'unreachable').map((a) => a.name));
  if (authority.answers.some((a) => a.state === 'unreachable' && !answeringNames.has(a.name))) findings.add('server-unreachable');
  if (answering.length === 0) {
    return { findings: [...findings], latestSerial: null, current: null, lagging: [], staleResolvers: [], spreading: false, settlesInS: null };
  }
  let latest = answering[0]!.serial!;
  for (const a of answering) if (serialNewer(a.serial!, latest)) latest = a.serial!;
  const atLatest = answering.filter((a) => a.serial === latest);
  const lagging = answering.filter((a) => a.serial !== latest);
  if (lagging.length > 0) findings.add('serials-differ');
  const signatures = new Set(atLatest.map(signature));
  if (signatures.size > 1) findings.add('same-serial-differ');
  const first = atLatest[0]!;
  const current = signatures.size === 1 ? { addresses: first.addresses, cname: first.cname, ttl: first.ttl } : null;

  const staleResolvers: StaleResolver[] = [];
  if (current) {
    for (const answer of resolvers) {
      if (answer.rcode !== 'NOERROR' && answer.rcode !== 'NXDOMAIN') continue; // a failing resolver is the dns step's story
      if (resolverMatches(answer, current)) continue;
      // A resolver's TTL counts down from the zone's: with time left, it is a cached answer.
      if ((answer.ttl ?? 0) > 0) staleResolvers.push({ resolver: answer.resolver, addresses: [...answer.addresses].sort(), ttlLeft: answer.ttl! });
    }
  }
  if (staleResolvers.length > 0) findings.add('resolver-cached');
  const laggingDiffers = current !== null && lagging.some((a) => signature(a) !== signatureOf(current));
  const spreading = laggingDiffers || staleResolvers.length > 0;
  let settlesInS: number | null = null;
  if (spreading) {
    const cached = staleResolvers.map((r) => r.ttlLeft);
    // A lagging server may hand the old record out until it catches up (within the refresh
    // interval at worst), and the last resolver to fetch it keeps it for the record's TTL.
    const catchUp = laggingDiffers && authority.soa ? [authority.soa.refresh + (current?.ttl ?? 0)] : [];
    settlesInS = Math.max(0, ...cached, ...catchUp);
  }
  return { findings: [...findings], latestSerial: latest, current, lagging, staleResolvers, spreading, settlesInS };
}

function signature(answer: Pick<AuthoritativeAnswer, 'addresses' | 'cname'>): string {
  return answer.addresses.length > 0 ? answer.addresses.join(',') : `cname:${answer.cname ?? ''}`;
}

function signatureOf(current: NonNullable<DnsChange['current']>): string {
  return signature(current);
}

/** Against the zone's addresses when it holds them; against the CNAME when the name points out of the zone. */
function resolverMatches(answer: DnsAnswer, current: NonNullable<DnsChange['current']>): boolean {
  if (current.addresses.length > 0) return [...answer.addresses].sort().join(',') === current.addresses.join(',');
  if (current.cname) return answer.cnames[0]?.replace(/\.$/, '').toLowerCase() === current.cname;
  return answer.addresses.length === 0;
}

/** One line per finding, for the step's detail and the docs. */
export function describeFindings(change: DnsChange): string[] {
  return change.findings.map((f) => DNS_CHANGE_RULES[f].meaning.replace(/\.$/, ''));
}
