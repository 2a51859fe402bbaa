// Incidents of monitors checked from several vantages: each vantage's own results confirm its
// failure (`confirm.failures` in a row, as for one vantage), and the monitor is down when enough
// of the online vantages agree (agreement.ts). The incident tracker is then handed one result per
// change of any vantage, already confirmed (its own streak is set to 1), and the incident's
// verdict says from where it fails (`scope`, `scopeBasis: observed`, `vantages`).
import type { MonitorConfig } from '../config/types.js';
import { LOCAL_VANTAGE } from '../config/vantages.js';
import type { Verdict } from '../../core/model.js';
import type { ResultRecord } from '../store/types.js';
import { FailureStreak } from '../engine/streak.js';
import { agree, describeVotes, observedScope, outcomes, type Vote } from './agreement.js';

interface Seen {
  streak: FailureStreak;
  result: ResultRecord;
  /** Hub time it arrived. */
  receivedAt: number;
}

export interface VantageVotesOptions {
  /** Takes the monitor's agreed result (its confirm already applied). */
  onAgreed(monitor: MonitorConfig, result: ResultRecord): void;
  /** Whether an agent's vantage is online; `local` always is. */
  isOnline(vantage: string): boolean;
  now?: () => number;
}

/** Whether the monitor is checked from anywhere but the hub alone. */
export function checkedFromSeveral(monitor: MonitorConfig): boolean {
  const v = monitor.vantages;
  return v !== undefined && !(v.length === 1 && v[0] === LOCAL_VANTAGE);
}

export function checkedLocally(monitor: MonitorConfig): boolean {
  return monitor.vantages === undefined || monitor.vantages.includes(LOCAL_VANTAGE);
}

export class VantageVotes {
  private readonly seen = new Map<string, Map<string, Seen>>();
  private readonly confirmed = new WeakMap<MonitorConfig, MonitorConfig>();
  private readonly now: () => number;

  constructor(private readonly options: VantageVotesOptions) {
    this.now = options.now ?? Date.now;
  }

  onResult(monitor: MonitorConfig, vantage: string, result: ResultRecord): void {
    if (!(monitor.vantages ?? [LOCAL_VANTAGE]).includes(vantage)) return;
    let byVantage = this.seen.get(monitor.name);
    if (!byVantage) this.seen.set(monitor.name, byVantage = new Map());
    let seen = byVantage.get(vantage);
    const at = Date.parse(result.at);
    if (seen && Date.parse(seen.result.at) > at) return; // a late (spooled) result: history, not news
    if (!seen) byVantage.set(vantage, seen = { streak: new FailureStreak(monitor.confirm.failures), result, receivedAt: this.now() });
    seen.streak.record(result.status === 'down', at);
    seen.result = result;
    seen.receivedAt = this.now();
    const votes = this.votes(monitor);
    const agreement = agree(monitor.confirm.vantages, votes);
    const failingCause = votes.find((v) => v.failing)?.cause ?? result.cause;
    const agreed: ResultRecord = agreement.down
      ? { ...result, status: 'down', cause: result.status === 'down' ? result.cause : failingCause }
      : { ...result, status: result.status === 'down' ? 'degraded' : result.status };
    this.options.onAgreed(this.confirmedNow(monitor), agreed);
  }

  /** What each online vantage with a recent result says of the monitor now. */
  votes(monitor: MonitorConfig): Vote[] {
    const byVantage = this.seen.get(monitor.name);
    if (!byVantage) return [];
    // A result older than three intervals (and a timeout) is a vantage that stopped checking.
    const fresh = this.now() - 3 * monitor.intervalMs - monitor.timeoutMs;
    const votes: Vote[] = [];
    for (const name of monitor.vantages ?? [LOCAL_VANTAGE]) {
      const seen = byVantage.get(name);
      if (!seen || seen.receivedAt < fresh) continue;
      if (name !== LOCAL_VANTAGE && !this.options.isOnline(name)) continue;
      const failing = seen.streak.confirmed(monitor.confirm);
      // Failing but not yet confirmed: neither a failure vote nor a "fine" one (it abstains).
      if (seen.result.status === 'down' && !failing) continue;
      votes.push({ name, failing, status: seen.result.status, cause: seen.result.cause });
    }
    return votes;
  }

  /** The incident's verdict with the scope observed from the vantages (when more than one voted). */
  annotate(monitor: MonitorConfig, verdict: Verdict): Verdict {
    if (!checkedFromSeveral(monitor)) return verdict;
    const votes = this.votes(monitor);
    if (votes.length < 2) return verdict;
    const seen = describeVotes(votes);
    return {
      ...verdict,
      scope: observedScope(votes),
      scopeBasis: 'observed',
      vantages: outcomes(votes),
      summary: `${verdict.summary} Seen from ${votes.length} vantages: ${seen}.`,
    };
  }

  forget(name: string): void {
    this.seen.delete(name);
  }

  /** The monitor as the incident tracker sees it: each vantage confirmed already. */
  private confirmedNow(monitor: MonitorConfig): MonitorConfig {
    let copy = this.confirmed.get(monitor);
    if (!copy) this.confirmed.set(monitor, copy = { ...monitor, confirm: { failures: 1 } });
    return copy;
  }
}
