// Gatus's config.yaml as whydown monitors. Endpoints: http(s) URLs (method, headers, body), tcp://
// (→ tcp), DNS queries (url = the resolver, dns.query-name/query-type → dns); conditions on
// [STATUS], [RESPONSE_TIME], [BODY] (JSONPath, pat(*text*), a DNS answer), [CERTIFICATE_EXPIRATION],
// [CONNECTED] and [DNS_RCODE]; interval, client.timeout, group (→ tag), an alert's
// failure-threshold (→ confirm). External endpoints become push monitors. The rest — icmp://,
// ssh://, other conditions, alerting providers, suites — is noted.
import net from 'node:net';
import { parse } from 'yaml';
import { parseDuration } from '../config/duration.js';
import { DNS_RECORD_TYPES } from '../config/types.js';
import { cleanHeaders, ImportError, MAX_IMPORT_MONITORS, Names, scalarOf, seconds, shown, tagOf, type ImportedMonitor, type ImportResult } from './common.js';

type Raw = Record<string, unknown>;

/** Gatus's default failure-threshold for an alert. */
const GATUS_FAILURE_THRESHOLD = 3;
/** whydown's default check timeout: a maxResponseTime must stay below it. */
const DEFAULT_TIMEOUT_MS = 10_000;
const CONDITION = /^\s*(.+?)\s*(==|!=|<=|>=|<|>)\s*(.+?)\s*$/;

export function importGatus(text: string): ImportResult {
  let root: unknown;
  try {
    // Gatus expands $VAR and ${VAR} itself; whydown expands ${VAR}: the text is kept as written.
    root = parse(text, { maxAliasCount: 100 });
  } catch (error) {
    throw new ImportError(`not YAML (${(error as Error).message.split('\n')[0]!.slice(0, 120)})`);
  }
  if (!isObject(root) || (!Array.isArray(root.endpoints) && !Array.isArray(root['external-endpoints']))) {
    throw new ImportError('not a Gatus config: no "endpoints" or "external-endpoints" list');
  }
  const notes: string[] = [];
  const names = new Names();
  const monitors: ImportedMonitor[] = [];
  const endpoints = (Array.isArray(root.endpoints) ? root.endpoints : []).filter(isObject).slice(0, MAX_IMPORT_MONITORS);
  for (const e of endpoints) {
    const label = `endpoint ${shown(e.name)}`;
    if (e.enabled === false) { notes.push(`${label}: disabled in Gatus, left out`); continue; }
    const converted = convertEndpoint(e, names);
    if ('skip' in converted) notes.push(`${label}: ${converted.skip}`);
    else monitors.push(converted);
  }
  const external = (Array.isArray(root['external-endpoints']) ? root['external-endpoints'] : []).filter(isObject).slice(0, MAX_IMPORT_MONITORS);
  for (const e of external) {
    if (e.enabled === false) { notes.push(`external endpoint ${shown(e.name)}: disabled in Gatus, left out`); continue; }
    monitors.push(convertExternal(e, names));
  }
  if (isObject(root.alerting)) {
    for (const [provider, settings] of Object.entries(root.alerting)) {
      notes.push(`alerting provider ${shown(provider)}${isObject(settings) && isObject(settings['default-alert']) ? ' (with a default alert)' : ''}: add it under notify: and name it in the monitors' notify:`);
    }
  }
  if (Array.isArray(root.suites) && root.suites.length > 0) notes.push(`${root.suites.length} suite(s): whydown checks one request per monitor; suites are left out`);
  if (isObject(root.maintenance)) notes.push('the maintenance window: write it under maintenance: (docs/serve.md)');
  return { source: `a Gatus config (${endpoints.length} endpoints, ${external.length} external endpoints)`, monitors, notes };
}

