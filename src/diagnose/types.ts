import type { StepReport } from '../model.js';
import type { ProbeOptions, ProbeResult } from '../probe/types.js';

export interface DiagnoseOptions {
  /** Attempts the reload step makes. */
  retries: number;
  probe: ProbeOptions;
}

/** Progress, for a live display. */
export type DiagnoseEvent =
  | { type: 'step-started'; id: string; title: string }
  | { type: 'step-finished'; step: StepReport }
  | { type: 'attempt'; index: number; result: ProbeResult };

export interface DiagnoseContext {
  url: URL;
  options: DiagnoseOptions;
  emit(event: DiagnoseEvent): void;
}

/** What a step found, plus the raw material later steps and the verdict read. */
export interface StepOutcome<Evidence = Record<string, unknown>> {
  report: StepReport;
  evidence: Evidence;
}
