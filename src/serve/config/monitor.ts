// Monitors and the defaults they inherit. A failed read leaves a placeholder and an issue; the
// loader throws when there is any issue, so placeholders never reach the scheduler.
import { isScalar } from 'yaml';
import { formatDuration } from './duration.js';
import { readExpect, type ExpectKind } from './expect.js';
import { readTcpTarget } from './tcp-target.js';
import { readDnsMonitor } from './dns-monitor.js';
import { readPushMonitor } from './push-monitor.js';
import { hint } from './suggest.js';
import { HTTP_METHODS, MONITOR_TYPES, type MonitorType, type Confirm, type HttpMethod, type MonitorConfig, type MonitorDefaults } from './types.js';
import { readDiagnose } from './diagnose.js';
import { readMonitorBrowser } from './browser.js';
import { DEFAULT_FLAPPING, readFlapping } from './flapping.js';
import { readMonitorMaintenance } from './maintenance.js';
import { claimName, readName, readReferences, readTags, readUrl } from './values.js';
import type { Field, Walker } from './walker.js';
import { readAgreement, readMonitorVantages } from './vantages.js';

const SECOND = 1000;
const LIMITS = {
  interval: [SECOND, 86_400 * SECOND],
  timeoutMin: 100,
  within: [SECOND, 7 * 86_400 * SECOND],
  failures: [1, 100],
} as const;

export const BUILTIN_DEFAULTS: MonitorDefaults = {
  method: 'GET',
  headers: {},
  expect: {},
  intervalMs: 60 * SECOND,
  timeoutMs: 10 * SECOND,
  confirm: { failures: 2 },
  notify: [],
  flapping: DEFAULT_FLAPPING,
};

const COMMON_KEYS = ['method', 'headers', 'expect', 'interval', 'timeout', 'confirm', 'notify', 'flapping'] as const;
const MONITOR_KEYS = ['name', 'type', 'url', 'target', 'method', 'headers', 'body', 'expect', 'interval', 'timeout', 'confirm', 'tags', 'notify', 'maintenance', 'flapping', 'diagnose', 'record', 'dnsServers', 'token', 'grace', 'vantages', 'browser'] as const;
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

export function readDefaults(w: Walker, field: Field, targets: readonly string[]): MonitorDefaults {
  const f = w.map(field, COMMON_KEYS) ?? {};
  const own = readCommon(w, f, targets, BUILTIN_DEFAULTS.intervalMs);
  const intervalMs = own.intervalMs ?? BUILTIN_DEFAULTS.intervalMs;
  return {
    method: own.method ?? BUILTIN_DEFAULTS.method,
    headers: own.headers ?? {},
    expect: own.expect ?? {},
    intervalMs,
    timeoutMs: own.timeoutMs ?? Math.min(BUILTIN_DEFAULTS.timeoutMs, intervalMs),
    confirm: { ...BUILTIN_DEFAULTS.confirm, ...own.confirm },
    notify: own.notify ?? [],
    flapping: f.flapping ? readFlapping(w, f.flapping, BUILTIN_DEFAULTS.flapping) : { ...DEFAULT_FLAPPING },
  };
}