function convertEndpoint(e: Raw, names: Names): ImportedMonitor | { skip: string } {
  const notes: string[] = [];
  const url = typeof e.url === 'string' ? e.url.trim() : '';
  const dns = isObject(e.dns) ? e.dns : undefined;
  const conditions = Array.isArray(e.conditions) ? e.conditions.map(String) : [];
  let config: Raw;
  let kind: 'http' | 'tcp' | 'dns';
  const comments: string[] = [];
  const named = (): Raw => {
    const claimed = names.claim(String(e.name ?? ''), 'endpoint', 'Gatus');
    if (claimed.comment) comments.push(claimed.comment);
    return { name: claimed.name };
  };
  if (dns) {
    const queryName = typeof dns['query-name'] === 'string' ? dns['query-name'].trim() : '';
    const record = String(dns['query-type'] ?? 'A').toUpperCase();
    if (queryName === '') return { skip: 'a DNS query without query-name' };
    if (!(DNS_RECORD_TYPES as readonly string[]).includes(record)) return { skip: `query-type ${record}: whydown checks ${DNS_RECORD_TYPES.join(', ')}` };
    kind = 'dns';
    config = { ...named(), type: 'dns', target: queryName.replace(/\.$/, ''), record };
    const server = url.replace(/^(udp|tcp):\/\//i, '');
    if (net.isIP(server) !== 0 || /^[0-9.]+:\d+$/.test(server) || /^\[[0-9a-f:.]+\](:\d+)?$/i.test(server)) config.dnsServers = [server];
    else if (server !== '') notes.push(`its resolver ${shown(url)} is not an IP address: the system's resolver is asked instead`);
  } else if (/^https?:\/\//i.test(url)) {
    kind = 'http';
    config = { ...named(), url };
    const method = typeof e.method === 'string' ? e.method.toUpperCase() : 'GET';
    if (method !== 'GET') config.method = method;
    const headers = isObject(e.headers) ? cleanHeaders(Object.entries(e.headers), notes) : {};
    if (Object.keys(headers).length > 0) config.headers = headers;
    if (typeof e.body === 'string' && e.body !== '') {
      if (method === 'GET' || method === 'HEAD') notes.push(`its request body is left out: whydown sends none with ${method}`);
      else if (/\[[A-Z_]+\]/.test(e.body)) notes.push('its request body uses Gatus placeholders ([ENDPOINT_NAME]…), which whydown does not fill in: left out');
      else config.body = e.body;
    }
    if (e.graphql) notes.push('graphql: true (the body wrapped as {"query": …}) is not done by whydown');
  } else if (/^tcp:\/\//i.test(url)) {
    const target = url.slice('tcp://'.length).replace(/\/$/, '');
    if (!/:\d+$/.test(target)) return { skip: `${shown(url)} has no port` };
    kind = 'tcp';
    config = { ...named(), type: 'tcp', target };
  } else {
    const scheme = /^([a-z0-9+.-]+):\/\//i.exec(url)?.[1]?.toLowerCase();
    return { skip: scheme ? `whydown has no ${scheme}:// monitor${scheme === 'icmp' ? ' (ping); a tcp monitor on a port the host serves is the nearest' : ''}` : `no usable url (${shown(url)})` };
  }
  const expect = readConditions(conditions, kind, notes);
  const interval = typeof e.interval === 'string' || typeof e.interval === 'number' ? parseDuration(e.interval) : undefined;
  if (interval !== undefined && interval >= 1000) config.interval = seconds(Math.min(interval, 86_400_000) / 1000);
  const client = isObject(e.client) ? e.client : {};
  const timeout = typeof client.timeout === 'string' ? parseDuration(client.timeout) : undefined;
  if (timeout !== undefined && timeout >= 100 && timeout <= (interval ?? 60_000)) config.timeout = seconds(timeout / 1000);
  if (client.insecure) notes.push('client.insecure (certificate errors ignored) has no whydown counterpart: they count');
  if (client['dns-resolver'] && kind !== 'dns') notes.push(`client.dns-resolver ${shown(client['dns-resolver'])}: whydown uses the system's resolver for http and tcp monitors`);
  const slowest = expect.maxResponseTime;
  if (typeof slowest === 'string' && (parseDuration(slowest) ?? 0) >= (timeout ?? Math.min(DEFAULT_TIMEOUT_MS, interval ?? 60_000))) {
    notes.push(`[RESPONSE_TIME] < ${slowest} is not shorter than the check's timeout: left out`);
    delete expect.maxResponseTime;
  }
  if (Object.keys(expect).length > 0) config.expect = expect;
  alertsOf(e, config, notes);
  const group = typeof e.group === 'string' ? tagOf(e.group) : undefined;
  if (group) config.tags = [group];
  return { config, notes, comments };
}

/** Each condition whydown can check becomes an expectation; the others are noted. */
function readConditions(conditions: string[], kind: 'http' | 'tcp' | 'dns', notes: string[]): Raw {
  const expect: Raw = {};
  const status: (number | string)[] = [];
  const json: Raw = {};
  const answer: string[] = [];
  for (const condition of conditions) {
    const match = CONDITION.exec(condition);
    const cannot = (why: string): void => { notes.push(`condition ${shown(condition)}: ${why}`); };
    if (!match) { cannot('not understood'); continue; }
    const [, left, op, right] = match as unknown as [string, string, string, string];
    const key = left.toUpperCase();
    if (key === '[CONNECTED]' && op === '==' && right === 'true') continue; // what a tcp or http check does anyway
    if (key === '[DNS_RCODE]' && op === '==' && right.toUpperCase() === 'NOERROR') continue; // what a dns check wants anyway
    if (key === '[STATUS]' && kind === 'http') {
      const any = /^any\((.*)\)$/.exec(right);
      if (op === '==' && /^\d{3}$/.test(right)) status.push(Number(right));
      else if (op === '==' && any) status.push(...any[1]!.split(',').map((s) => s.trim()).filter((s) => /^\d{3}$/.test(s)).map(Number));
      else if ((op === '<' || op === '<=') && /^\d{3}$/.test(right)) {
        const top = Number(right) - (op === '<' ? 1 : 0);
        if (top >= 200) status.push(`200-${top}`);
        else cannot('no 2xx status passes it');
      } else cannot('whydown expects statuses as a list or ranges (expect.status)');
      continue;
    }
    if (key === '[RESPONSE_TIME]' && (op === '<' || op === '<=') && /^\d+$/.test(right)) {
      expect.maxResponseTime = `${Number(right)}ms`;
      notes.push(`condition ${shown(condition)}: a slower answer is degraded in whydown (down in Gatus)`);
      continue;
    }
    if (key === '[CERTIFICATE_EXPIRATION]' && (op === '>' || op === '>=')) {
      const ms = parseDuration(right);
      if (ms !== undefined && ms >= 3_600_000) {
        expect.certValidFor = seconds(ms / 1000);
        notes.push(`condition ${shown(condition)}: a certificate closer to expiry is degraded in whydown (down in Gatus)`);
      } else cannot('whydown asks for at least 1h of validity');
      continue;
    }
    if (left.startsWith('[BODY]') && op === '==') {
      const path = left.slice('[BODY]'.length);
      const pattern = /^pat\(\*([^*]+)\*\)$/.exec(right);
      if (kind === 'dns' && path === '') {
        if (/^any\(|^pat\(/.test(right)) cannot('whydown compares the whole answer set (expect.answer)');
        else answer.push(right);
      } else if (path === '' && pattern) {
        expect.body = pattern[1];
      } else if (path.startsWith('.') && /^(\.[A-Za-z_][\w-]*|\[\d+\])+$/.test(path) && !/^(any|pat|len|has)\(/.test(right) && !right.startsWith('[')) {
        json[`$${path}`] = scalarOf(right);
      } else cannot('no whydown expectation matches it');
      continue;
    }
    cannot('no whydown expectation matches it');
  }
  if (status.length > 0) expect.status = status;
  if (Object.keys(json).length > 0) expect.json = json;
  if (answer.length > 0) expect.answer = answer;
  return expect;
}

/** Gatus alerts: the largest failure-threshold becomes confirm; the alerts themselves are noted. */
function alertsOf(e: Raw, config: Raw, notes: string[]): void {
  const alerts = Array.isArray(e.alerts) ? e.alerts.filter(isObject) : [];
  if (alerts.length === 0) return;
  const thresholds = alerts.map((a) => Number(a['failure-threshold'] ?? GATUS_FAILURE_THRESHOLD)).filter((n) => Number.isInteger(n) && n >= 1);
  if (thresholds.length > 0) config.confirm = Math.min(100, Math.max(...thresholds));
  notes.push(`alerts: ${alerts.map((a) => shown(a.type)).join(', ')}: name the matching notify targets in notify:`);
}

function convertExternal(e: Raw, names: Names): ImportedMonitor {
  const notes: string[] = [];
  const claimed = names.claim(String(e.name ?? ''), 'external', 'Gatus');
  const comments = claimed.comment ? [claimed.comment] : [];
  const config: Raw = { name: claimed.name, type: 'push' };
  const token = typeof e.token === 'string' ? e.token : '';
  if (token.length >= 8) {
    config.token = token;
    notes.push(`the job now calls GET /api/v1/push/${claimed.name}?token=…&status=up|down (Gatus's was POST /api/v1/endpoints/{key}/external with a Bearer token)`);
  } else {
    const env = `PUSH_TOKEN_${claimed.name.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}`;
    config.token = `\${${env}}`;
    notes.push(`its token is shorter than whydown's 8 characters: set ${env} and give it to the job`);
  }
  const heartbeat = isObject(e.heartbeat) && e.heartbeat.interval !== undefined ? parseDuration(String(e.heartbeat.interval)) : undefined;
  if (heartbeat !== undefined && heartbeat >= 1000) config.interval = seconds(Math.min(heartbeat, 35 * 86_400_000) / 1000);
  else {
    config.interval = '1d';
    notes.push('Gatus did not watch its silence (no heartbeat.interval); whydown does: interval set to 1d, change it to the job\'s period');
  }
  alertsOf(e, config, notes);
  const group = typeof e.group === 'string' ? tagOf(e.group) : undefined;
  if (group) config.tags = [group];
  return { config, notes, comments };
}

function isObject(value: unknown): value is Raw {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
