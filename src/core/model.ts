// The vocabulary of the public contract (../shared/design/contract.md). Names here are stable:
// add values, never rename them.

export const HOPS = [
  'none', 'client', 'dns', 'network', 'tls', 'cdn', 'waf', 'gateway', 'origin', 'unknown',
] as const;
export type Hop = (typeof HOPS)[number];

export const CAUSES = [
  'ok', 'slow-response',
  'dns-nxdomain', 'dns-servfail', 'dns-timeout', 'dns-no-address', 'dns-disagreement',
  'connect-refused', 'connect-timeout', 'connect-reset', 'network-unreachable',
  'tls-handshake-failed', 'tls-cert-expired', 'tls-cert-not-yet-valid',
  'tls-cert-hostname-mismatch', 'tls-cert-untrusted', 'tls-cert-expiring',
  'empty-response', 'malformed-response', 'response-timeout',
  'upstream-refused', 'upstream-closed', 'upstream-timeout', 'upstream-invalid-response',
  'upstream-header-too-big', 'no-healthy-upstream', 'upstream-tls-failed', 'upstream-killed',
  'overloaded', 'maintenance', 'app-error',
  'rate-limited', 'waf-blocked', 'waf-challenge', 'cached-error',
  'blank-page', 'redirect-loop', 'not-found', 'unexpected-response',
  'heartbeat-missed', 'heartbeat-down',
  'page-timeout', 'page-too-large',
  'unknown',
] as const;
export type Cause = (typeof CAUSES)[number];

export type Status = 'up' | 'degraded' | 'down' | 'unknown';
export type Scope = 'everyone' | 'some-vantages' | 'this-vantage' | 'unknown';
export type Confidence = 'high' | 'medium' | 'low';
export type StepResult = 'pass' | 'fail' | 'warn' | 'skip';

/** Who wrote a response: `nginx`, `cloudflare`, ... (lower-case ids, see the contract). */
export type SoftwareId = string;

export interface Verdict {
  status: Status;
  hop: Hop;
  cause: Cause;
  generatedBy: SoftwareId | null;
  transient: boolean;
  scope: Scope;
  confidence: Confidence;
  summary: string;
  fixes: string[];
  /** When the evidence cannot tell causes apart: the likely ones, most likely first. */
  candidates?: Cause[];
  /** What further evidence would decide between the candidates. */
  decideWith?: string[];
  /**
   * How `scope` was said: `observed` from several vantages, `inferred` from one (the failing part
   * is the server's side). Absent where the scope says nothing either way (`unknown`, an up site).
   */
  scopeBasis?: ScopeBasis;
  /** When more than one vantage checked: what each saw. */
  vantages?: VantageOutcome[];
}

export type ScopeBasis = 'observed' | 'inferred';

export interface VantageOutcome {
  name: string;
  status: Status;
  cause: Cause;
}

export interface StepReport {
  id: string;
  title: string;
  result: StepResult;
  detail: string;
  evidence: Record<string, unknown>;
}

/** Milliseconds per phase; a phase that did not happen is absent, never NaN. */
export interface Timings {
  dns?: number;
  tcp?: number;
  tls?: number;
  firstByte?: number;
  download?: number;
  total: number;
}

export interface AttemptReport {
  at: string;
  /** The checklist step that made this attempt: reload, cache, client-profile, cdn (the origin). */
  step: string;
  url: string;
  address: string | null;
  status: number | null;
  httpVersion: string | null;
  timings: Timings;
  /** `detail`, when present: whydown's own words for a finding the code does not carry. */
  error: { code: string; message: string; detail?: string } | null;
  headers: Record<string, string>;
  bodySample: string;
  cause: Cause;
}

export interface DiagnoseReport {
  url: string;
  startedAt: string;
  durationMs: number;
  verdict: Verdict;
  steps: StepReport[];
  attempts: AttemptReport[];
}

/** Exit status per the Monitoring Plugins convention. */
export const EXIT_CODE: Record<Status, number> = { up: 0, degraded: 1, down: 2, unknown: 3 };
