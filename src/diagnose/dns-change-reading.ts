// The verdict for a DNS change still spreading (issue #14 item 5): `dns-disagreement`, degraded,
// with which server has which serial and answer, which resolver still hands out the old one, and
// when it settles. Only when it explains a failure: the zone's current answer leads to a working
// server, and this vantage fails or an old answer still in circulation leads nowhere. A change
// whose old and new answers both work is left to the step's warning; a change whose *new*
// answer leads nowhere is not "spreading", it is the failure itself (the reload's cause stands).
import { DNS_CHANGE_RULES } from '../core/knowledge/dns-propagation.js';
import type { AuthorityEvidence } from './steps/authority.js';

export interface DnsChangeReading {
  summary: string;
  fixes: string[];
}

export function readDnsChange(evidence: AuthorityEvidence, host: string, failsHere: boolean): DnsChangeReading | null {
  const { change, authority, reachable } = evidence;
  if (evidence.skipped || !change || !authority || !change.spreading || !change.current) return null;
  const leads = (addresses: string[]): boolean => addresses.some((a) => reachable[a] === true);
  if (!leads(change.current.addresses)) return null;
  const oldLeadsNowhere = change.staleResolvers.some((r) => !leads(r.addresses)) || change.lagging.some((a) => !leads(a.addresses));
  if (!failsHere && !oldLeadsNowhere) return null;

  const answerText = (addresses: string[]): string =>
    `${addresses.join(', ') || 'no address'}${addresses.length > 0 && !leads(addresses) ? ', which leads nowhere' : ''}`;
  const parts: string[] = [];
  const latest = authority.answers.filter((a) => a.state === 'ok' && a.serial === change.latestSerial);
  if (change.lagging.length > 0) {
    parts.push(`${latest.map((a) => `${a.name} (${a.server})`).join(', ')} ${latest.length === 1 ? 'has' : 'have'} serial ${change.latestSerial} (${answerText(change.current.addresses)})`);
    for (const a of change.lagging) parts.push(`${a.name} (${a.server}) still has serial ${a.serial} (${answerText(a.addresses)})`);
  } else {
    parts.push(`the name servers all have serial ${change.latestSerial} (${answerText(change.current.addresses)})`);
  }
  for (const r of change.staleResolvers) parts.push(`resolver ${r.resolver} still gives the old answer ${answerText(r.addresses)} (TTL left ${r.ttlLeft} s)`);
  const basis = change.staleResolvers.length > 0 && change.lagging.length === 0
    ? 'the TTL left'
    : `the zone's refresh interval of ${authority.soa?.refresh ?? '?'} s plus the record's TTL of ${change.current.ttl ?? '?'} s, once every name server has serial ${change.latestSerial}`;
  const summary = `${host} is degraded: a DNS change is still spreading — ${parts.join('; ')}; the change settles in about ${change.settlesInS} s (${basis}).`;
  const fixes = [
    ...(change.lagging.length > 0 ? [DNS_CHANGE_RULES['serials-differ'].fix] : []),
    ...(change.staleResolvers.length > 0 ? [DNS_CHANGE_RULES['resolver-cached'].fix] : []),
  ];
  return { summary, fixes };
}
