// Incidents from check results: open on a confirmed failure with the diagnosis made at that
// moment, re-diagnose when the failures change character, close on the first good check.
// Each monitor's results are handled one after another (a chain per monitor) so an incident is
// never opened twice; different monitors never wait for each other.
import type { MonitorConfig } from '../config/types.js';
import { describeCause } from '../../core/knowledge/causes.js';
import type { Cause, DiagnoseReport, Verdict } from '../../core/model.js';
import type { IncidentRecord, ResultRecord, Store } from '../store/types.js';
import type { MonitorEvents } from './events.js';
import { FailureStreak } from './streak.js';
import { lowerFirst } from '../../core/render/text.js';

export interface IncidentTrackerOptions {
  store: Store;
  events: MonitorEvents;
  /** The full diagnosis of the monitor's URL, now (with the monitor's `diagnose:` evidence). */
  diagnose(monitor: MonitorConfig): Promise<DiagnoseReport>;
  log(line: string): void;
  /** Least time between two diagnoses of one open incident. */
  rediagnoseAfterMs?: number;
  /** Completes each verdict before it is kept (the scope seen from several vantages, votes.ts). */
  annotate?(monitor: MonitorConfig, verdict: Verdict): Verdict;
}

interface Tracked {
  streak: FailureStreak;
  open: IncidentRecord | null;
  /** The check cause the incident's verdict was diagnosed on; null after a restart. */
  diagnosedOn: Cause | null;
  /** Failures whose cause differs from diagnosedOn: when confirmed, diagnose again. */
  otherCause: FailureStreak;
  lastDiagnosisAt: number;
  chain: Promise<void>;
  /** Results handed in and not yet handled. */
  pending: number;
}

export class IncidentTracker {
  private readonly tracked = new Map<string, Tracked>();
  private readonly rediagnoseAfterMs: number;

  constructor(private readonly options: IncidentTrackerOptions) {
    this.rediagnoseAfterMs = options.rediagnoseAfterMs ?? 5 * 60_000;
  }

  /** Picks up the incidents left open by an earlier run: the next good check closes them. */
  async restore(): Promise<number> {
    let cursor: string | null = null;
    let count = 0;
    do {
      const page = await this.options.store.listIncidents({ open: true, limit: 1000, cursor });
      for (const incident of page.incidents) {
        this.entry(incident.monitor).open = incident;
        count++;
      }
      cursor = page.next;
    } while (cursor);
    return count;
  }

  openIncident(monitor: string): IncidentRecord | null {
    return this.tracked.get(monitor)?.open ?? null;
  }

  get openCount(): number {
    let count = 0;
    for (const t of this.tracked.values()) if (t.open) count++;
    return count;
  }

  onResult(monitor: MonitorConfig, result: ResultRecord): void {
    // Most results are good checks of monitors with nothing going on: no state, no work.
    if (result.status !== 'down' && !this.tracked.has(monitor.name)) return;
    const tracked = this.entry(monitor.name);
    tracked.pending++;
    tracked.chain = tracked.chain
      .then(() => this.handle(monitor, result, tracked))
      .catch((error: unknown) => {
        this.options.log(`incident handling for ${monitor.name} failed: ${error instanceof Error ? error.message : String(error)}`);
      })
      .finally(() => {
        tracked.pending--;
        // Up again, nothing open, nothing queued: drop the state (100,000 healthy monitors keep none).
        if (tracked.pending === 0 && !tracked.open && tracked.streak.length === 0 && this.tracked.get(monitor.name) === tracked) {
          this.tracked.delete(monitor.name);
        }
      });
  }

  /**
   * Several hubs: this hub now holds the monitor. Its incident state is what the store says
   * (the open incident, the streak of its newest results, oldest first), not what this hub
   * remembered from an earlier time it held it.
   */
  adopt(name: string, open: IncidentRecord | null, recent: readonly ResultRecord[]): void {
    this.tracked.delete(name);
    if (!open && !recent.some((r) => r.status === 'down')) return;
    const tracked = this.entry(name);
    tracked.open = open;
    for (const result of recent) tracked.streak.record(result.status === 'down', Date.parse(result.at));
  }

  /** The monitor is gone: its incidents went with it (the store deletes them). */
  forget(name: string): void {
    this.tracked.delete(name);
  }

  /** Resolves when every result handed in so far has been handled (shutdown, tests). */
  async settled(): Promise<void> {
    await Promise.all([...this.tracked.values()].map((t) => t.chain));
  }

