// When do several vantages agree that a monitor is down, and what is the outage's scope? Pure
// functions, so the rule is tested on its own (test/vantage/agreement.unit.test.ts).
//
// Only vantages that are online and have a recent result vote: an agent that went silent is
// neither a failure nor a success (its network may be the one that broke).
import type { VantageAgreement } from '../config/types.js';
import type { Cause, Scope, Status, VantageOutcome } from '../../core/model.js';

export interface Vote {
  name: string;
  /** Confirmed failing at this vantage (its own `confirm.failures` in a row). */
  failing: boolean;
  status: Status;
  cause: Cause;
}

/** Failing vantages needed for an incident out of `voters` online ones; Infinity when none vote. */
export function votesNeeded(rule: VantageAgreement | undefined, voters: number): number {
  if (voters <= 0) return Infinity;
  if (rule === undefined) return Math.floor(voters / 2) + 1; // more than half
  if ('count' in rule) return rule.count; // not lowered when vantages are offline: they are no votes
  return Math.max(1, Math.ceil(rule.share * voters - 1e-9));
}

export interface Agreement {
  down: boolean;
  failing: string[];
  fine: string[];
  needed: number;
}

export function agree(rule: VantageAgreement | undefined, votes: readonly Vote[]): Agreement {
  const failing = votes.filter((v) => v.failing).map((v) => v.name);
  const fine = votes.filter((v) => !v.failing).map((v) => v.name);
  const needed = votesNeeded(rule, votes.length);
  return { down: failing.length >= needed, failing, fine, needed };
}

/** The scope said from the vantages that checked (the contract's "Vantage points"). */
export function observedScope(votes: readonly Vote[]): Scope {
  const failing = votes.filter((v) => v.failing).length;
  if (votes.length === 0 || failing === 0) return 'unknown';
  if (votes.length === 1) return 'this-vantage';
  return failing === votes.length ? 'everyone' : 'some-vantages';
}

export function outcomes(votes: readonly Vote[]): VantageOutcome[] {
  return votes.map(({ name, status, cause }) => ({ name, status, cause }));
}

/** "down from fra-1 and nyc-1 (connect-refused), fine from sgp-1": for summaries and alerts. */
export function describeVotes(votes: readonly Vote[]): string {
  const failing = votes.filter((v) => v.failing);
  const fine = votes.filter((v) => !v.failing);
  const causes = [...new Set(failing.map((v) => v.cause))];
  const down = failing.length === 0 ? '' : `down from ${listWords(failing.map((v) => v.name))}${causes.length > 0 ? ` (${causes.join(', ')})` : ''}`;
  const up = fine.length === 0 ? '' : `fine from ${listWords(fine.map((v) => v.name))}`;
  return [down, up].filter(Boolean).join(', ');
}

/** "from fra-1 and nyc-1, fine from sgp-1": where a verdict's vantages saw it fail, for alerts. */
export function whereWords(vantages: readonly VantageOutcome[]): string {
  const down = vantages.filter((v) => v.status === 'down').map((v) => v.name);
  const fine = vantages.filter((v) => v.status !== 'down').map((v) => v.name);
  if (down.length === 0) return `from ${listWords(fine)}`;
  return `from ${listWords(down)}${fine.length > 0 ? `, fine from ${listWords(fine)}` : ''}`;
}

function listWords(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}