/** `taken` collects the names seen so far, to report duplicates. */
export function readMonitor(
  w: Walker,
  field: Field,
  defaults: MonitorDefaults,
  targets: readonly string[],
  taken = new Map<string, Field>(),
  vantages: readonly string[] = [],
): MonitorConfig {
  const mapped = w.map(field, MONITOR_KEYS, ['name']);
  const f = mapped ?? {};
  const type = f.type ? readType(w, f.type) : 'http';
  // Not a map, or an unknown type (both reported): whether it wants a url or a target is anyone's guess.
  if (mapped && type === 'http' && !f.url) w.fail(field, f.target ? '"url" is missing ("target" is for type: tcp)' : '"url" is missing');
  const name = f.name && readName(w, f.name);
  claimName(w, taken, name, f.name);
  if (type !== 'dns' && type !== 'push') failForeignKeys(w, f, type ?? 'http');
  if (type === 'tcp') return withVantages(w, f, vantages, readTcpMonitor(w, field, f, name || '', defaults, targets));
  if (type === 'dns') return withVantages(w, f, vantages, readDnsMonitor(w, field, f, name || '', defaults, targets, readCommon));
  if (type === 'push') {
    // A job reports to the hub: there is nothing for another vantage to check.
    if (f.vantages) w.fail(f.vantages, 'a push monitor is reported to the hub by its job; it has no vantages');
    return readPushMonitor(w, field, f, name || '', defaults, targets, readCommon);
  }
  if (type === 'http' && f.target) w.fail(f.target, 'only a tcp or dns monitor has a target; an http monitor has a url (or add type: tcp)');
  const own = readCommon(w, f, targets, defaults.intervalMs, 'http');
  const intervalMs = own.intervalMs ?? defaults.intervalMs;
  const monitor: MonitorConfig = {
    name: name || '',
    url: (f.url && readUrl(w, f.url, ['http:', 'https:'])) || '',
    method: own.method ?? defaults.method,
    headers: { ...defaults.headers, ...own.headers },
    expect: { ...defaults.expect, ...own.expect },
    intervalMs,
    // A default timeout longer than this monitor's short interval shrinks to fit it.
    timeoutMs: own.timeoutMs ?? Math.min(defaults.timeoutMs, intervalMs),
    confirm: { ...defaults.confirm, ...own.confirm },
    tags: f.tags ? readTags(w, f.tags) : [],
    notify: own.notify ?? defaults.notify,
    maintenance: f.maintenance ? readMonitorMaintenance(w, f.maintenance) : [],
    flapping: f.flapping ? readFlapping(w, f.flapping, defaults.flapping) : defaults.flapping,
  };
  if (f.browser) {
    const { browser, intervalMs: floored } = readMonitorBrowser(w, f.browser, intervalMs, f.interval);
    if (browser) {
      monitor.browser = true;
      monitor.intervalMs = floored;
    }
  }
  if (f.diagnose) {
    const diagnose = readDiagnose(w, f.diagnose);
    if (diagnose) monitor.diagnose = diagnose;
  }
  if (f.body) {
    const body = w.string(f.body);
    if (body !== undefined) monitor.body = body;
    if (monitor.method === 'GET' || monitor.method === 'HEAD') w.fail(f.body, `a ${monitor.method} request has no body; use method: POST (or PUT, PATCH)`);
  }
  const slowest = monitor.expect.maxResponseTimeMs;
  if (slowest !== undefined && slowest >= monitor.timeoutMs) {
    // The check gives up at the timeout (down), so a slower answer could never be merely degraded.
    w.fail(f.expect ?? f.timeout ?? field, `expect.maxResponseTime (${formatDuration(slowest)}) must be shorter than the timeout (${formatDuration(monitor.timeoutMs)}): an answer that slow is already down`);
  }
  if (monitor.method === 'HEAD' && (monitor.expect.bodyContains !== undefined || monitor.expect.json !== undefined)) {
    const key = monitor.expect.json !== undefined ? 'expect.json' : 'expect.bodyContains';
    w.fail(f.method ?? f.expect ?? field, `${key} needs a body, and a HEAD response has none; use method: GET`);
  }
  return withVantages(w, f, vantages, monitor);
}

/** `vantages: [local, fra-1]`, only when given (absent means [local]: the settings stay as they were). */
function withVantages(w: Walker, f: Record<string, Field>, known: readonly string[], monitor: MonitorConfig): MonitorConfig {
  if (f.vantages) monitor.vantages = readMonitorVantages(w, f.vantages, known);
  return monitor;
}

/** Keys that only make sense for a request: a tcp monitor that gives one is told so. */
const HTTP_ONLY_KEYS = ['url', 'method', 'headers', 'body', 'diagnose', 'browser'] as const;

/**
 * `type: tcp`: connect to `target` (and read the banner, when one is expected). The defaults'
 * request settings (method, headers, expect) are an http monitor's and do not apply.
 */
function readTcpMonitor(w: Walker, field: Field, f: Record<string, Field>, name: string, defaults: MonitorDefaults, targets: readonly string[]): MonitorConfig {
  for (const key of HTTP_ONLY_KEYS) {
    const given = f[key];
    if (given && key !== 'url') w.fail(given, `a tcp monitor only connects: "${key}" is for http monitors`);
  }
  const target = f.target ? readTcpTarget(w, f.target) : w.fail(field, '"target" is missing (host:port, e.g. 10.0.0.5:5432)');
  // The API shows a tcp monitor's url as tcp://target; a body sent back with it is the same monitor.
  if (f.url && !(target && w.string(f.url) === `tcp://${target}`)) w.fail(f.url, 'a tcp monitor has a target (host:port), not a url');
  const own = readCommon(w, f, targets, defaults.intervalMs, 'tcp');
  const intervalMs = own.intervalMs ?? defaults.intervalMs;
  return {
    name,
    type: 'tcp',
    url: target ? `tcp://${target}` : '',
    ...(target ? { target } : {}),
    method: 'GET',
    headers: {},
    expect: own.expect ?? {},
    intervalMs,
    timeoutMs: own.timeoutMs ?? Math.min(defaults.timeoutMs, intervalMs),
    confirm: { ...defaults.confirm, ...own.confirm },
    tags: f.tags ? readTags(w, f.tags) : [],
    notify: own.notify ?? defaults.notify,
    maintenance: f.maintenance ? readMonitorMaintenance(w, f.maintenance) : [],
    flapping: f.flapping ? readFlapping(w, f.flapping, defaults.flapping) : defaults.flapping,
  };
}