  private entry(name: string): Tracked {
    let tracked = this.tracked.get(name);
    if (!tracked) {
      tracked = {
        streak: new FailureStreak(2),
        open: null,
        diagnosedOn: null,
        otherCause: new FailureStreak(2),
        lastDiagnosisAt: 0,
        chain: Promise.resolve(),
        pending: 0,
      };
      this.tracked.set(name, tracked);
    }
    return tracked;
  }

  private async handle(monitor: MonitorConfig, result: ResultRecord, t: Tracked): Promise<void> {
    const { store, events } = this.options;
    const at = Date.parse(result.at);
    const failed = result.status === 'down';
    t.streak.record(failed, at);

    if (!failed) {
      if (!t.open) return;
      const incident = await store.closeIncident(t.open.id, result.at);
      t.open = null;
      t.diagnosedOn = null;
      t.otherCause.record(false, at);
      const durationSeconds = Math.max(0, Math.round((Date.parse(incident.closedAt ?? result.at) - Date.parse(incident.openedAt)) / 1000));
      events.emit('incident.closed', { monitor, incident, durationSeconds });
      return;
    }

    if (!t.open) {
      if (!t.streak.confirmed(monitor.confirm)) return;
      const { verdict, report } = await this.diagnoseOrDescribe(monitor, result);
      // The outage began with the first failed check of the streak, not when it was confirmed.
      const openedAt = new Date(t.streak.since ?? at);
      const incident = await store.openIncident(monitor.name, verdict, openedAt, report);
      t.open = incident;
      t.diagnosedOn = result.cause;
      t.lastDiagnosisAt = Date.now();
      t.otherCause.record(false, at);
      events.emit('incident.opened', { monitor, incident });
      return;
    }

    // Open, and still failing: the same way, or another?
    t.otherCause.record(result.cause !== t.diagnosedOn, at);
    if (!t.otherCause.confirmed(monitor.confirm) || Date.now() - t.lastDiagnosisAt < this.rediagnoseAfterMs) return;
    const { verdict, report } = await this.diagnoseOrDescribe(monitor, result);
    t.lastDiagnosisAt = Date.now();
    t.diagnosedOn = result.cause;
    t.otherCause.record(false, at);
    if (verdict.cause === t.open.verdict.cause && verdict.hop === t.open.verdict.hop) {
      // The same verdict: the incident stays as it is, but what this diagnosis saw is kept with it.
      if (report) await store.addIncidentDiagnosis(t.open.id, report, result.at);
      return;
    }
    const previousCause = t.open.verdict.cause;
    const incident = await store.updateIncidentVerdict(t.open.id, verdict, result.at, report);
    t.open = incident;
    events.emit('incident.updated', { monitor, incident, previousCause });
  }

  /**
   * The diagnosis, unless it fails or finds the site up again by the time it runs (a short
   * outage): then the incident keeps what the checks saw, said plainly with low confidence.
   * The report is kept whenever the diagnosis ran, an "up" one too: it shows what it met.
   */
  private async diagnoseOrDescribe(monitor: MonitorConfig, result: ResultRecord): Promise<{ verdict: Verdict; report: DiagnoseReport | null }> {
    const made = await this.diagnoseOrDescribeHere(monitor, result);
    const annotate = this.options.annotate;
    return annotate ? { ...made, verdict: annotate(monitor, made.verdict) } : made;
  }

  private async diagnoseOrDescribeHere(monitor: MonitorConfig, result: ResultRecord): Promise<{ verdict: Verdict; report: DiagnoseReport | null }> {
    try {
      const report = await this.options.diagnose(monitor);
      if (report.verdict.status !== 'up') return { verdict: report.verdict, report };
      // A check that failed on the monitor's own expectation (a JSON field, a text) meets an
      // answering site in the diagnosis, which knows nothing of that expectation: not a recovery.
      const note = result.detail !== undefined
        ? 'The diagnosis found the site answering: what fails is what this monitor expects of the answer.'
        : 'By the time of the diagnosis the site answered again.';
      return { verdict: verdictFromCheck(result, note), report };
    } catch (error) {
      const note = `The diagnosis could not run (${error instanceof Error ? error.message : String(error)}).`;
      return { verdict: verdictFromCheck(result, note), report: null };
    }
  }
}

export function verdictFromCheck(result: ResultRecord, note: string): Verdict {
  const info = describeCause(result.cause);
  const answer = result.httpStatus !== null ? `HTTP ${result.httpStatus}` : result.errorCode ?? 'no answer';
  return {
    status: 'down',
    hop: info.hop,
    cause: result.cause,
    generatedBy: null,
    transient: true,
    scope: 'this-vantage',
    confidence: 'low',
    summary: `The checks failed: ${lowerFirst(info.title)} (${answer}${result.detail === undefined ? '' : `: ${result.detail}`}). ${note}`,
    fixes: info.fixes,
  };
}
