// `type: dns`: ask resolvers for one record of a name and check the answer. `target` is the
// name, `record` the type (A by default), `dnsServers` the resolvers (the system's when absent),
// `expect.answer` the set the answer must equal.
import net from 'node:net';
import { isSeq } from 'yaml';
import { hint } from './suggest.js';
import { DNS_RECORD_TYPES, type DnsRecordType, type MonitorConfig, type MonitorDefaults } from './types.js';
import { readFlapping } from './flapping.js';
import { readMonitorMaintenance } from './maintenance.js';
import { readTags } from './values.js';
import type { Field, Walker } from './walker.js';
import type { CommonReader } from './monitor.js';

/** More resolvers than this is a survey, not a monitor. */
const MAX_SERVERS = 8;
const NAME_MAX = 253;
const LABEL = /^(?:\*|[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)$/;

export function readDnsMonitor(w: Walker, field: Field, f: Record<string, Field>, name: string, defaults: MonitorDefaults, targets: readonly string[], readCommon: CommonReader): MonitorConfig {
  for (const key of ['method', 'headers', 'body', 'diagnose'] as const) {
    const given = f[key];
    if (given) w.fail(given, `a dns monitor asks a resolver: "${key}" is for http monitors`);
  }
  const target = f.target ? readDnsName(w, f.target) : w.fail(field, '"target" is missing (the name to look up, e.g. www.shop.example)');
  const record = f.record ? readRecordType(w, f.record) : 'A';
  const url = target && record ? dnsUrl(target, record) : '';
  // The API shows a dns monitor's url as dns://name/TYPE; a body sent back with it is the same monitor.
  if (f.url && !(url && w.string(f.url) === url)) w.fail(f.url, 'a dns monitor has a target (the name), not a url');
  const dnsServers = f.dnsServers ? readDnsServers(w, f.dnsServers) : undefined;
  const own = readCommon(w, f, targets, defaults.intervalMs, 'dns');
  const intervalMs = own.intervalMs ?? defaults.intervalMs;
  const expect = own.expect ?? {};
  if (expect.answer && record) expect.answer = expect.answer.map((value) => normaliseAnswer(record, value));
  return {
    name,
    type: 'dns',
    url,
    ...(target ? { target } : {}),
    ...(record ? { record } : {}),
    ...(dnsServers && dnsServers.length > 0 ? { dnsServers } : {}),
    method: 'GET',
    headers: {},
    expect,
    intervalMs,
    timeoutMs: own.timeoutMs ?? Math.min(defaults.timeoutMs, intervalMs),
    confirm: { ...defaults.confirm, ...own.confirm },
    tags: f.tags ? readTags(w, f.tags) : [],
    notify: own.notify ?? defaults.notify,
    maintenance: f.maintenance ? readMonitorMaintenance(w, f.maintenance) : [],
    flapping: f.flapping ? readFlapping(w, f.flapping, defaults.flapping) : defaults.flapping,
  };
}

export function dnsUrl(target: string, record: DnsRecordType): string {
  return `dns://${target}/${record}`;
}

/** A DNS name: lower-case, without the trailing dot, each label 1–63 characters. */
function readDnsName(w: Walker, field: Field): string | undefined {
  const text = w.string(field)?.trim().toLowerCase();
  if (text === undefined) return undefined;
  if (text.includes('://') || text.includes('/')) return w.fail(field, `${w.shown(field)} is a URL; a dns target is a name, e.g. www.shop.example`);
  const bare = text.replace(/\.$/, '');
  const labels = bare.split('.');
  if (bare === '' || bare.length > NAME_MAX || net.isIP(bare) !== 0 || !labels.every((label) => LABEL.test(label))) {
    return w.fail(field, `${w.shown(field)} is not a DNS name (letters, digits and hyphens, labels joined by dots, e.g. www.shop.example)`);
  }
  return bare;
}

function readRecordType(w: Walker, field: Field): DnsRecordType | undefined {
  const text = w.string(field)?.trim().toUpperCase();
  if (text === undefined) return undefined;
  const type = DNS_RECORD_TYPES.find((t) => t === text);
  return type ?? w.fail(field, `${w.shown(field)} is not a record type a dns monitor checks${hint(text, DNS_RECORD_TYPES)}`);
}

/** `[1.1.1.1, "127.0.0.1:5353", "[2001:db8::53]:53"]`: addresses (a resolver's name would need a resolver). */
function readDnsServers(w: Walker, field: Field): string[] | undefined {
  const items = isSeq(field.node) ? w.list(field) : [field];
  if (!items) return undefined;
  if (items.length > MAX_SERVERS) return w.fail(field, `has ${items.length} resolvers; at most ${MAX_SERVERS}`);
  const servers: string[] = [];
  for (const item of items) {
    const text = w.string(item);
    if (text === undefined) continue;
    const server = parseResolver(text);
    if (server === undefined) w.fail(item, `${w.shown(item)} is not a resolver address (an IP address with an optional :port, e.g. 1.1.1.1 or 127.0.0.1:5353)`);
    else if (!servers.includes(server.label)) servers.push(server.label);
  }
  return servers;
}

/** `addr`, `addr:port`, `[v6]` or `[v6]:port` → host, port and the `addr:port` label; undefined when it is none of these. */
export function parseResolver(value: string): { host: string; port: number; label: string } | undefined {
  const text = value.trim();
  let host = text;
  let port = 53;
  const bracketed = /^\[([0-9a-fA-F:.]+)\](?::(\d+))?$/.exec(text);
  if (bracketed) {
    host = bracketed[1]!;
    if (bracketed[2]) port = Number(bracketed[2]);
  } else if (net.isIP(text) === 0) {
    const match = /^([0-9.]+):(\d+)$/.exec(text);
    if (!match) return undefined;
    host = match[1]!;
    port = Number(match[2]);
  }
  if (net.isIP(host) === 0 || !Number.isInteger(port) || port < 1 || port > 65535) return undefined;
  return { host, port, label: net.isIPv6(host) ? `[${host}]:${port}` : `${host}:${port}` };
}

/**
 * One answer as the check compares it: names lower-case without the trailing dot (CNAME, NS,
 * the MX host), MX as `preference host`, addresses as Node writes them; TXT as it is.
 */
export function normaliseAnswer(record: DnsRecordType, value: string): string {
  const name = (text: string): string => text.trim().toLowerCase().replace(/\.$/, '');
  switch (record) {
    case 'A': return value.trim();
    case 'AAAA': {
      const text = value.trim().toLowerCase();
      // One spelling per address (2001:DB8:0::1 and 2001:db8::1 are the same).
      try { return new URL(`http://[${text}]/`).hostname.slice(1, -1); } catch { return text; }
    }
    case 'CNAME':
    case 'NS': return name(value);
    case 'MX': {
      const [first, second] = value.trim().split(/\s+/, 2);
      return second === undefined ? name(first ?? '') : `${Number(first)} ${name(second)}`;
    }
    case 'TXT': return value;
  }
}
