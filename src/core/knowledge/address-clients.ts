// Who meets a failing address when a name has several (issue #14 item 4): which clients try which
// address first, and how soon they move on. Each rule is data with its source, so a verdict that
// says "IPv6-first clients meet …" can be traced to where that behaviour is written down.
import type { Cause } from '../model.js';

export type AddressFamily = 'ipv4' | 'ipv6';

export interface ClientRule {
  /** The family of the failing address. */
  failing: AddressFamily;
  /** Whether some working address has the same family (round-robin) or only the other one. */
  working: 'same-family' | 'other-family';
  /** Who meets the failure, as a phrase that starts the sentence: "IPv6-first clients (…)". */
  who: string;
  /** Where this behaviour is documented. */
  source: string;
}

export const CLIENT_RULES: readonly ClientRule[] = [
  {
    failing: 'ipv6',
    working: 'other-family',
    who: 'IPv6-first clients (most browsers with IPv6, Happy Eyeballs falls back after 250–300 ms; clients without it fail or wait for their own timeout)',
    source: 'RFC 6724 §6 (IPv6 sorted first), RFC 8305 §5 (Connection Attempt Delay 250 ms), Chromium transport_connect_job kIPv6FallbackTime 300 ms',
  },
  {
    failing: 'ipv4',
    working: 'other-family',
    who: 'IPv4-only clients (networks without IPv6, and dual-stack clients after an IPv6 failure)',
    source: 'RFC 6724 §6 (a client without a global IPv6 address sorts IPv4 first), RFC 8305 §4',
  },
  {
    failing: 'ipv4',
    working: 'same-family',
    who: 'Clients handed that address (DNS round-robin; browsers try the next address after a failure, most other clients do not)',
    source: 'RFC 1794 (round-robin DNS), RFC 8305 §4 (try each address in turn)',
  },
  {
    failing: 'ipv6',
    working: 'same-family',
    who: 'Clients handed that address (DNS round-robin; browsers try the next address after a failure, most other clients do not)',
    source: 'RFC 1794 (round-robin DNS), RFC 8305 §4 (try each address in turn)',
  },
];

/** What a client meets there, by cause, as a noun phrase ("a refused connection"). */
const MEETS: Partial<Record<Cause, string>> = {
  'connect-refused': 'a refused connection',
  'connect-timeout': 'a connection that never completes',
  'connect-reset': 'a connection reset before any response',
  'network-unreachable': 'no route',
  'tls-handshake-failed': 'a failing TLS handshake',
  'tls-cert-expired': 'an expired certificate',
  'tls-cert-not-yet-valid': 'a certificate that is not valid yet',
  'tls-cert-hostname-mismatch': 'a certificate for another name',
  'tls-cert-untrusted': 'an untrusted certificate',
  'empty-response': 'a connection closed without a response',
  'malformed-response': 'a response that is not valid HTTP',
  'response-timeout': 'no response in time',
};

export function clientRuleFor(failing: AddressFamily, working: ClientRule['working']): ClientRule {
  return CLIENT_RULES.find((r) => r.failing === failing && r.working === working)!;
}

/** "a refused connection", or for an HTTP answer "a 502 response (…)". */
export function whatTheyMeet(cause: Cause, status: number | null): string {
  if (status !== null) return `a ${status} response`;
  return MEETS[cause] ?? `a failure (${cause})`;
}
