// `type: push`: nothing is probed; a job reports in (`GET`/`POST /api/v1/push/{name}?token=…`).
// `token` is the report's secret (`${ENV}` in the file), `interval` the expected period, `grace`
// how late a report may still come before the monitor is down.
import { formatDuration } from './duration.js';
import type { MonitorConfig, MonitorDefaults } from './types.js';
import { readFlapping } from './flapping.js';
import { readMonitorMaintenance } from './maintenance.js';
import { readTags } from './values.js';
import type { Field, Walker } from './walker.js';
import type { CommonReader } from './monitor.js';

/** Shorter is guessable; longer is a mistake (a file pasted in). */
const TOKEN_LENGTH = [8, 256] as const;
const TOKEN_CHARS = /^[\x21-\x7e]+$/;
const SECOND = 1000;
const GRACE = [0, 7 * 86_400 * SECOND] as const;
/** A job may report weekly or monthly: longer than a probe's longest interval (a day). */
const INTERVAL = [SECOND, 35 * 86_400 * SECOND] as const;

export function pushUrl(name: string): string {
  return `push://${name}`;
}

export function readPushMonitor(w: Walker, field: Field, f: Record<string, Field>, name: string, defaults: MonitorDefaults, targets: readonly string[], readCommon: CommonReader): MonitorConfig {
  for (const key of ['method', 'headers', 'body', 'diagnose', 'target', 'expect', 'timeout'] as const) {
    const given = f[key];
    if (given) w.fail(given, `a push monitor waits for reports: "${key}" does not apply to it`);
  }
  if (f.url && w.string(f.url) !== pushUrl(name)) w.fail(f.url, 'a push monitor has no url: its job reports to /api/v1/push/{name}');
  const token = f.token ? readToken(w, f.token) : w.fail(field, '"token" is missing (the secret the job sends: token: "${BACKUP_PUSH_TOKEN}")');
  const graceMs = f.grace ? w.duration(f.grace, 'grace', ...GRACE) : undefined;
  // expect and timeout are refused above, not read again (one message each); the interval has its own limits.
  const { expect: _expect, timeout: _timeout, interval: _interval, ...common } = f;
  const own = readCommon(w, common, targets, defaults.intervalMs, 'push');
  const intervalMs = (f.interval ? w.duration(f.interval, 'interval', ...INTERVAL) : undefined) ?? defaults.intervalMs;
  return {
    name,
    type: 'push',
    url: name ? pushUrl(name) : '',
    ...(token ? { token } : {}),
    // A job is not exactly on time: a tenth of its period, at least a minute, unless told.
    graceMs: graceMs ?? Math.max(60 * SECOND, Math.round(intervalMs / 10)),
    method: 'GET',
    headers: {},
    expect: {},
    intervalMs,
    timeoutMs: Math.min(defaults.timeoutMs, intervalMs),
    // A report of `down` is the job's own word: no second one is awaited.
    confirm: { failures: 1, ...own.confirm },
    tags: f.tags ? readTags(w, f.tags) : [],
    notify: own.notify ?? defaults.notify,
    maintenance: f.maintenance ? readMonitorMaintenance(w, f.maintenance) : [],
    flapping: f.flapping ? readFlapping(w, f.flapping, defaults.flapping) : defaults.flapping,
  };
}

function readToken(w: Walker, field: Field): string | undefined {
  const text = w.string(field);
  if (text === undefined) return undefined;
  // The message never shows the value: it is a secret.
  if (text.length < TOKEN_LENGTH[0]) return w.fail(field, `is ${text.length === 0 ? 'empty' : 'too short'}; a push token has at least ${TOKEN_LENGTH[0]} characters (e.g. from \`openssl rand -hex 16\`)`);
  // What the API shows in a token's place (engine/push.ts HIDDEN_TOKEN): never a token itself.
  if (text === '(hidden)') return w.fail(field, 'is the placeholder the API shows for a token; give the token itself');
  if (text.length > TOKEN_LENGTH[1]) return w.fail(field, `is longer than ${TOKEN_LENGTH[1]} characters`);
  if (!TOKEN_CHARS.test(text)) return w.fail(field, 'may hold only printable ASCII characters without spaces');
  return text;
}

/** "24h (grace 30m)": how the monitor's deadline is said in messages. */
export function describeDeadline(monitor: Pick<MonitorConfig, 'intervalMs' | 'graceMs'>): string {
  return `${formatDuration(monitor.intervalMs)} + ${formatDuration(monitor.graceMs ?? 0)} grace`;
}
