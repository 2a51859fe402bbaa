// Web servers that write their own error pages: nginx, OpenResty, Apache, lighttpd, Squid, Caddy.
// Each page below was captured from the real server (test/fixtures/responses) except OpenResty,
// which is nginx with another name in NGINX_VER.
import type { GeneratorSignature } from '../types.js';

const APACHE_PAGE = /<!DOCTYPE HTML PUBLIC "-\/\/(?:IETF\/\/DTD HTML 2\.0|W3C\/\/DTD HTML 4\.01)\/\/EN"(?: "http:\/\/www\.w3\.org\/TR\/html4\/strict\.dtd")?>\s*<html><head>\s*<title>\d{3} [^<]*<\/title>\s*<\/head><body>\s*<h1>/;
const APACHE_EXTRACT = [
  // mod_proxy's reason, e.g. "Error reading from remote server"; the code is the part before any ": <detail>".
  { field: 'vendorCode', from: 'body', pattern: /Reason: <strong>([^<:]+)/ },
  { field: 'detail', from: 'body', pattern: /Reason: <strong>([^<]*)<\/strong>/ },
  { field: 'detail', from: 'body', pattern: /<\/h1>\s*<p>([\s\S]{0,1000}?)<\/p>/ },
] as const;

const LIGHTTPD_PAGE = /^<\?xml version="1\.0" encoding="iso-8859-1"\?>\s*<!DOCTYPE html PUBLIC "-\/\/W3C\/\/DTD XHTML 1\.0 Transitional\/\/EN"[\s\S]{0,300}<title>\d{3} [^<]*<\/title>\s*<\/head>\s*<body>\s*<h1>\d{3} [^<]*<\/h1>\s*<\/body>/;

const SQUID_EXTRACT = [
  { field: 'vendorCode', from: { header: 'x-squid-error' }, pattern: /^(ERR_[A-Z0-9_]+)/ },
  { field: 'vendorCode', from: 'body', pattern: /<!-- (ERR_[A-Z0-9_]+) -->/ },
  // The brief message, what the system returned (unless "[No Error]"), then the explanation.
  { field: 'detail', from: 'body', pattern: /<blockquote id="error">\s*<p>([\s\S]{0,1000}?)<\/p>\s*<\/blockquote>\s*(?:<p id="sysmsg">(?:The system returned: <i>\[No Error\]<\/i>|([\s\S]{0,1000}?))<\/p>\s*)?(?:<p>([\s\S]{0,1000}?)<\/p>)?/ },
] as const;

export const SERVER_SIGNATURES = [
  // nginx: `<hr><center>nginx</center>` (server_tokens off), `nginx/1.22.1`, or `nginx/1.18.0 (Ubuntu)`.
  { id: 'nginx', confidence: 'high', all: [{ body: /<hr><center>nginx(?:\/[\d.]+(?: \([^)<]*\))?)?<\/center>/, label: 'body footer' }],
    extract: [{ field: 'detail', from: 'body', pattern: /<center><h1>\d{3} (Request Header Or Cookie Too Large|The SSL certificate error|No required SSL certificate was sent|The plain HTTP request was sent to HTTPS port)<\/h1>/ }] },
  { id: 'openresty', confidence: 'high', all: [{ body: /<hr><center>openresty(?:\/[\d.]+)?<\/center>/, label: 'body footer' }] },

  // Apache: the <address> signature (ServerSignature On), mod_proxy's "NNN Proxy Error" title,
  // or the bare default page (2.4.71 on Debian uses the HTML 4.01 doctype, older 2.4 HTML 2.0).
  { id: 'apache', confidence: 'high', all: [{ body: /<address>Apache(?:\/[^<]*)? Server at [^<]* Port \d+<\/address>/, label: 'body signature' }], extract: APACHE_EXTRACT },
  { id: 'apache', confidence: 'high', all: [{ body: /<title>\d{3} Proxy Error<\/title>/, label: 'mod_proxy title' }], extract: APACHE_EXTRACT },
  { id: 'apache', confidence: 'high', all: [{ body: APACHE_PAGE, label: 'Apache error page' }, { header: 'server', value: /^Apache\b(?!-)/ }], extract: APACHE_EXTRACT },
  { id: 'apache', confidence: 'medium', all: [{ body: APACHE_PAGE, label: 'Apache error page' }], extract: APACHE_EXTRACT },

  // lighttpd: an XHTML page with only a title and an <h1>, no brand in it.
  { id: 'lighttpd', confidence: 'high', all: [{ body: LIGHTTPD_PAGE, label: 'lighttpd error page' }, { header: 'server', value: /^lighttpd\b/ }] },
  { id: 'lighttpd', confidence: 'medium', all: [{ body: LIGHTTPD_PAGE, label: 'lighttpd error page' }] },

  // Squid: `Generated <date> by <host> (squid/5.7)` and X-Squid-Error: ERR_CONNECT_FAIL 111.
  { id: 'squid', confidence: 'high', any: [{ body: /Generated [^<]{0,80} by [^<\s]+ \(squid(?:\/[\d.]+)?\)/, label: 'body footer' }, { header: 'x-squid-error', value: /^ERR_/ }],
    extract: SQUID_EXTRACT },

  // Caddy: an error status with an empty body (no handle_errors) and `Server: Caddy`.
  { id: 'caddy', confidence: 'medium', all: [{ status: 'error' }, { emptyBody: true }, { header: 'server', value: /^Caddy$/ }] },
] as const satisfies readonly GeneratorSignature[];
