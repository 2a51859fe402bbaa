// What a gateway's error response says about its upstream, from the outside alone. Facts from
// ../shared/design/reference/gateways.md, checked against the real servers in the tests. The
// first matching rule wins; `causes` lists the likely causes, most likely first — one cause is a
// reading, several mean the page cannot tell them apart.
import type { Cause, Confidence } from '../core/model.js';

export interface GatewayFacts {
  status: number;
  /** How long the failing request took, in ms. */
  elapsedMs: number;
  generatedBy: string | null;
  vendorCode: string | null;
  /** The status line's reason phrase (HTTP/1 only), which some gateways fill with the cause. */
  statusText?: string | null;
  headers: Record<string, string>;
  body: string;
}

export interface GatewayRule {
  /** Software ids this rule applies to; absent: any. */
  by?: readonly string[];
  status?: readonly number[];
  body?: RegExp;
  vendorCode?: RegExp;
  statusText?: RegExp;
  header?: { name: string; value: RegExp };
  /** Matches only failures that took at least this long (a gateway that retried first). */
  afterMs?: number;
  causes: readonly Cause[];
  /** What a failure at a fixed time limit means for this page (default: a 504-like page is a
   *  timeout, anything else a kill). Apache and Varnish answer their own timeouts with 502/503. */
  atLimit?: Cause;
  confidence: Confidence;
}

const CONNECT_FAILURES: readonly Cause[] = ['upstream-refused', 'upstream-closed', 'upstream-invalid-response', 'upstream-header-too-big', 'no-healthy-upstream', 'upstream-tls-failed'];

