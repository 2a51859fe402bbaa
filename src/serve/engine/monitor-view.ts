// A monitor as a user would write it (durations as text, status classes as "2xx"): what the
// store keeps as a config monitor's settings and what the API shows, so that a GET's answer can
// be edited and PUT back.
import { formatDuration } from '../config/duration.js';
import type { MonitorConfig, StatusRange } from '../config/types.js';
import { flappingSettings, windowSettings } from '../policy/maintenance/settings.js';

export function monitorSettings(monitor: MonitorConfig): Record<string, unknown> {
  if (monitor.type === 'tcp') return tcpSettings(monitor);
  if (monitor.type === 'dns' || monitor.type === 'push') return otherTypeSettings(monitor);
  const settings: Record<string, unknown> = { method: monitor.method, headers: monitor.headers, ...commonSettings(monitor) };
  if (monitor.maintenance.length > 0) settings.maintenance = monitor.maintenance.map(windowSettings);
  const expect: Record<string, unknown> = {};
  if (monitor.expect.status) expect.status = monitor.expect.status.map(formatStatusRange);
  if (monitor.expect.bodyContains !== undefined) expect.bodyContains = monitor.expect.bodyContains;
  if (monitor.expect.maxResponseTimeMs !== undefined) expect.maxResponseTime = formatDuration(monitor.expect.maxResponseTimeMs);
  if (monitor.expect.certValidForMs !== undefined) expect.certValidFor = formatDuration(monitor.expect.certValidForMs);
  if (monitor.expect.json) expect.json = Object.fromEntries(monitor.expect.json.map(({ path, value }) => [path, value]));
  if (Object.keys(expect).length > 0) settings.expect = expect;
  if (monitor.body !== undefined) settings.body = monitor.body;
  if (monitor.diagnose) {
    const { log, origin } = monitor.diagnose;
    settings.diagnose = { ...(log.length > 0 ? { log } : {}), ...(origin === undefined ? {} : { origin }) };
  }
  if (monitor.browser) settings.browser = true;
  return settings;
}

function formatStatusRange(range: StatusRange): string | number {
  if (range.min === range.max) return range.min;
  if (range.min % 100 === 0 && range.max === range.min + 99) return `${range.min / 100}xx`;
  return `${range.min}-${range.max}`;
}

/** A tcp monitor has no request: its type, target and banner beside the common settings. */
function tcpSettings(monitor: MonitorConfig): Record<string, unknown> {
  const settings: Record<string, unknown> = { type: 'tcp', target: monitor.target, ...commonSettings(monitor) };
  if (monitor.maintenance.length > 0) settings.maintenance = monitor.maintenance.map(windowSettings);
  if (monitor.expect.banner !== undefined) settings.expect = { banner: monitor.expect.banner };
  return settings;
}

/**
 * A dns monitor's name, record and resolvers; a push monitor's grace. A push monitor's token is
 * a secret and is left out: the store and the API never hold a config file's token.
 */
function otherTypeSettings(monitor: MonitorConfig): Record<string, unknown> {
  const settings: Record<string, unknown> = { type: monitor.type };
  if (monitor.type === 'dns') {
    settings.target = monitor.target;
    settings.record = monitor.record ?? 'A';
    if (monitor.dnsServers) settings.dnsServers = monitor.dnsServers;
  }
  Object.assign(settings, commonSettings(monitor));
  if (monitor.type === 'push') {
    delete settings.timeout;
    settings.grace = formatDuration(monitor.graceMs ?? 0);
  }
  if (monitor.maintenance.length > 0) settings.maintenance = monitor.maintenance.map(windowSettings);
  if (monitor.expect.answer !== undefined) settings.expect = { answer: monitor.expect.answer };
  return settings;
}

/** What every monitor type has, in the order a user writes it. */
function commonSettings(monitor: MonitorConfig): Record<string, unknown> {
  return {
    interval: formatDuration(monitor.intervalMs),
    timeout: formatDuration(monitor.timeoutMs),
    confirm: {
      failures: monitor.confirm.failures,
      ...(monitor.confirm.withinMs === undefined ? {} : { within: formatDuration(monitor.confirm.withinMs) }),
      ...(monitor.confirm.vantages === undefined ? {} : { vantages: 'count' in monitor.confirm.vantages ? monitor.confirm.vantages.count : `${Math.round(monitor.confirm.vantages.share * 1000) / 10}%` }),
    },
    ...(monitor.vantages === undefined ? {} : { vantages: monitor.vantages }),
    tags: monitor.tags,
    notify: monitor.notify,
    flapping: flappingSettings(monitor.flapping),
  };
}
