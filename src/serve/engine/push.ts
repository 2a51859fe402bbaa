// Push (heartbeat) monitors: nothing is probed; a job reports in through the API and the engine
// judges the silence. Each monitor's last report is kept here (and in the store, for restarts).
// A check of a push monitor reads it: the last word `down` → down (heartbeat-down, the job's
// message quoted); no report within interval + grace → down (heartbeat-missed, "did not report
// since 02:00 UTC"); else up. A report runs a check at once, so `down` opens an incident at once
// and the next `up` closes it.
import { describeCause } from '../../core/knowledge/causes.js';
import type { DiagnoseReport, Verdict } from '../../core/model.js';
import { formatDuration } from '../config/duration.js';
import type { MonitorConfig } from '../config/types.js';
import type { PushReport, PushReportStore } from '../store/push-reports.js';
import type { ResultInput } from '../store/types.js';

/** What the API shows for a push monitor's token: set, never its value. */
export const HIDDEN_TOKEN = '(hidden)';

export type PushStatus = PushReport['status'];

/** A push monitor is looked at this often at most (its check only reads memory). */
const MAX_CHECK_EVERY = 60_000;
const MIN_CHECK_EVERY = 1000;

/**
 * How often a push monitor's silence is judged: often enough that a missed deadline is seen
 * within a small part of the grace, never more than once a second nor less than once a minute.
 */
export function pushCheckEvery(monitor: Pick<MonitorConfig, 'intervalMs' | 'graceMs'>): number {
  const span = Math.min(monitor.intervalMs, Math.max(monitor.graceMs ?? 0, MIN_CHECK_EVERY));
  return Math.max(MIN_CHECK_EVERY, Math.min(MAX_CHECK_EVERY, Math.round(span / 2)));
}

export class PushBoard {
  private readonly last = new Map<string, PushReport>();
  /** When each monitor began to be watched without a report: its first deadline counts from there. */
  private readonly watchedSince = new Map<string, number>();

  constructor(private readonly store: PushReportStore, private readonly log: (line: string) => void) {}

  /** The reports kept by the last run. */
  async restore(): Promise<void> {
    try {
      for (const report of await this.store.list()) this.last.set(report.monitor, report);
    } catch (error) {
      this.log(`push reports not read from the store: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  watch(name: string, now = Date.now()): void {
    if (!this.watchedSince.has(name)) this.watchedSince.set(name, now);
  }

  forget(name: string): void {
    this.last.delete(name);
    this.watchedSince.delete(name);
  }

  /**
   * Several hubs: a report may have reached another hub's API. The hub that holds the monitor
   * reads the stored one before judging, and keeps it when it is newer than its own.
   */
  async refresh(name: string): Promise<void> {
    try {
      const stored = await this.store.get(name);
      const mine = this.last.get(name);
      if (stored && (!mine || stored.at > mine.at)) this.last.set(name, stored);
    } catch (error) {
      this.log(`push report of ${name} not read from the store: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  lastReport(name: string): PushReport | undefined {
    return this.last.get(name);
  }

  /** Kept in memory at once (the check that follows reads it); the store write is awaited. */
  async report(report: PushReport): Promise<void> {
    this.last.set(report.monitor, report);
    try {
      await this.store.save(report);
    } catch (error) {
      this.log(`push report of ${report.monitor} not stored (kept in memory): ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  check(monitor: MonitorConfig, at: Date): ResultInput {
    const judged = this.judge(monitor, at.getTime());
    const report = this.last.get(monitor.name);
    const pingMs = report?.pingMs ?? 0;
    return {
      monitor: monitor.name,
      at,
      status: judged.up ? 'up' : 'down',
      cause: judged.cause,
      timings: { total: pingMs },
      httpStatus: null,
      errorCode: null,
      durationMs: pingMs,
      ...(judged.detail === undefined ? {} : { detail: judged.detail }),
    };
  }

  /** An incident's diagnosis: what the reports say, in the knowledge base's words and fixes. */
  diagnose(monitor: MonitorConfig, now = new Date()): DiagnoseReport {
    const judged = this.judge(monitor, now.getTime());
    const info = describeCause(judged.cause);
    const report = this.last.get(monitor.name);
    const verdict: Verdict = {
      status: judged.up ? 'up' : 'down',
      hop: judged.up ? 'none' : info.hop,
      cause: judged.cause,
      generatedBy: null,
      transient: false,
      scope: 'everyone',
      confidence: 'high',
      summary: judged.summary,
      fixes: judged.up ? [] : info.fixes,
    };
    return {
      url: monitor.url,
      startedAt: now.toISOString(),
      durationMs: 0,
      verdict,
      steps: [{
        id: 'push',
        title: `Reports of ${monitor.name} (expected every ${formatDuration(monitor.intervalMs)}, ${formatDuration(monitor.graceMs ?? 0)} grace)`,
        result: judged.up ? 'pass' : 'fail',
        detail: judged.detail ?? judged.summary,
        evidence: {
          lastReport: report ? { at: new Date(report.at).toISOString(), status: report.status, message: report.message, pingMs: report.pingMs } : null,
        },
      }],
      attempts: [],
    };
  }

  private judge(monitor: MonitorConfig, now: number): { up: boolean; cause: 'ok' | 'heartbeat-missed' | 'heartbeat-down'; summary: string; detail?: string } {
    const report = this.last.get(monitor.name);
    const deadline = monitor.intervalMs + (monitor.graceMs ?? 0);
    const since = report?.at ?? this.watchedSince.get(monitor.name) ?? now;
    if (now - since > deadline) {
      const when = utcMinute(since, now);
      const detail = report
        ? `no report since ${when} (expected every ${formatDuration(monitor.intervalMs)}, ${formatDuration(monitor.graceMs ?? 0)} grace)`
        : `no report since ${when}, when whydown began to watch it (expected every ${formatDuration(monitor.intervalMs)}, ${formatDuration(monitor.graceMs ?? 0)} grace)`;
      return { up: false, cause: 'heartbeat-missed', summary: `${monitor.name} did not report since ${when}.`, detail };
    }
    if (report?.status === 'down') {
      const said = report.message ? `: ${JSON.stringify(report.message)}` : ' (no message)';
      return { up: false, cause: 'heartbeat-down', summary: `${monitor.name} reported down at ${utcMinute(report.at, now)}${said}.`, detail: `the job reported down${said}` };
    }
    return { up: true, cause: 'ok', summary: report ? `${monitor.name} reported up at ${utcMinute(report.at, now)}.` : `${monitor.name} has not reported yet; its first deadline is not passed.` };
  }
}

/**
 * `02:00 UTC` on the same UTC day as `now`, else `2026-12-05 02:00 UTC`; seconds only when they
 * are not :00 (short intervals: tests, fast jobs).
 */
function utcMinute(ms: number, now: number): string {
  const iso = new Date(ms).toISOString();
  const day = iso.slice(0, 10) === new Date(now).toISOString().slice(0, 10) ? '' : `${iso.slice(0, 10)} `;
  return `${day}${iso.slice(11, 19).replace(/:00$/, '')} UTC`;
}

/**
 * A push monitor's GET shows its token as HIDDEN_TOKEN; a PUT that sends that back (or leaves
 * the token out) keeps the token the monitor has.
 */
export function keepHiddenToken(body: unknown, current: MonitorConfig | undefined): void {
  if (typeof body !== 'object' || body === null || current?.type !== 'push' || current.token === undefined) return;
  const fields = body as Record<string, unknown>;
  if (fields.type === 'push' && (fields.token === undefined || fields.token === HIDDEN_TOKEN)) fields.token = current.token;
}
