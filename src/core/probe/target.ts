// Validating what the user typed: a URL, --resolve and --dns-server values.
import net from 'node:net';
import { WhydownError } from '../errors.js';
import type { PinnedAddress } from './types.js';

/** Parses an http(s) URL; a bare host name gets https:// as a browser would. */
export function parseTargetUrl(input: string): URL {
  const text = input.trim();
  if (text === '') throw new WhydownError('E_BAD_URL', 'empty URL');
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new WhydownError('E_BAD_URL', `not a valid URL: "${input}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new WhydownError('E_BAD_URL', `only http:// and https:// URLs can be diagnosed, not "${url.protocol}"`);
  }
  if (url.hostname === '') throw new WhydownError('E_BAD_URL', `no host in URL: "${input}"`);
  return url;
}

export function defaultPort(url: URL): number {
  if (url.port !== '') return Number(url.port);
  return url.protocol === 'https:' ? 443 : 80;
}

/** The host as used for DNS and SNI: without IPv6 brackets. */
export function bareHost(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1');
}

/** `host:port:addr`, where addr may be a bracketed IPv6 address. */
export function parsePinnedAddress(value: string): PinnedAddress {
  const match = /^([^:]+):(\d{1,5}):(\[[0-9a-fA-F:.]+\]|[^:]+|[0-9a-fA-F:.]+)$/.exec(value.trim());
  const address = match?.[3]?.replace(/^\[(.*)\]$/, '$1');
  const port = Number(match?.[2]);
  if (!match || !address || net.isIP(address) === 0 || port < 1 || port > 65535) {
    throw new WhydownError('E_BAD_OPTION', `--resolve wants host:port:address (an IP address), got "${value}"`);
  }
  return { host: match[1]!.toLowerCase(), port, address };
}

/** `addr` or `addr:port` or `[v6]:port`; returns "addr:port" normalised. */
export function parseDnsServer(value: string): { host: string; port: number; label: string } {
  const text = value.trim();
  let host = text;
  let port = 53;
  const bracketed = /^\[([0-9a-fA-F:.]+)\](?::(\d+))?$/.exec(text);
  if (bracketed) {
    host = bracketed[1]!;
    if (bracketed[2]) port = Number(bracketed[2]);
  } else if (net.isIP(text) === 0) {
    const colon = text.lastIndexOf(':');
    if (colon > 0) {
      host = text.slice(0, colon);
      port = Number(text.slice(colon + 1));
    }
  }
  if (net.isIP(host) === 0 || !Number.isInteger(port) || port < 1 || port > 65535) {
    throw new WhydownError('E_BAD_OPTION', `--dns-server wants an IP address with an optional :port, got "${value}"`);
  }
  const label = net.isIPv6(host) ? `[${host}]:${port}` : `${host}:${port}`;
  return { host, port, label };
}
