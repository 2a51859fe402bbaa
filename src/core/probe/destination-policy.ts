// Which destinations a probe may reach on a stranger's behalf (the public `/check`): public
// unicast addresses only. Loopback, private, link-local, unique-local, shared (CGNAT), multicast,
// reserved and documentation ranges are refused, and so is each of them written inside an IPv6
// address (IPv4-mapped ::ffff:a.b.c.d, translated ::ffff:0:a.b.c.d, NAT64 64:ff9b::a.b.c.d,
// 6to4 2002:AABB:CCDD::): the address a socket would reach is what counts, not its spelling.
import net from 'node:net';

/** IPv4 ranges that are not public unicast (RFC 6890 and its updates). */
const V4_DENIED: readonly [string, number][] = [
  ['0.0.0.0', 8], // "this network"; 0.0.0.0 reaches the local host on Linux
  ['10.0.0.0', 8], ['172.16.0.0', 12], ['192.168.0.0', 16], // private
  ['100.64.0.0', 10], // shared address space (CGNAT)
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local (cloud metadata services live at 169.254.169.254)
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], ['198.51.100.0', 24], ['203.0.113.0', 24], // documentation
  ['192.88.99.0', 24], // 6to4 relay anycast (deprecated)
  ['198.18.0.0', 15], // benchmarking
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, with 255.255.255.255 (broadcast)
];

/**
 * IPv6 outside global unicast (2000::/3) is never public: that covers ::, ::1, fc00::/7, fe80::/10,
 * ff00::/8 and the embedding prefixes (their IPv4 is judged on its own before this list is read).
 * Inside 2000::/3, the special ranges.
 */
const V6_DENIED: readonly [string, number][] = [
  ['::', 3], ['4000::', 2], ['8000::', 1], // everything outside 2000::/3
  ['2001::', 32], // Teredo: the far end is whatever the tunnel says
  ['2001:2::', 48], // benchmarking
  ['2001:10::', 28], ['2001:20::', 28], // ORCHID
  ['2001:db8::', 32], ['3fff::', 20], // documentation
];

// Two lists: a BlockList matches an IPv4 address against its IPv6 rules too (as ::ffff:a.b.c.d),
// and ::/3 would then refuse every IPv4 address.
const DENIED = { ipv4: buildList(V4_DENIED, 'ipv4'), ipv6: buildList(V6_DENIED, 'ipv6') };
const denied = (a: { address: string; family: Family }): boolean => DENIED[a.family].check(a.address, a.family);

export interface DestinationPolicyOptions {
  /** CIDRs opened explicitly (`127.0.0.2/32`, `fd00::/8`), even when not public. */
  allow?: readonly string[];
  /** Ports that may be reached; 80 and 443 when absent. */
  ports?: readonly number[];
}

export interface DestinationPolicy {
  /** True when a connection to this address and port may be made. */
  allowAddress(address: string, port: number): boolean;
  allowPort(port: number): boolean;
}

export const DEFAULT_PORTS: readonly number[] = [80, 443];

export function createDestinationPolicy(options: DestinationPolicyOptions = {}): DestinationPolicy {
  const allowed = new net.BlockList();
  for (const cidr of options.allow ?? []) {
    const parsed = parseCidr(cidr);
    if (!parsed) throw new Error(`${JSON.stringify(cidr)} is not a CIDR range`);
    allowed.addSubnet(parsed.address, parsed.prefix, parsed.family);
  }
  const ports = new Set(options.ports ?? DEFAULT_PORTS);
  const allowPort = (port: number): boolean => ports.has(port);
  return {
    allowPort,
    allowAddress(address, port) {
      if (!allowPort(port)) return false;
      const effective = effectiveAddress(address);
      if (!effective) return false;
      // An allowed range opens the address however it is spelled (::ffff:127.0.0.2 as 127.0.0.2).
      if (allowed.check(effective.address, effective.family)) return true;
      const literal = literalAddress(address);
      if (literal && allowed.check(literal.address, literal.family)) return true;
      return !denied(effective);
    },
  };
}

/** True for a public unicast address, however it is spelled; false for anything that is not an IP. */
export function isPublicAddress(address: string): boolean {
  const effective = effectiveAddress(address);
  return effective !== null && !denied(effective);
}