export const GATEWAY_RULES: readonly GatewayRule[] = [
  // Stock pages that look like a maintenance or overload page but are a gateway's own upstream
  // failure, so they come before the generic rules below.
  // Apache's stock 503 text says "maintenance downtime or capacity problems" whatever the reason;
  // mod_proxy sends it when the connect to its backend is refused (AH00957 + AH01114, seen with
  // 2.4.71 on Debian 12; test/scenarios/apache.test.ts). A `Redirect 503` maintenance switch
  // serves the very same page, so maintenance stays a candidate, last.
  { by: ['apache'], status: [503], body: /temporarily unable to service your\s+request due to maintenance downtime or capacity\s+problems/i, causes: ['upstream-refused', 'no-healthy-upstream', 'overloaded', 'maintenance'], confidence: 'medium' },
  // Varnish's builtin vcl_backend_error adds `Retry-After: 5` to every "Backend fetch failed"
  // (seen with 7.1 for a refused backend): it is not an overload signal here.
  { by: ['varnish'], status: [503], body: /Backend fetch failed/, causes: ['upstream-refused', 'upstream-closed', 'upstream-timeout', 'upstream-invalid-response', 'no-healthy-upstream'], confidence: 'low', atLimit: 'upstream-timeout' },

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
  // HAProxy 2.6 sends the same 503 page when no server is up (log: `be/<NOSRV> … SC--`, at once)
  // and when connecting to its only server is refused after `retries` (log: `be/app1 … SC--`,
  // after 3 × 1 s turn-around), seen in test/scenarios/haproxy.test.ts: the page cannot tell them apart.
  // The same page after HAProxy spent its connect retries (3 by default, about 1 s apart) means
  // the connects were refused; at once, it means no server was up to try (seen with 2.6).
  { by: ['haproxy'], status: [503], body: /No server is available/i, afterMs: 2500, causes: ['upstream-refused'], confidence: 'medium' },
  { by: ['haproxy'], status: [503], body: /No server is available/i, causes: ['no-healthy-upstream', 'upstream-refused'], confidence: 'medium' },
  { by: ['haproxy'], status: [502], causes: ['upstream-closed', 'upstream-invalid-response', 'upstream-header-too-big'], confidence: 'medium' },
  { by: ['haproxy'], status: [504], causes: ['upstream-timeout'], confidence: 'high' },

  // Apache mod_proxy: the Reason line, and 503 for a refused connect.
  { by: ['apache'], status: [502], body: /Corrupt status line|bad HTTP|invalid response|No HTTP headers|ResponseFieldSize|header size/i, causes: ['upstream-invalid-response', 'upstream-header-too-big'], confidence: 'medium' },
  { by: ['apache'], status: [502], body: /DNS lookup failure/i, causes: ['upstream-refused'], confidence: 'high' },
  { by: ['apache'], status: [502], body: /Error reading from remote server/i, causes: ['upstream-closed', 'upstream-timeout', 'upstream-invalid-response'], confidence: 'medium', atLimit: 'upstream-timeout' },
  { by: ['apache'], status: [500], body: /SSL Handshake/i, causes: ['upstream-tls-failed'], confidence: 'high' },
  // (the stock 503 page is matched at the top of the table, before the maintenance rule)
  { by: ['apache'], status: [504], causes: ['upstream-timeout'], confidence: 'high' },

  // nginx: 504 only ever means a timeout; 502 is everything else about the upstream.
  { by: ['nginx', 'openresty'], status: [504], causes: ['upstream-timeout'], confidence: 'high' },
  { by: ['nginx', 'openresty'], status: [502], causes: CONNECT_FAILURES, confidence: 'low' },
  { by: ['nginx', 'openresty'], status: [503], causes: ['overloaded', 'rate-limited', 'maintenance'], confidence: 'low' },

  // Varnish 503 without its stock page (a VCL synth): the backend could not be used, reason not on the page.
  { by: ['varnish'], status: [503], causes: ['upstream-refused', 'upstream-closed', 'upstream-timeout', 'upstream-invalid-response', 'no-healthy-upstream'], confidence: 'low' },
  { by: ['fastly'], status: [503], causes: ['upstream-refused', 'upstream-timeout', 'upstream-closed'], confidence: 'low' },

  // Caddy, lighttpd, Traefik, load balancers.
  { by: ['caddy', 'traefik', 'kong'], status: [502], causes: ['upstream-refused', 'upstream-closed', 'upstream-invalid-response'], confidence: 'low' },
  { by: ['caddy', 'traefik', 'kong'], status: [504], causes: ['upstream-timeout'], confidence: 'high' },
  { by: ['lighttpd'], status: [503], causes: ['upstream-refused', 'overloaded'], confidence: 'medium' },
  // lighttpd 1.4.69 answers a mod_proxy `read-timeout` with its own 504 page ("read timeout on
  // socket" in its error log), and an upstream that closes without answering or sends garbage with
  // its own 500 page (nothing logged); an application's own 500 is relayed with the app's body, so
  // the stock page is lighttpd's (seen in test/scenarios/lighttpd.test.ts).
  { by: ['lighttpd'], status: [504], causes: ['upstream-timeout'], confidence: 'high' },
  { by: ['lighttpd'], status: [500], body: /<h1>500 Internal Server Error<\/h1>/, causes: ['upstream-closed', 'upstream-invalid-response', 'app-error'], confidence: 'low' },
  { by: ['lighttpd'], status: [502], causes: ['upstream-closed', 'upstream-timeout', 'upstream-invalid-response'], confidence: 'low' },
  { by: ['aws-elb'], status: [503], causes: ['no-healthy-upstream'], confidence: 'medium' },
  { by: ['aws-elb'], status: [504], causes: ['upstream-timeout'], confidence: 'high' },
  { by: ['aws-elb'], status: [502], causes: ['upstream-closed', 'upstream-refused', 'upstream-invalid-response', 'upstream-tls-failed'], confidence: 'low' },
  { by: ['iis'], vendorCode: /502\.4/, causes: ['no-healthy-upstream'], confidence: 'high' },
  { by: ['iis'], status: [502], causes: ['upstream-refused', 'upstream-timeout', 'upstream-closed'], confidence: 'low' },

  // nghttpx 1.52 (Debian 12) answers a refused, a closed and a garbled backend with the same
  // 502 page ("Backend connect failed; addr=…: errno=111" in its error log, without the request),
  // and a backend-read-timeout with 504 (test/scenarios/nghttpx.test.ts).
  { by: ['nghttpx'], status: [504], causes: ['upstream-timeout'], confidence: 'high' },
  { by: ['nghttpx'], status: [502], causes: ['upstream-refused', 'upstream-closed', 'upstream-invalid-response'], confidence: 'low' },

  // Apache Traffic Server 9.2 names the failure in its page's title (and the status line's reason):
  // "Could Not Connect" (502 Connection refused), "Web Server Error" for a backend that closed
  // (502 Malformed Server Response Status) or sent garbage (502 Invalid HTTP Response), and
  // "Inactivity Timeout" (504 Connection Timed Out) — test/scenarios/trafficserver.test.ts.
  { by: ['trafficserver'], vendorCode: /^Could Not Connect$/, causes: ['upstream-refused'], confidence: 'high' },
  { by: ['trafficserver'], vendorCode: /^Inactivity Timeout$/, causes: ['upstream-timeout'], confidence: 'high' },
  { by: ['trafficserver'], vendorCode: /^Web Server Error$/, statusText: /^Malformed Server Response Status$/, causes: ['upstream-closed'], confidence: 'high' },
  { by: ['trafficserver'], vendorCode: /^Web Server Error$/, statusText: /^Invalid HTTP Response$/, causes: ['upstream-invalid-response'], confidence: 'high' },
  { by: ['trafficserver'], vendorCode: /^Web Server Error$/, causes: ['upstream-closed', 'upstream-invalid-response'], confidence: 'medium' },
  { by: ['trafficserver'], status: [504], causes: ['upstream-timeout'], confidence: 'high' },

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
    if (rule.statusText && !(facts.statusText && rule.statusText.test(facts.statusText))) continue;
    if (rule.afterMs !== undefined && facts.elapsedMs < rule.afterMs) continue;
    if (rule.header) {
      const value = facts.headers[rule.header.name];
      if (value === undefined || !rule.header.value.test(value)) continue;
    }
    return rule;
  }
  return null;
}
