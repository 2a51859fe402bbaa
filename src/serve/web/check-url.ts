// The visitor's URL for `/check`, read strictly: http/https only, no credentials, bounded length,
// and the host in its one normal form before any policy looks at it. WHATWG URL parsing already
// turns `2130706433`, `127.1`, `0x7f.1`, `0177.0.0.1` and `127.0.0.1.` into 127.0.0.1 and
// `[::ffff:127.0.0.1]` into [::ffff:7f00:1]; trailing dots on names and `localhost` are ours.
import { bareHost, defaultPort } from '../../core/probe/target.js';
import type { DestinationPolicy } from '../../core/probe/destination-policy.js';
import net from 'node:net';

/** Longer than any URL a person types or pastes; short enough to keep the cache small. */
export const MAX_URL_LENGTH = 2048;

export type CheckedUrl =
  | { ok: true; url: URL; port: number }
  | { ok: false; status: 400 | 403; message: string };

const SCHEME = /^[a-z][a-z0-9+.-]*:/i;

export function readCheckUrl(text: string | null, policy: DestinationPolicy): CheckedUrl {
  const bad = (message: string): CheckedUrl => ({ ok: false, status: 400, message });
  const refused = (message: string): CheckedUrl => ({ ok: false, status: 403, message });
  if (text === null || text.trim() === '') return bad('url: give the address to check, like ?url=https://example.com/');
  if (text.length > MAX_URL_LENGTH) return bad(`url: longer than ${MAX_URL_LENGTH} characters`);
  const trimmed = text.trim();
  // "example.com" is what people type; a scheme-less host:port ("example.com:8080") too.
  const written = SCHEME.test(trimmed) && !/^[^:/]+:\d/.test(trimmed) ? trimmed : `https://${trimmed}`;
  let url: URL;
  try {
    url = new URL(written);
  } catch {
    return bad('url: not a URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return bad('url: only http:// and https:// addresses are checked');
  if (url.username !== '' || url.password !== '') return bad('url: remove the user name and password; they are not sent to strangers\' servers');
  // "example.com." is the same name as "example.com"; one spelling for the policy and the cache.
  const name = url.hostname.replace(/\.+$/, '');
  if (name === '') return bad('url: no host name');
  if (name !== url.hostname) url.hostname = name;
  url.hash = '';
  const port = defaultPort(url);
  if (!policy.allowPort(port)) return refused(`port ${port} is not checked here; only ${portsText(policy)}`);
  const host = bareHost(url).toLowerCase();
  // The system resolver answers these from /etc/hosts or by rule (RFC 6761) without asking DNS.
  if (host === 'localhost' || host.endsWith('.localhost')) return refused(NOT_PUBLIC);
  if (net.isIP(host) !== 0 && !policy.allowAddress(host, port)) return refused(NOT_PUBLIC);
  return { ok: true, url, port };
}

export const NOT_PUBLIC = 'the address is not a public destination (loopback, private, link-local, shared or reserved addresses are not checked)';

function portsText(policy: DestinationPolicy): string {
  const open = [80, 443].filter((p) => policy.allowPort(p));
  return open.length > 0 ? `the web ports (${open.join(', ')}) and those the server opens` : 'the ports the server opens';
}
