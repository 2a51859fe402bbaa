// What a MonitorEngine is made with (engine.ts), and the several-hubs hook it asks before each check.
import type { DiagnoseReport } from '../../core/model.js';
import type { Config, MonitorConfig } from '../config/types.js';
import type { ResultInput, Store } from '../store/types.js';

export interface EngineOptions {
  store: Store;
  config: Config;
  /** Checks in flight at most (default 1024). */
  maxConcurrentChecks?: number;
  /**
   * Threads that run the checks (default: one per CPU, at most 4); 0 runs them on the main
   * thread. Not used when `check` is given.
   */
  checkThreads?: number;
  /** Diagnoses in flight at most (default 4): each makes several requests. */
  maxConcurrentDiagnoses?: number;
  /** Attempts of the diagnosis's reload step (default 3, as the CLI). */
  diagnoseRetries?: number;
  log?: (line: string) => void;
  /** Replaceable for tests of the engine's own logic; the default is the real probe. */
  check?: (monitor: MonitorConfig, at: Date) => Promise<ResultInput>;
  /** Replaceable likewise; the default is the real diagnosis (diagnoseMonitor). */
  diagnose?: (monitor: MonitorConfig) => Promise<DiagnoseReport>;
  /** Several hubs (src/serve/hubs/): asked before each check and before its result is kept. Absent: every monitor is this process's. */
  ownership?: Ownership;
  /** Told after a monitor was made, changed or removed through the API (several hubs tell the others). */
  onApiChange?: (name: string) => void;
}

/** Whether this process may check a monitor now (it holds the monitor's lease). */
export interface Ownership {
  mayCheck(name: string): boolean;
}
