// The validated, normalised config of `whydown serve` (see load.ts for the file it comes from).
// Everything here is filled in: defaults are applied, durations are milliseconds, names are checked,
// so the monitor, the server and the notifiers never re-validate.
import type { BrowserSettings } from './browser.js';

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
  /** The response body must contain this text (case-sensitive). `body` in the file is the same key. */
  bodyContains?: string;
  /** A response (all of it, redirects included) slower than this, in milliseconds, is degraded (slow-response). */
  maxResponseTimeMs?: number;
  /** A certificate valid for less than this, in milliseconds, is degraded (tls-cert-expiring). */
  certValidForMs?: number;
  /** JSONPath expression → the value every match must equal (the body must be JSON). */
  json?: JsonExpectation[];
  /** tcp only: the first data the server sends must contain this text (`SSH-`). */
  banner?: string;
  /**
   * dns only: the answer set must equal this set (order aside). Names are lower-case without
   * the trailing dot; MX is `10 mx.example`; TXT is its text.
   */
  answer?: string[];
}

/** One `expect.json` entry: `"$.status": ok`. */
export interface JsonExpectation {
  path: string;
  value: JsonScalar;
}

export type JsonScalar = string | number | boolean | null;

export interface Confirm {
  /** Consecutive failed checks before an incident opens. */
  failures: number;
  /**
   * Monitors checked from several vantages: how many of the online ones must see it fail
   * (absent: more than half of them). See src/serve/vantage/agreement.ts.
   */
  vantages?: VantageAgreement;
  /** When set, those failures must fall within this window. */
  withinMs?: number;
}

/** `confirm.vantages`: a count (`2`) or a share (`50%` → 0.5) of the monitor's online vantages. */
export type VantageAgreement = { count: number } | { share: number };

/** An agent the hub accepts (`vantages:`); the token is kept as its sha256, hex. */
export interface VantageConfig {
  name: string;
  tokenHash: string;
}


/**
 * What a monitor checks: an http(s) URL (the default), a TCP port (connect only), a DNS record,
 * or nothing at all (push: a job reports in).
 */
export const MONITOR_TYPES = ['http', 'tcp', 'dns', 'push'] as const;

/** The record types a dns monitor can ask for. */
export const DNS_RECORD_TYPES = ['A', 'AAAA', 'CNAME', 'MX', 'TXT', 'NS'] as const;
export type DnsRecordType = (typeof DNS_RECORD_TYPES)[number];
export type MonitorType = (typeof MONITOR_TYPES)[number];

export interface MonitorConfig {
  /** Unique, `[a-z0-9][a-z0-9._-]*`, at most 64: the monitor's id in the API and the store. */
  name: string;
  /** Absent: `http`. */
  type?: MonitorType;
  /**
   * An absolute http(s) URL, normalised by WHATWG URL (`href`). For a tcp monitor `tcp://` and
   * its target, so the store, lists and alerts name every monitor by one address.
   */
  url: string;
  /** A tcp monitor's `host:port` (`[v6]:port`), as normalised; a dns monitor's name (lower-case, no trailing dot); absent for http. */
  target?: string;
  /** dns only: the record type asked for. */
  record?: DnsRecordType;
  /** dns only: the resolvers asked (`addr:port`, `[v6]:port`); absent: the system's. */
  dnsServers?: string[];
  /** push only: the secret a report must carry (`?token=`). */
  token?: string;
  /** push only: how long after `intervalMs` a missing report is tolerated. */
  graceMs?: number;
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
  /** The monitor's own windows (never scoped); the global ones are in Config.maintenance. */
  maintenance: MaintenanceWindow[];
  /** false: every change is alerted on its own. */
  flapping: Flapping | false;
  /** What the diagnosis of an incident may read besides the URL; absent: the URL alone. */
  diagnose?: DiagnoseSettings;
  /** Where it is checked from: `local` (the hub) and names of Config.vantages; absent: [local]. */
  vantages?: string[];
  /** Each check also loads the page in headless Chromium (config/browser.ts); absent: false. */
  browser?: boolean;
}

/** The evidence a person would add on the command line: `--log` (repeatable) and `--origin`. */
export interface DiagnoseSettings {
  /** Absolute paths of server error logs, each once. */
  log: string[];
  /** The origin's own address (http or https), normalised. */
  origin?: string;
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
  flapping: Flapping | false;
}

/** What every notify target has; each channel adds what it needs (see src/serve/notify/channels/). */
interface NotifyTargetBase {
  /** Unique, same rule as monitor names. */
  name: string;
  /** The endpoint, normalised; for telegram and pagerduty the API base, filled with the public one when left out. */
  url: string;
}

export interface WebhookTarget extends NotifyTargetBase {
  type: 'webhook';
  /** Signs the body (X-Whydown-Signature: sha256=<hex HMAC>). */
  secret?: string;
}

