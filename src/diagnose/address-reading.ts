// The verdict when some of a name's addresses fail while another works (issue #14 item 4): the
// site is degraded, not up or down — which visitors meet the failure depends on which address
// their client picks (address-clients.ts says who, with its sources).
import { clientRuleFor, whatTheyMeet } from '../core/knowledge/address-clients.js';
import type { Cause } from '../core/model.js';
import type { ProbeResult } from '../core/probe/types.js';
import { isWorking, type AddressEvidence } from './steps/addresses.js';

export interface AddressSplit {
  /** The failing address's cause (the first failing one, IPv6 before IPv4 as clients try them). */
  cause: Cause;
  failing: string[];
  working: string[];
  /** "IPv6-first clients (…) meet a refused connection at [::1]:8080; IPv4 works". */
  who: string;
  source: string;
}

/**
 * Null unless at least one address works and at least one fails (all failing is the reload's
 * story, told as before). `primary` is the reload's chosen attempt: when it failed on a failing
 * address its cause (read with every other step's evidence) is kept.
 */
export function readAddressSplit(evidence: AddressEvidence, primary: ProbeResult | null, primaryCause: Cause): AddressSplit | null {
  if (evidence.skipped) return null;
  const tried = evidence.outcomes.filter((o) => o.allowed);
  const working = tried.filter(isWorking);
  const failing = tried.filter((o) => !isWorking(o));
  if (working.length === 0 || failing.length === 0) return null;
  const ordered = [...failing].sort((a, b) => (a.family === b.family ? 0 : a.family === 'ipv6' ? -1 : 1));
  const first = ordered.find((o) => primary !== null && o.address === primary.address && !isWorking(o)) ?? ordered[0]!;
  const cause = primary !== null && primary.address === first.address && primaryCause !== 'ok' && primaryCause !== 'unknown'
    ? primaryCause
    : first.cause;
  const sameFamily = working.some((w) => w.family === first.family);
  const rule = clientRuleFor(first.family, sameFamily ? 'same-family' : 'other-family');
  const sameCause = failing.filter((o) => o.cause === first.cause && o.family === first.family).map((o) => o.address);
  const where = sameCause.length === 1 ? sameCause[0]! : sameCause.join(', ');
  const works = sameFamily
    ? `${working.map((w) => w.address).join(', ')} ${working.length === 1 ? 'works' : 'work'}`
    : `${first.family === 'ipv6' ? 'IPv4' : 'IPv6'} works (${working.map((w) => w.address).join(', ')})`;
  const others = failing.filter((o) => !sameCause.includes(o.address));
  const alsoFailing = others.length > 0
    ? `; ${others.map((o) => `${o.address} gives ${whatTheyMeet(o.cause, o.status)}`).join(', ')}`
    : '';
  return {
    cause,
    failing: failing.map((o) => o.address),
    working: working.map((o) => o.address),
    who: `${rule.who} meet ${whatTheyMeet(first.cause, first.status)} at ${where}; ${works}${alsoFailing}`,
    source: rule.source,
  };
}

/** Fixes that come before the cause's own. */
export function addressSplitFixes(split: AddressSplit): string[] {
  const failing = split.failing.join(', ');
  return [
    `Make the server answer on ${failing} as it does on ${split.working.join(', ')} (check it listens there: \`ss -ltn\`, a \`listen [::]:443\` line for IPv6, a firewall rule), or remove the DNS record for the failing address until it does`,
  ];
}
