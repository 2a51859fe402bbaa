// The validated, normalised config of `whydown serve` (see load.ts for the file it comes from).
// Everything here is filled in: defaults are applied, durations are milliseconds, names are checked,
// so the monitor, the server and the notifiers never re-validate.

export const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

/** The channels the alerts issue is to implement; a new one is added here first. */
export const NOTIFY_TYPES = ['webhook', 'slack', 'discord', 'teams', 'telegram', 'ntfy', 'pagerduty', 'email'] as const;
export type NotifyType = (typeof NOTIFY_TYPES)[number];

/** Inclusive: `200` is {200, 200}, `"2xx"` is {200, 299}, `"200-399"` is {200, 399}. */
export interface StatusRange {
  min: number;
  max: number;
}

export interface Expect {
  /** Absent: the usual rule, any 2xx or 3xx (see statusExpected in status.ts). */
  status?: StatusRange[];
  /** The response body must contain this text (case-sensitive). */
  bodyContains?: string;
}

export interface Confirm {
  /** Consecutive failed checks before an incident opens. */
  failures: number;
  /** When set, those failures must fall within this window. */
  withinMs?: number;
}

export interface MonitorConfig {
  /** Unique, `[a-z0-9][a-z0-9._-]*`, at most 64: the monitor's id in the API and the store. */
  name: string;
  /** An absolute http(s) URL, normalised by WHATWG URL (`href`). */
  url: string;
  method: HttpMethod;
  /** Lower-case names; the defaults' headers merged under the monitor's own. */
  headers: Record<string, string>;
  /** Only with POST, PUT, PATCH, DELETE or OPTIONS. */
  body?: string;
  expect: Expect;
  intervalMs: number;
  /** At most intervalMs. */
  timeoutMs: number;
  confirm: Confirm;
  tags: string[];
  /** Names of entries in Config.notify. */
  notify: string[];
}

/** What a monitor gets for each setting it leaves out. */
export interface MonitorDefaults {
  method: HttpMethod;
  headers: Record<string, string>;
  expect: Expect;
  intervalMs: number;
  timeoutMs: number;
  confirm: Confirm;
  notify: string[];
}

export interface NotifyTarget {
  /** Unique, same rule as monitor names. */
  name: string;
  type: NotifyType;
  url: string;
  /** webhook: signs the body (X-Whydown-Signature); other channels may use it as their key. */
  secret?: string;
}

export interface ApiConfig {
  tokens: string[];
  publicRead: boolean;
}

export interface Config {
  monitors: MonitorConfig[];
  api: ApiConfig;
  notify: NotifyTarget[];
  defaults: MonitorDefaults;
  /** `host:port`, as for --listen. */
  listen?: string;
  /** `sqlite:path` or `postgres://…`, as for --db. */
  db?: string;
}
