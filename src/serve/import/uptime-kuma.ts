// Uptime Kuma's JSON backup (Settings → Backup → Export, 1.x: `{version, notificationList,
// monitorList}`) as whydown monitors. Carried over: http (status codes, method, headers, body,
// basic auth), keyword (→ expect.body), json-query with a plain path (→ expect.json), port
// (→ tcp), dns (→ dns), push (→ push, its token kept); interval, timeout, retries (→ confirm),
// certificate expiry warnings (→ expect.certValidFor), tags and groups (→ tags). Everything else
// — other monitor types, notifications, inverted keywords, upside-down mode, proxies — is noted.
import net from 'node:net';
import { DNS_RECORD_TYPES } from '../config/types.js';
import { cleanHeaders, ImportError, MAX_IMPORT_MONITORS, Names, scalarOf, seconds, shown, tagOf, type ImportedMonitor, type ImportResult } from './common.js';

type Raw = Record<string, unknown>;

/** Kuma's default: a 2xx final status (redirects followed). */
const DEFAULT_CODES = ['200-299'];
/** Kuma warns 7, 14 and 21 days before a certificate expires; the first warning is the bar. */
const CERT_DAYS = 21;
/** A Kuma JSON query written as a plain path (`status`, `data.items[0].id`, `$.status`). */
const PLAIN_PATH = /^\$?\.?[A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*|\[\d+\])*$/;

export function importUptimeKuma(text: string): ImportResult {
  let backup: unknown;
  try {
    backup = JSON.parse(text);
  } catch (error) {
    throw new ImportError(`not JSON (${(error as Error).message.slice(0, 100)}); an Uptime Kuma backup is the .json file from Settings → Backup → Export`);
  }
  if (!isObject(backup) || !Array.isArray(backup.monitorList)) {
    throw new ImportError('not an Uptime Kuma backup: no "monitorList" (export it from Settings → Backup → Export)');
  }
  const monitors = backup.monitorList.filter(isObject).slice(0, MAX_IMPORT_MONITORS);
  const notifications = Array.isArray(backup.notificationList) ? backup.notificationList.filter(isObject) : [];
  const notes: string[] = [];
  const names = new Names();
  const groups = new Map<unknown, string>();
  for (const m of monitors) if (m.type === 'group' && typeof m.name === 'string') groups.set(m.id, m.name);
  const usedBy = new Map<string, string[]>();
  const out: ImportedMonitor[] = [];
  for (const m of monitors) {
    const label = `monitor ${shown(m.name ?? m.id)} (${shown(m.type ?? 'unknown type').slice(1, -1)})`;
    if (m.type === 'group') {
      notes.push(`${label}: a group; its monitors carry its name as a tag`);
      continue;
    }
    if (m.active === false || m.active === 0) {
      notes.push(`${label}: paused in Uptime Kuma, left out`);
      continue;
    }
    const converted = convert(m, names, groups);
    if ('skip' in converted) {
      notes.push(`${label}: ${converted.skip}`);
      continue;
    }
    out.push(converted);
    for (const id of Object.keys(isObject(m.notificationIDList) ? m.notificationIDList : {})) {
      if ((m.notificationIDList as Raw)[id]) usedBy.set(id, [...(usedBy.get(id) ?? []), String(converted.config.name)]);
    }
  }
  for (const n of notifications) {
    const config = parseNotificationConfig(n.config);
    const type = typeof config.type === 'string' ? shown(config.type).slice(1, -1) : 'unknown';
    const users = usedBy.get(String(n.id)) ?? [];
    notes.push(`notification ${shown(n.name ?? n.id)} (${type}${n.isDefault || n.is_default ? ', default' : ''}): add it under notify: and name it in the monitors' notify:${users.length > 0 ? ` (used by ${users.join(', ')})` : ''}`);
  }
  const version = typeof backup.version === 'string' ? ` version ${backup.version.slice(0, 20)}` : '';
  return { source: `an Uptime Kuma backup (${monitors.length} monitors, ${notifications.length} notifications${version ? `,${version}` : ''})`, monitors: out, notes };
}

