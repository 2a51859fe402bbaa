// Proxies and load balancers: HAProxy, Varnish, Traefik, Envoy, Kong. HAProxy and Varnish pages
// were captured from the real servers; Traefik and Envoy follow gateways.md §6–§7; Kong follows
// Kong/kong kong/error_handlers.lua (bodies) and its error_default_type spec (the HTML template).
import type { GeneratorSignature } from '../types.js';

const HAPROXY_PAGE = /^<html><body><h1>\d{3} [^<]+<\/h1>\n[^<\n]+\n<\/body><\/html>\n?$/;
const HAPROXY_EXTRACT = [{ field: 'detail', from: 'body', pattern: /<\/h1>\n([^<\n]+)\n<\/body>/ }] as const;

// Envoy's reset reason names the response flag it logs (router's reset-reason → flag mapping).
const ENVOY_EXTRACT = [
  { field: 'vendorCode', from: 'body', pattern: /^upstream connect error[^\n]*reset reason: (?:local |remote )?connection (?:failure|timeout)/, value: 'UF' },
  { field: 'vendorCode', from: 'body', pattern: /^upstream connect error[^\n]*reset reason: connection termination/, value: 'UC' },
  { field: 'vendorCode', from: 'body', pattern: /^upstream connect error[^\n]*reset reason: overflow/, value: 'UO' },
  { field: 'vendorCode', from: 'body', pattern: /^upstream connect error[^\n]*reset reason: protocol error/, value: 'UPE' },
  { field: 'vendorCode', from: 'body', pattern: /^upstream connect error[^\n]*reset reason: remote (?:refused stream )?reset/, value: 'UR' },
  { field: 'vendorCode', from: 'body', pattern: /^upstream connect error[^\n]*reset reason: local (?:refused stream )?reset/, value: 'LR' },
  { field: 'vendorCode', from: 'body', pattern: /^no healthy upstream/, value: 'UH' },
  { field: 'vendorCode', from: 'body', pattern: /^upstream request timeout/, value: 'UT' },
  { field: 'vendorCode', from: { header: 'proxy-status' }, pattern: /;\s*error=([a-z_]+)/ },
  { field: 'detail', from: 'body', pattern: /^([^\n<]{1,400})/ },
] as const;

const KONG_MESSAGE = /"message"\s*:\s*"(An invalid response was received from the upstream server|The upstream server is currently unavailable|The upstream server is timing out|An unexpected error occurred|failure to get a peer from the ring-balancer|no Route matched with those values|The upstream server responded with \d{3})"/;

const ATS_PAGE = /<BODY BGCOLOR="white" FGCOLOR="black">\s*<H1>[^<]+<\/H1>\s*<HR>\s*<FONT FACE="Helvetica,Arial"><B>\s*Description: /;
const ATS_EXTRACT = [
  { field: 'vendorCode', from: 'body', pattern: /<TITLE>([^<]+)<\/TITLE>/ },
  { field: 'detail', from: 'body', pattern: /Description: ([^<]+?)\s*<\/B>/ },
] as const;

export const PROXY_SIGNATURES = [
  // HAProxy: fixed bodies, no Server header.
  { id: 'haproxy', confidence: 'high', all: [{ body: /<h1>\d{3} [^<]+<\/h1>\n(?:No server is available to handle this request\.|The server returned an invalid or incomplete response\.|The server didn't respond in time\.|Your browser sent an invalid request\.|Request forbidden by administrative rules\.|Your browser didn't send a complete request in time\.|An internal server error occurred\.)\n<\/body><\/html>/, label: 'HAProxy fixed body' }],
    extract: HAPROXY_EXTRACT },
  { id: 'haproxy', confidence: 'medium', all: [{ body: HAPROXY_PAGE, label: 'HAProxy-shaped body' }, { noHeader: 'server' }], extract: HAPROXY_EXTRACT },

  // Varnish: "Guru Meditation" with an XID (Fastly says "Guru Mediation" with Details: cache-…).
  { id: 'varnish', confidence: 'high', all: [{ body: /<h3>Guru Meditation:<\/h3>/ }, { body: /XID: \d+/ }],
    extract: [{ field: 'detail', from: 'body', pattern: /<p>([^<]+)<\/p>\s*<h3>Guru Meditation:/ }] },
  { id: 'varnish', confidence: 'medium', all: [{ status: 'error' }, { header: 'server', value: /^Varnish$/ }, { header: 'x-varnish', value: /^\d+$/ }] },

  // Traefik: http.StatusText as text/plain and no Server header; 503 "no available server".
  { id: 'traefik', confidence: 'high', all: [{ status: [503] }, { body: /^no available server\n?$/ }], extract: [{ field: 'detail', from: 'body', pattern: /^(.+)$/m }] },
  { id: 'traefik', confidence: 'medium', all: [{ status: [502, 504] }, { body: /^(?:Bad Gateway|Gateway Timeout)$/, label: 'plain-text body' }, { noHeader: 'server' }],
    extract: [{ field: 'detail', from: 'body', pattern: /^(.+)$/ }] },

  // Envoy (and Istio): local replies in text/plain.
  { id: 'envoy', confidence: 'high', any: [{ body: /^upstream connect error or disconnect\/reset before headers\./ }, { body: /^no healthy upstream\n?$/ }, { body: /^upstream request timeout\n?$/ }],
    extract: ENVOY_EXTRACT },
  { id: 'envoy', confidence: 'medium', all: [{ status: [502, 503, 504] }, { header: 'server', value: /^(?:istio-)?envoy$/ }, { noHeader: 'x-envoy-upstream-service-time', label: 'no X-Envoy-Upstream-Service-Time (the upstream did not answer)' }],
    extract: ENVOY_EXTRACT },

  // Kong: {"message":"…"} or its HTML template.
  { id: 'kong', confidence: 'high', any: [{ body: KONG_MESSAGE }, { body: /<title>Kong Error<\/title>/ }],
    extract: [{ field: 'detail', from: 'body', pattern: KONG_MESSAGE }, { field: 'detail', from: 'body', pattern: /<h1>Kong Error<\/h1><p>([^<]*)<\/p>/ }] },
  { id: 'kong', confidence: 'medium', all: [{ status: 'error' }, { header: 'server', value: /^kong\// }] },

  // nghttpx (nghttp2 1.52, Debian 12): one fixed page per status, `<footer>nghttpx</footer>`;
  // refused, closed and garbled upstreams all get the same 502.
  { id: 'nghttpx', confidence: 'high', all: [{ body: /<footer>nghttpx<\/footer><\/body><\/html>/, label: 'body footer' }] },

  // Apache Traffic Server (9.2, Debian 12): its body_factory pages, a <TITLE> naming the error
  // ("Could Not Connect", "Web Server Error", "Inactivity Timeout") and a "Description:" line.
  { id: 'trafficserver', confidence: 'high', all: [{ body: ATS_PAGE, label: 'body_factory page' }, { header: 'server', value: /^ATS\// }], extract: ATS_EXTRACT },
  { id: 'trafficserver', confidence: 'medium', all: [{ body: ATS_PAGE, label: 'body_factory page' }], extract: ATS_EXTRACT },
] as const satisfies readonly GeneratorSignature[];
