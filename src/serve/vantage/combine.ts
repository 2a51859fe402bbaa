// One verdict over the diagnoses of several vantages (`whydown diagnose --from fra-1,nyc-1`):
// the scope is what they observed, the story (hop, cause, who wrote the error, fixes) is the
// first failing vantage's, and the summary says from where it fails.
import type { DiagnoseReport, Status, Verdict } from '../../core/model.js';
import { describeVotes, observedScope, outcomes, type Vote } from './agreement.js';

export interface VantageDiagnosis {
  vantage: string;
  report: DiagnoseReport | null;
  /** Why there is no report (the vantage is offline, the hub refused). */
  error?: string;
}

export function combineDiagnoses(url: string, diagnoses: readonly VantageDiagnosis[]): Verdict {
  const votes: Vote[] = diagnoses.filter((d) => d.report !== null).map((d) => ({
    name: d.vantage,
    failing: d.report!.verdict.status === 'down',
    status: d.report!.verdict.status,
    cause: d.report!.verdict.cause,
  }));
  const host = safeHost(url);
  const failing = diagnoses.find((d) => d.report?.verdict.status === 'down')?.report?.verdict;
  const first = failing ?? diagnoses.find((d) => d.report !== null)?.report?.verdict;
  if (!first) {
    return {
      status: 'unknown', hop: 'unknown', cause: 'unknown', generatedBy: null, transient: false, scope: 'unknown',
      confidence: 'low', summary: `${host}: no vantage could diagnose it (${diagnoses.map((d) => `${d.vantage}: ${d.error ?? 'no answer'}`).join('; ')}).`, fixes: [],
    };
  }
  const down = votes.filter((v) => v.failing).length;
  const status: Status = down === 0 ? worst(votes.map((v) => v.status)) : down === votes.length ? 'down' : 'degraded';
  const seen = describeVotes(votes);
  const missing = diagnoses.filter((d) => d.report === null).map((d) => `${d.vantage} (${d.error ?? 'no answer'})`);
  const scope = votes.length > 1 ? observedScope(votes) : first.scope;
  const { scopeBasis: _one, ...rest } = first;
  return {
    ...rest,
    status,
    scope,
    ...(votes.length > 1 && scope !== 'unknown' ? { scopeBasis: 'observed' as const } : first.scopeBasis ? { scopeBasis: first.scopeBasis } : {}),
    vantages: outcomes(votes),
    summary: `${host} is ${status} — ${seen}.${failing ? ` ${failing.summary}` : ''}${missing.length > 0 ? ` Not diagnosed from ${missing.join(', ')}.` : ''}`,
  };
}

const ORDER: Status[] = ['up', 'degraded', 'unknown', 'down'];

function worst(statuses: Status[]): Status {
  return statuses.reduce<Status>((a, b) => (ORDER.indexOf(b) > ORDER.indexOf(a) ? b : a), 'up');
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