export interface SlackTarget extends NotifyTargetBase { type: 'slack' }
export interface DiscordTarget extends NotifyTargetBase { type: 'discord' }
/** A Teams Workflows webhook ("Post to a channel when a webhook request is received") or a legacy Incoming Webhook. */
export interface TeamsTarget extends NotifyTargetBase { type: 'teams' }

export interface TelegramTarget extends NotifyTargetBase {
  type: 'telegram';
  /** The bot token from @BotFather: `123456:ABC-DEF…`. */
  token: string;
  /** A numeric chat id (`-100…` for groups and channels) or a channel's `@username`. */
  chatId: string;
}

/** 1 min, 2 low, 3 default, 4 high, 5 max (ntfy's scale). */
export type NtfyPriority = 1 | 2 | 3 | 4 | 5;

export interface NtfyTarget extends NotifyTargetBase {
  type: 'ntfy';
  /** For opened incidents (default 4, high); recoveries and tests go out at 3. */
  priority?: NtfyPriority;
  /** Added to the event's own tag (ntfy shows known tag names as emojis). */
  tags?: string[];
  /** An access token (`tk_…`), sent as `Authorization: Bearer`. */
  token?: string;
}

export interface PagerDutyTarget extends NotifyTargetBase {
  type: 'pagerduty';
  /** The 32-character Integration Key of an Events API v2 integration. */
  routingKey: string;
}

export interface EmailTarget extends NotifyTargetBase {
  type: 'email';
  /** Recipients: `ops@example.com` or `Ops <ops@example.com>`. */
  to: string[];
  from: string;
}

export type NotifyTarget =
  | WebhookTarget | SlackTarget | DiscordTarget | TeamsTarget
  | TelegramTarget | NtfyTarget | PagerDutyTarget | EmailTarget;

export interface ApiConfig {
  tokens: string[];
  publicRead: boolean;
}

/** `ui.publicCheck`: the public "down for everyone, or just me?" (`GET /check`). */
export interface PublicCheckConfig {
  enabled: boolean;
  /** CIDRs opened although not public (tests open loopback ranges). */
  allow: string[];
  /** Ports a checked URL may name; 80 and 443 by default. */
  ports: number[];
  /** Where the checks run from, in the visitor's words ("Frankfurt"); absent: "whydown's server". */
  from?: string;
}

/** The `ui:` section; more keys come with the web side (users, ...). */
export interface UiConfig {
  publicCheck: PublicCheckConfig;
  /** Who may sign in to the dashboard (src/serve/web/dashboard/); empty: only API tokens. */
  users: UiUser[];
}

/** A dashboard user: a name and a scrypt hash (`whydown hash-password`), never a plain password. */
export interface UiUser {
  name: string;
  passwordHash: string;
}

export interface Config {
  monitors: MonitorConfig[];
  api: ApiConfig;
  /** The web side's settings; defaults when the file has no `ui:`. */
  ui: UiConfig;
  notify: NotifyTarget[];
  defaults: MonitorDefaults;
  /** `host:port`, as for --listen. */
  listen?: string;
  /** `sqlite:path` or `postgres://…`, as for --db. */
  db?: string;
  /** Global windows, each for every monitor unless it names monitors or tags. */
  maintenance: MaintenanceWindow[];
  /** Public status pages (`/status/{slug}`); each shows only the monitors it names. */
  statusPages: StatusPageConfig[];
  /** Agents this hub accepts (`whydown agent`); absent or empty: none. */
  vantages?: VantageConfig[];
  /** The top-level `browser:` section (config/browser.ts); absent: its defaults. */
  browser?: BrowserSettings;
}

export interface StatusPageConfig {
  /** Unique, `[a-z0-9][a-z0-9_-]*`, at most 64: the page's URL segment. */
  slug: string;
  /** The page's heading; the slug when not given. */
  title: string;
  /** Names of monitors in Config.monitors, in the order given; at least one. */
  monitors: string[];
}

/** What a global maintenance window covers; both absent: every monitor. */
interface WindowScope {
  /** Why the window exists, for alerts and reports ("database upgrade"). */
  reason?: string;
  /** Names of monitors in Config.monitors. With tags: a monitor named here or carrying a tag. */
  monitors?: string[];
  tags?: string[];
}

/** A window that happens once: [start, end), ISO times in UTC. */
export interface OneOffWindow extends WindowScope {
  kind: 'once';
  start: string;
  end: string;
}

/** A window that opens at every start of a cron expression, read in an IANA time zone. */
export interface RecurringWindow extends WindowScope {
  kind: 'recurring';
  /** Five fields or a nickname (`@daily`), as written. */
  cron: string;
  /** Elapsed time from each start: a window over a daylight-saving change still lasts this long. */
  durationMs: number;
  /** IANA name, canonical spelling; `UTC` when not given. */
  timezone: string;
}

export type MaintenanceWindow = OneOffWindow | RecurringWindow;

/** A monitor is flapping once it changes state (up↔down) `changes` times within `withinMs`. */
export interface Flapping {
  changes: number;
  withinMs: number;
}
