// How a DNS change spreads, and what it means when the zone's own name servers and the resolvers
// say different things (issue #14 item 5). Each finding is data with its source; the dns-change
// reading (src/diagnose/dns-change.ts) decides which apply, deterministically.

export type DnsChangeFinding = 'serials-differ' | 'resolver-cached' | 'same-serial-differ' | 'server-lame' | 'server-unreachable';

export interface DnsChangeRule {
  finding: DnsChangeFinding;
  /** What it means, in a sentence for a site owner. */
  meaning: string;
  /** When it settles by itself (or that it does not). */
  settles: string;
  fix: string;
  source: string;
}

export const DNS_CHANGE_RULES: Readonly<Record<DnsChangeFinding, DnsChangeRule>> = {
  'serials-differ': {
    finding: 'serials-differ',
    meaning: 'The zone\'s name servers hold different versions of it (their SOA serials differ): a change has not reached all of them yet, and resolvers asking a lagging server get the old records.',
    settles: 'once every name server has the new serial (at once with NOTIFY, otherwise within the zone\'s SOA refresh interval), plus the record\'s TTL for answers resolvers cached meanwhile',
    fix: 'Make the lagging name server load the new zone: check zone transfers and NOTIFY from the primary (`dig @<server> <zone> SOA` shows its serial), or update it by hand if it is not a secondary',
    source: 'RFC 1996 (NOTIFY), RFC 1035 §3.3.13 (SOA REFRESH, SERIAL), RFC 1982 (serial comparison)',
  },
  'resolver-cached': {
    finding: 'resolver-cached',
    meaning: 'A resolver still hands out the answer it cached before the change, and will until the TTL left on it runs out.',
    settles: 'when the TTL left on the resolver\'s cached answer runs out',
    fix: 'Keep the old address serving the site (or redirecting) until the cached answers expire; lower the record\'s TTL well before the next change',
    source: 'RFC 1035 §3.2.1 and §4.3.4 (TTL: how long a record may be cached), RFC 2181 §8 (a cached TTL counts down)',
  },
  'same-serial-differ': {
    finding: 'same-serial-differ',
    meaning: 'Name servers at the same serial give different answers: the zone was edited on one of them without raising the serial, or they serve different zones. This does not settle by itself.',
    settles: 'never by itself',
    fix: 'Make every name server serve the same zone, and raise the SOA serial with every edit so secondaries pick it up',
    source: 'RFC 1035 §3.3.13 (the serial versions the zone), RFC 1996 §4 (secondaries transfer only a higher serial)',
  },
  'server-lame': {
    finding: 'server-lame',
    meaning: 'A name server listed for the zone does not answer for it with authority (REFUSED, SERVFAIL, or an answer without the AA flag): a lame delegation.',
    settles: 'never by itself',
    fix: 'Configure the zone on that name server, or remove it from the NS records (at the registrar and in the zone)',
    source: 'RFC 1912 §2.8 (lame delegations), RFC 1034 §4.2.2 (AA)',
  },
  'server-unreachable': {
    finding: 'server-unreachable',
    meaning: 'A name server listed for the zone does not answer at all from here; resolvers that pick it wait and retry another.',
    settles: 'never by itself',
    fix: 'Check that the name server runs and that UDP and TCP port 53 reach it from the internet',
    source: 'RFC 1034 §5.3.3 (resolvers try the other servers of a zone)',
  },
};

/** RFC 1982 serial arithmetic: true when a is newer than b (the 32-bit space wraps around). */
export function serialNewer(a: number, b: number): boolean {
  const diff = (a - b + 2 ** 32) % 2 ** 32;
  return diff !== 0 && diff < 2 ** 31;
}