function convert(m: Raw, names: Names, groups: Map<unknown, string>): ImportedMonitor | { skip: string } {
  const notes: string[] = [];
  const comments: string[] = [];
  const type = String(m.type ?? '');
  const base = (): Raw => {
    const claimed = names.claim(String(m.name ?? ''), `monitor-${String(m.id ?? '').replace(/[^0-9a-z]/gi, '') || 'x'}`, 'Uptime Kuma');
    if (claimed.comment) comments.push(claimed.comment);
    return { name: claimed.name };
  };
  let config: Raw;
  switch (type) {
    case 'http':
    case 'keyword':
    case 'json-query': {
      const url = typeof m.url === 'string' ? m.url : '';
      if (!/^https?:\/\//i.test(url)) return { skip: `its URL ${shown(url)} is not http(s)` };
      config = { ...base(), url };
      const method = typeof m.method === 'string' ? m.method.toUpperCase() : 'GET';
      if (method !== 'GET') config.method = method;
      const headers = httpHeaders(m, notes);
      if (Object.keys(headers).length > 0) config.headers = headers;
      if (typeof m.body === 'string' && m.body.trim() !== '') {
        if (method === 'GET' || method === 'HEAD') notes.push(`its request body is left out: whydown sends none with ${method}`);
        else config.body = m.body;
      }
      const expect: Raw = {};
      const codes = Array.isArray(m.accepted_statuscodes) ? m.accepted_statuscodes.map(String) : DEFAULT_CODES;
      if (codes.join() !== DEFAULT_CODES.join()) expect.status = codes.map((c) => (/^\d{3}$/.test(c) ? Number(c) : c));
      if (type === 'keyword' && typeof m.keyword === 'string' && m.keyword !== '') {
        if (m.invertKeyword) notes.push(`"keyword must be absent" (${shown(m.keyword)}) has no whydown counterpart: not checked`);
        else expect.body = m.keyword;
      }
      if (type === 'json-query') {
        const path = typeof m.jsonPath === 'string' ? m.jsonPath.trim() : '';
        if (PLAIN_PATH.test(path) && typeof m.expectedValue === 'string') {
          expect.json = { [path.startsWith('$') ? path.replace(/^\$(?!\.)/, '$.') : `$.${path}`]: scalarOf(m.expectedValue) };
        } else {
          notes.push(`its JSON query ${shown(path)} is a JSONata expression, not a plain path: not checked (write it as expect.json with a JSONPath)`);
        }
      }
      if (m.expiryNotification === true && url.toLowerCase().startsWith('https:')) expect.certValidFor = `${CERT_DAYS}d`;
      if (Object.keys(expect).length > 0) config.expect = expect;
      if (m.ignoreTls) notes.push('"ignore TLS errors" has no whydown counterpart: certificate errors count');
      if (m.proxyId) notes.push('it went through a proxy in Uptime Kuma; whydown connects directly');
      break;
    }
    case 'port': {
      const host = typeof m.hostname === 'string' ? m.hostname.trim() : '';
      const port = Number(m.port);
      if (host === '' || !Number.isInteger(port) || port < 1 || port > 65535) return { skip: `no usable host and port (${shown(m.hostname)}, ${shown(m.port)})` };
      config = { ...base(), type: 'tcp', target: net.isIPv6(host) ? `[${host}]:${port}` : `${host}:${port}` };
      break;
    }
    case 'dns': {
      const host = typeof m.hostname === 'string' ? m.hostname.trim() : '';
      const record = String(m.dns_resolve_type ?? 'A').toUpperCase();
      if (host === '') return { skip: 'no name to look up' };
      if (!(DNS_RECORD_TYPES as readonly string[]).includes(record)) return { skip: `record type ${record}: whydown checks ${DNS_RECORD_TYPES.join(', ')}` };
      config = { ...base(), type: 'dns', target: host, record };
      const server = typeof m.dns_resolve_server === 'string' ? m.dns_resolve_server.trim() : '';
      const port = Number(m.port);
      if (server !== '') {
        if (net.isIP(server) === 0) notes.push(`its resolver ${shown(server)} is not an IP address: the system's resolver is asked instead`);
        else config.dnsServers = [port && port !== 53 ? (net.isIPv6(server) ? `[${server}]:${port}` : `${server}:${port}`) : server];
      }
      break;
    }
    case 'push': {
      config = { ...base(), type: 'push' };
      const token = typeof m.pushToken === 'string' ? m.pushToken : '';
      if (token.length >= 8 && /^[\x21-\x7e]+$/.test(token)) {
        config.token = token;
        notes.push(`the push token is Uptime Kuma's (a secret: consider \${ENV}); the job now calls /api/v1/push/${String(config.name)}?token=… (Kuma's was /api/push/<token>)`);
      } else {
        const env = `PUSH_TOKEN_${String(config.name).toUpperCase().replace(/[^A-Z0-9]+/g, '_')}`;
        config.token = `\${${env}}`;
        notes.push(`no usable push token in the backup: set ${env} (at least 8 characters) and give it to the job`);
      }
      break;
    }
    case 'ping': return { skip: 'whydown has no ICMP (ping) monitor; a tcp monitor on a port the host serves is the nearest' };
    default: return { skip: `whydown has no ${shown(type)} monitor` };
  }
  common(m, config, type, notes, groups);
  return { config, notes, comments };
}

/** Interval, timeout, retries, tags: what every Kuma monitor has. */
function common(m: Raw, config: Raw, type: string, notes: string[], groups: Map<unknown, string>): void {
  const interval = Number(m.interval);
  const maxInterval = type === 'push' ? 35 * 86_400 : 86_400;
  if (Number.isFinite(interval) && interval >= 1) config.interval = seconds(Math.min(interval, maxInterval));
  const timeout = Number(m.timeout);
  if (type !== 'push' && Number.isFinite(timeout) && timeout > 0 && (!Number.isFinite(interval) || timeout <= interval)) config.timeout = seconds(timeout);
  const retries = Number(m.maxretries);
  // Kuma marks a monitor down after its retries: that many failures more than the first.
  if (Number.isInteger(retries) && retries > 0) config.confirm = Math.min(100, retries + 1);
  else if (type !== 'push') config.confirm = 1;
  const tags: string[] = [];
  if (Array.isArray(m.tags)) {
    for (const t of m.tags.filter(isObject)) {
      const tag = tagOf(String(t.name ?? '') + (t.value ? `:${String(t.value)}` : ''));
      if (tag && !tags.includes(tag)) tags.push(tag);
    }
  }
  const group = groups.get(m.parent);
  const groupTag = group ? tagOf(group) : undefined;
  if (groupTag && !tags.includes(groupTag)) tags.push(groupTag);
  if (tags.length > 0) config.tags = tags;
  if (m.upsideDown) notes.push('"upside down mode" (up when it fails) has no whydown counterpart: imported the right way up');
  if (typeof m.description === 'string' && m.description.trim() !== '') notes.push(`description: ${shown(m.description)}`);
}

function httpHeaders(m: Raw, notes: string[]): Record<string, string> {
  let headers: Record<string, string> = {};
  if (typeof m.headers === 'string' && m.headers.trim() !== '') {
    try {
      const parsed: unknown = JSON.parse(m.headers);
      if (isObject(parsed)) headers = cleanHeaders(Object.entries(parsed), notes);
    } catch {
      notes.push('its headers are not JSON: left out');
    }
  }
  if (typeof m.basic_auth_user === 'string' && m.basic_auth_user !== '' && (m.authMethod === undefined || m.authMethod === null || m.authMethod === 'basic')) {
    headers.authorization = `Basic ${Buffer.from(`${m.basic_auth_user}:${String(m.basic_auth_pass ?? '')}`).toString('base64')}`;
    notes.push('HTTP basic auth carried over as an Authorization header (a secret: consider ${ENV})');
  } else if (typeof m.authMethod === 'string' && m.authMethod !== '' && m.authMethod !== 'basic') {
    notes.push(`its ${m.authMethod} authentication has no whydown counterpart: left out`);
  }
  return headers;
}

function parseNotificationConfig(value: unknown): Raw {
  if (isObject(value)) return value;
  if (typeof value !== 'string') return {};
  try {
    const parsed: unknown = JSON.parse(value);
    return isObject(parsed) ? parsed : {};
  } catch {
    return {};
  }
}

function isObject(value: unknown): value is Raw {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
