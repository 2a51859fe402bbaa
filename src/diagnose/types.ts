import type { Cause, StepReport } from '../core/model.js';
import type { ProbeOptions, ProbeResult } from '../core/probe/types.js';
import type { AddressEvidence } from './steps/addresses.js';
import type { AuthorityEvidence } from './steps/authority.js';
import type { CacheEvidence } from './steps/cache.js';
import type { CdnEvidence } from './steps/cdn.js';
import type { ClientProfileEvidence } from './steps/client-profile.js';
import type { DnsEvidence } from './steps/dns.js';
import type { FingerprintEvidence } from './steps/fingerprint.js';
import type { LogsEvidence } from './steps/logs.js';
import type { ReloadEvidence } from './steps/reload.js';
import type { TimingEvidence } from './steps/timing.js';
import type { TlsEvidence } from './steps/tls.js';
import type { BrowserOptions } from './browser/types.js';

export interface DiagnoseOptions {
  /** Attempts the reload step makes. */
  retries: number;
  probe: ProbeOptions;
  /** The origin's own address, asked directly to compare (--origin). */
  origin?: URL;
  /** Server error logs to read the probe's own requests back from (--log). */
  logs?: string[];
  /** Also load the page in headless Chromium (--browser): the browser step, after the checklist. */
  browser?: BrowserOptions;
}

/** Progress, for a live display. */
export type DiagnoseEvent =
  | { type: 'step-started'; id: string; title: string }
  | { type: 'step-finished'; step: StepReport }
  | { type: 'attempt'; index: number; result: ProbeResult };

/** The evidence each step hands to the others and to the verdict. */
export interface EvidenceMap {
  reload: ReloadEvidence;
  dns: DnsEvidence;
  tls: TlsEvidence;
  cache: CacheEvidence;
  'client-profile': ClientProfileEvidence;
  timing: TimingEvidence;
  fingerprint: FingerprintEvidence;
  cdn: CdnEvidence;
  logs: LogsEvidence;
  addresses: AddressEvidence;
  authority: AuthorityEvidence;
}
export type StepId = keyof EvidenceMap;

export interface DiagnoseContext {
  url: URL;
  options: DiagnoseOptions;
  emit(event: DiagnoseEvent): void;
  /** A unique id for this run, used to mark the probe's requests for the logs step. */
  runId: string;
  /**
   * Waits for another step's evidence. Only a step listed in the caller's `needs` may be asked
   * for (it has started by then); asking for any other rejects.
   */
  need<K extends StepId>(id: K): Promise<EvidenceMap[K]>;
  /** Every extra attempt a step made, labelled, for the report. */
  recordAttempt(step: StepId, result: ProbeResult): void;
}

/** What a step found, plus the raw material later steps and the verdict read. */
export interface StepOutcome<Evidence> {
  report: StepReport;
  evidence: Evidence;
}

export interface ChecklistStep<K extends StepId> {
  id: K;
  title: string;
  /** The steps whose evidence `run` reads through context.need; they start before this one. */
  needs: readonly Exclude<StepId, K>[];
  run(context: DiagnoseContext): Promise<StepOutcome<EvidenceMap[K]>>;
}

/** A step's claim on the verdict: a cause with how sure it is; the verdict weighs them. */
export interface Finding {
  cause: Cause;
  confidence: 'high' | 'medium' | 'low';
  /** Why, in a phrase that fits after "because". */
  because: string;
}