type Family = 'ipv4' | 'ipv6';

/** `a.b.c.d/n` or `v6/n`; a bare address is a /32 or /128. */
export function parseCidr(text: string): { address: string; prefix: number; family: Family } | null {
  const [address = '', prefixText, extra] = text.trim().split('/');
  if (extra !== undefined) return null;
  const literal = literalAddress(address);
  if (!literal) return null;
  const max = literal.family === 'ipv4' ? 32 : 128;
  const prefix = prefixText === undefined ? max : /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : NaN;
  if (!(prefix >= 0 && prefix <= max)) return null;
  return { address: literal.address, prefix, family: literal.family };
}

/** The address as written, without brackets or a zone (`fe80::1%eth0`); null when not an IP. */
function literalAddress(text: string): { address: string; family: Family } | null {
  const bare = text.replace(/^\[(.*)\]$/, '$1').replace(/%.*$/, '');
  const version = net.isIP(bare);
  if (version === 4) return { address: bare, family: 'ipv4' };
  if (version === 6) return { address: bare, family: 'ipv6' };
  return null;
}

/** The address a socket would reach: an IPv4 embedded in an IPv6 spelling is that IPv4. */
export function effectiveAddress(text: string): { address: string; family: Family } | null {
  const literal = literalAddress(text);
  if (!literal || literal.family === 'ipv4') return literal;
  const bytes = ipv6Bytes(literal.address);
  if (!bytes) return null;
  const embedded = embeddedIpv4(bytes);
  return embedded ? { address: embedded, family: 'ipv4' } : literal;
}

function embeddedIpv4(b: number[]): string | null {
  const zero = (from: number, to: number): boolean => b.slice(from, to).every((x) => x === 0);
  const v4 = (at: number): string => b.slice(at, at + 4).join('.');
  if (zero(0, 10) && b[10] === 0xff && b[11] === 0xff) return v4(12); // ::ffff:a.b.c.d, mapped
  if (zero(0, 8) && b[8] === 0xff && b[9] === 0xff && zero(10, 12)) return v4(12); // ::ffff:0:a.b.c.d, translated
  if (b[0] === 0 && b[1] === 0x64 && b[2] === 0xff && b[3] === 0x9b && zero(4, 12)) return v4(12); // 64:ff9b::/96, NAT64
  if (zero(0, 12) && !(zero(12, 15) && (b[15] ?? 0) <= 1)) return v4(12); // ::a.b.c.d, IPv4-compatible (not :: or ::1)
  if (b[0] === 0x20 && b[1] === 0x02) return v4(2); // 2002:AABB:CCDD::/48, 6to4
  return null;
}

/** 16 bytes of a valid IPv6 text (net.isIPv6 has accepted it), dotted tail included. */
export function ipv6Bytes(text: string): number[] | null {
  // A dotted tail (::ffff:127.0.0.1) becomes its two hex groups, so one parse reads every form.
  const hex = text.replace(/(\d+)\.(\d+)\.(\d+)\.(\d+)$/, (_m, a: string, b: string, c: string, d: string) =>
    `${((Number(a) << 8) | Number(b)).toString(16)}:${((Number(c) << 8) | Number(d)).toString(16)}`);
  const [left = '', right, extra] = hex.split('::');
  if (extra !== undefined) return null;
  const groups = (part: string): number[] => (part === '' ? [] : part.split(':').map((g) => (/^[0-9a-f]{1,4}$/i.test(g) ? parseInt(g, 16) : NaN)));
  const l = groups(left);
  const r = right === undefined ? [] : groups(right);
  const fill = 8 - l.length - r.length;
  if (right === undefined ? fill !== 0 : fill < 1) return null;
  const words = [...l, ...new Array<number>(right === undefined ? 0 : fill).fill(0), ...r];
  if (words.some((w) => Number.isNaN(w))) return null;
  return words.flatMap((w) => [w >> 8, w & 0xff]);
}

function buildList(ranges: readonly [string, number][], family: Family): net.BlockList {
  const list = new net.BlockList();
  for (const [address, prefix] of ranges) list.addSubnet(address, prefix, family);
  return list;
}