/** Keys of the dns and push types, given to an http or tcp monitor: said, not ignored. */
function failForeignKeys(w: Walker, f: Record<string, Field>, type: MonitorType): void {
  const owners: Record<string, string> = { record: 'dns', dnsServers: 'dns', token: 'push', grace: 'push' };
  for (const [key, owner] of Object.entries(owners)) {
    const given = f[key];
    if (given) w.fail(given, `"${key}" is for ${owner} monitors, not ${type} ones (add type: ${owner})`);
  }
}

export type CommonReader = typeof readCommon;

function readType(w: Walker, field: Field): MonitorType | undefined {
  const text = w.string(field);
  if (text === undefined) return undefined;
  const type = MONITOR_TYPES.find((t) => t === text.trim().toLowerCase());
  return type ?? w.fail(field, `${w.shown(field)} is not a monitor type${hint(text.toLowerCase(), MONITOR_TYPES)}`);
}

/** The settings a monitor and the defaults share; absent keys stay undefined. */
export function readCommon(w: Walker, f: Record<string, Field>, targets: readonly string[], fallbackIntervalMs: number, kind: ExpectKind = 'http') {
  const intervalMs = f.interval ? w.duration(f.interval, 'interval', ...LIMITS.interval) : undefined;
  const interval = intervalMs ?? fallbackIntervalMs;
  let timeoutMs = f.timeout ? w.duration(f.timeout, 'timeout', LIMITS.timeoutMin, LIMITS.interval[1]) : undefined;
  if (f.timeout && timeoutMs !== undefined && timeoutMs > interval) {
    w.fail(f.timeout, `${formatDuration(timeoutMs)} is longer than the interval (${formatDuration(interval)}): a check must end before the next one starts`);
    timeoutMs = undefined;
  }
  return {
    method: f.method ? readMethod(w, f.method) : undefined,
    headers: f.headers ? readHeaders(w, f.headers) : undefined,
    expect: f.expect ? readExpect(w, f.expect, kind) : undefined,
    intervalMs,
    timeoutMs,
    confirm: f.confirm ? readConfirm(w, f.confirm) : undefined,
    notify: f.notify ? readReferences(w, f.notify, targets, 'a notify target') : undefined,
  };
}

function readMethod(w: Walker, field: Field): HttpMethod | undefined {
  const text = w.string(field);
  if (text === undefined) return undefined;
  const method = HTTP_METHODS.find((m) => m === text.toUpperCase());
  return method ?? w.fail(field, `${w.shown(field)} is not a method${hint(text.toUpperCase(), HTTP_METHODS)}`);
}

function readHeaders(w: Walker, field: Field): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [key, value] of w.pairs(field)) {
    const text = w.string(value);
    if (!TOKEN.test(key.name)) w.failAt(key.offset, key.path, 'is not a valid header name');
    else if (text !== undefined && /[\r\n\0]/.test(text)) w.fail(value, 'a header value cannot hold a line break');
    else if (text !== undefined) headers[key.name.toLowerCase()] = text.trim();
  }
  return headers;
}

/** `confirm: 3` is short for `confirm: {failures: 3}`. */
function readConfirm(w: Walker, field: Field): Partial<Confirm> {
  if (isScalar(field.node) && field.node.value !== null) {
    const failures = w.integer(field, ...LIMITS.failures);
    return failures === undefined ? {} : { failures };
  }
  const f = w.map(field, ['failures', 'within', 'vantages']) ?? {};
  const confirm: Partial<Confirm> = {};
  const failures = f.failures && w.integer(f.failures, ...LIMITS.failures);
  if (failures) confirm.failures = failures;
  const withinMs = f.within && w.duration(f.within, 'confirmation window', ...LIMITS.within);
  if (withinMs) confirm.withinMs = withinMs;
  const vantages = f.vantages && readAgreement(w, f.vantages);
  if (vantages) confirm.vantages = vantages;
  return confirm;
}
