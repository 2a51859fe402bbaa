// What a gateway's error response says about its upstream, from the outside alone. Facts from
// ../shared/design/reference/gateways.md, checked against the real servers in the tests. The
// first matching rule wins; `causes` lists the likely causes, most likely first — one cause is a
// reading, several mean the page cannot tell them apart.
import type { Cause, Confidence } from '../model.js';

export interface GatewayFacts {
  status: number;
  generatedBy: string | null;
  vendorCode: string | null;
  headers: Record<string, string>;
  body: string;
}

export interface GatewayRule {
  /** Software ids this rule applies to; absent: any. */
  by?: readonly string[];
  status?: readonly number[];
  body?: RegExp;
  vendorCode?: RegExp;
  header?: { name: string; value: RegExp };
  causes: readonly Cause[];
  confidence: Confidence;
}

const CONNECT_FAILURES: readonly Cause[] = ['upstream-refused', 'upstream-closed', 'upstream-invalid-response', 'upstream-header-too-big', 'no-healthy-upstream', 'upstream-tls-failed'];

export const GATEWAY_RULES: readonly GatewayRule[] = [
  // Maintenance and overload pages, whoever serves them.
  { status: [503], body: /\bmaintenance\b|be right back|scheduled downtime|back shortly/i, causes: ['maintenance'], confidence: 'medium' },
  { status: [503], header: { name: 'retry-after', value: /./ }, causes: ['overloaded', 'maintenance'], confidence: 'medium' },

  // Cloudflare's own codes name the failure.
  { by: ['cloudflare'], vendorCode: /^52[12]$/, causes: ['upstream-refused'], confidence: 'high' },
  { by: ['cloudflare'], vendorCode: /^523$/, causes: ['upstream-refused'], confidence: 'medium' },
  { by: ['cloudflare'], vendorCode: /^524$/, causes: ['upstream-timeout'], confidence: 'high' },
  { by: ['cloudflare'], vendorCode: /^52[56]$/, causes: ['upstream-tls-failed'], confidence: 'high' },
  { by: ['cloudflare'], vendorCode: /^520$/, causes: ['upstream-closed', 'upstream-invalid-response'], confidence: 'medium' },
  { by: ['cloudflare'], vendorCode: /^530$/, causes: ['upstream-refused'], confidence: 'medium' },
  { by: ['cloudflare'], vendorCode: /^1015$/, causes: ['rate-limited'], confidence: 'high' },
  { by: ['cloudflare'], vendorCode: /^10(06|07|08|20)$/, causes: ['waf-blocked'], confidence: 'high' },

  // Heroku's router codes.
  { by: ['heroku'], vendorCode: /^H1[23]$|^H15$|^H2[78]$/, causes: ['upstream-timeout'], confidence: 'high' },
  { by: ['heroku'], vendorCode: /^H1[04]$|^H2[01]$|^R10$/, causes: ['upstream-refused'], confidence: 'high' },
  { by: ['heroku'], vendorCode: /^H1[18]$|^H22$/, causes: ['overloaded'], confidence: 'high' },
  { by: ['heroku'], vendorCode: /^H80$/, causes: ['maintenance'], confidence: 'high' },

  // Vercel tells the code in a header.
  { by: ['vercel'], vendorCode: /TIMEOUT/, causes: ['upstream-timeout'], confidence: 'high' },
  { by: ['vercel'], vendorCode: /INVOCATION_FAILED/, causes: ['app-error'], confidence: 'high' },
  { by: ['vercel'], vendorCode: /NO_RESPONSE_FROM_FUNCTION/, causes: ['upstream-closed'], confidence: 'high' },
  { by: ['vercel'], vendorCode: /THROTTLED/, causes: ['overloaded'], confidence: 'high' },

  // Squid names its error in the page and in X-Squid-Error (ERR_*). Squid 5.7 reports a refused
  // connection to its cache_peer as ERR_READ_ERROR with errno 0 (seen on Debian 12), not
  // ERR_CONNECT_FAIL; a peer that closes without a byte is ERR_ZERO_SIZE_OBJECT.
  { by: ['squid'], body: /ERR_CONNECT_FAIL|ERR_DNS_FAIL|ERR_CANNOT_FORWARD/, causes: ['upstream-refused'], confidence: 'high' },
  { by: ['squid'], header: { name: 'x-squid-error', value: /^ERR_CONNECT_FAIL|^ERR_DNS_FAIL|^ERR_CANNOT_FORWARD/ }, causes: ['upstream-refused'], confidence: 'high' },
  { by: ['squid'], header: { name: 'x-squid-error', value: /^ERR_READ_ERROR 0\b/ }, causes: ['upstream-refused', 'upstream-closed'], confidence: 'medium' },
  { by: ['squid'], header: { name: 'x-squid-error', value: /^ERR_READ_TIMEOUT|^ERR_LIFETIME_EXP/ }, causes: ['upstream-timeout'], confidence: 'high' },
  { by: ['squid'], header: { name: 'x-squid-error', value: /^ERR_ZERO_SIZE_OBJECT|^ERR_READ_ERROR/ }, causes: ['upstream-closed'], confidence: 'high' },
  { by: ['squid'], header: { name: 'x-squid-error', value: /^ERR_INVALID_RESP|^ERR_TOO_BIG/ }, causes: ['upstream-invalid-response'], confidence: 'high' },
  { by: ['squid'], body: /ERR_READ_TIMEOUT|ERR_LIFETIME_EXP/, causes: ['upstream-timeout'], confidence: 'high' },
  { by: ['squid'], body: /ERR_ZERO_SIZE_OBJECT|ERR_READ_ERROR/, causes: ['upstream-closed'], confidence: 'high' },
  { by: ['squid'], body: /ERR_INVALID_RESP|ERR_TOO_BIG/, causes: ['upstream-invalid-response'], confidence: 'high' },

  // Envoy's local replies say what happened.
  { by: ['envoy'], body: /no healthy upstream/i, causes: ['no-healthy-upstream'], confidence: 'high' },
  { by: ['envoy'], body: /upstream request timeout/i, causes: ['upstream-timeout'], confidence: 'high' },
  { by: ['envoy'], body: /connection failure|connection refused/i, causes: ['upstream-refused'], confidence: 'high' },
  { by: ['envoy'], body: /reset before headers|connection termination/i, causes: ['upstream-closed'], confidence: 'medium' },

  // HAProxy's fixed pages.
  { by: ['haproxy'], status: [503], body: /No server is available/i, causes: ['no-healthy-upstream'], confidence: 'high' },
  { by: ['haproxy'], status: [502], causes: ['upstream-closed', 'upstream-invalid-response', 'upstream-header-too-big'], confidence: 'medium' },
  { by: ['haproxy'], status: [504], causes: ['upstream-timeout'], confidence: 'high' },

  // Apache mod_proxy: the Reason line, and 503 for a refused connect.
  { by: ['apache'], status: [502], body: /Corrupt status line|bad HTTP|invalid response|No HTTP headers|ResponseFieldSize|header size/i, causes: ['upstream-invalid-response', 'upstream-header-too-big'], confidence: 'medium' },
  { by: ['apache'], status: [502], body: /DNS lookup failure/i, causes: ['upstream-refused'], confidence: 'high' },
  { by: ['apache'], status: [502], body: /Error reading from remote server/i, causes: ['upstream-closed', 'upstream-timeout', 'upstream-invalid-response'], confidence: 'medium' },
  { by: ['apache'], status: [500], body: /SSL Handshake/i, causes: ['upstream-tls-failed'], confidence: 'high' },
  { by: ['apache'], status: [503], body: /temporarily unable to service your\s+request/i, causes: ['upstream-refused', 'no-healthy-upstream', 'overloaded'], confidence: 'medium' },
  { by: ['apache'], status: [504], causes: ['upstream-timeout'], confidence: 'high' },

  // nginx: 504 only ever means a timeout; 502 is everything else about the upstream.
  { by: ['nginx', 'openresty'], status: [504], causes: ['upstream-timeout'], confidence: 'high' },
  { by: ['nginx', 'openresty'], status: [502], causes: CONNECT_FAILURES, confidence: 'low' },
  { by: ['nginx', 'openresty'], status: [503], causes: ['overloaded', 'rate-limited', 'maintenance'], confidence: 'low' },

  // Varnish "Backend fetch failed": the backend could not be used, reason not on the page.
  { by: ['varnish'], status: [503], causes: ['upstream-refused', 'upstream-closed', 'upstream-timeout', 'upstream-invalid-response', 'no-healthy-upstream'], confidence: 'low' },
  { by: ['fastly'], status: [503], causes: ['upstream-refused', 'upstream-timeout', 'upstream-closed'], confidence: 'low' },

  // Caddy, lighttpd, Traefik, load balancers.
  { by: ['caddy', 'traefik', 'kong'], status: [502], causes: ['upstream-refused', 'upstream-closed', 'upstream-invalid-response'], confidence: 'low' },
  { by: ['caddy', 'traefik', 'kong'], status: [504], causes: ['upstream-timeout'], confidence: 'high' },
  { by: ['lighttpd'], status: [503], causes: ['upstream-refused', 'overloaded'], confidence: 'medium' },
  { by: ['lighttpd'], status: [502, 504], causes: ['upstream-closed', 'upstream-timeout', 'upstream-invalid-response'], confidence: 'low' },
  { by: ['aws-elb'], status: [503], causes: ['no-healthy-upstream'], confidence: 'medium' },
  { by: ['aws-elb'], status: [504], causes: ['upstream-timeout'], confidence: 'high' },
  { by: ['aws-elb'], status: [502], causes: ['upstream-closed', 'upstream-refused', 'upstream-invalid-response', 'upstream-tls-failed'], confidence: 'low' },
  { by: ['iis'], vendorCode: /502\.4/, causes: ['no-healthy-upstream'], confidence: 'high' },
  { by: ['iis'], status: [502], causes: ['upstream-refused', 'upstream-timeout', 'upstream-closed'], confidence: 'low' },

  // Anyone else: the status line's own meaning.
  { status: [504], causes: ['upstream-timeout'], confidence: 'medium' },
  { status: [502], causes: CONNECT_FAILURES, confidence: 'low' },
  { status: [503], causes: ['overloaded', 'upstream-refused', 'no-healthy-upstream', 'maintenance'], confidence: 'low' },
];

export function matchGatewayRule(facts: GatewayFacts): GatewayRule | null {
  for (const rule of GATEWAY_RULES) {
    if (rule.by && (!facts.generatedBy || !rule.by.includes(facts.generatedBy))) continue;
    if (rule.status && !rule.status.includes(facts.status)) continue;
    if (rule.body && !rule.body.test(facts.body)) continue;
    if (rule.vendorCode && !(facts.vendorCode && rule.vendorCode.test(facts.vendorCode))) continue;
    if (rule.header) {
      const value = facts.headers[rule.header.name];
      if (value === undefined || !rule.header.value.test(value)) continue;
    }
    return rule;
  }
  return null;
}
