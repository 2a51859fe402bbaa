// The diagnosis an incident of a dns monitor opens with: the record asked again of every
// resolver, one step each, and a verdict in the knowledge base's words and fixes.
import { describeCause } from '../../core/knowledge/causes.js';
import type { DiagnoseReport, StepReport, Verdict } from '../../core/model.js';
import { roundTimings } from '../../core/render/text.js';
import { formatDuration } from '../config/duration.js';
import type { MonitorConfig } from '../config/types.js';
import { dnsProbe, showSet, type DnsOutcome } from './dns-check.js';

export async function diagnoseDns(monitor: MonitorConfig): Promise<DiagnoseReport> {
  const startedAt = new Date();
  const outcome = await dnsProbe(monitor);
  const record = monitor.record ?? 'A';
  const expected = monitor.expect.answer === undefined ? undefined : [...new Set(monitor.expect.answer)].sort().join('\n');
  const steps: StepReport[] = outcome.readings.map((reading, index) => ({
    id: index === 0 ? 'dns' : `dns-${index + 1}`,
    title: `Ask ${reading.resolver} for ${monitor.target ?? ''} ${record}`,
    // A resolver that answers, but not what the monitor expects, failed this step too.
    result: reading.cause === 'ok' && (expected === undefined || reading.answer.join('\n') === expected) ? 'pass' : 'fail',
    detail: reading.error ? `${reading.error.code}: ${reading.error.message}` : `${reading.rcode}: ${showSet(reading.answer)}`,
    evidence: { resolver: reading.resolver, rcode: reading.rcode, answer: reading.answer, error: reading.error, timeMs: Math.round(reading.timeMs) },
  }));
  return {
    url: monitor.url,
    startedAt: startedAt.toISOString(),
    durationMs: Math.round(outcome.timings.total),
    verdict: dnsVerdict(monitor, outcome),
    steps,
    attempts: [],
  };
}

export function dnsVerdict(monitor: MonitorConfig, outcome: DnsOutcome): Verdict {
  const info = describeCause(outcome.cause);
  const up = outcome.status === 'up';
  return {
    status: outcome.status,
    hop: up ? 'none' : 'dns',
    cause: outcome.cause,
    generatedBy: null,
    transient: false,
    scope: 'this-vantage',
    confidence: up ? 'high' : 'medium',
    summary: summary(monitor, outcome),
    fixes: up ? [] : dnsFixes(outcome, info.fixes),
  };
}

function summary(monitor: MonitorConfig, outcome: DnsOutcome): string {
  const record = monitor.record ?? 'A';
  const who = `${monitor.name} (${monitor.target ?? ''} ${record})`;
  switch (outcome.cause) {
    case 'ok': return `${who} answers ${showSet(outcome.answer)}.`;
    case 'dns-nxdomain': return `${who}: the name does not exist (NXDOMAIN).`;
    case 'dns-no-address': return `${who}: the name exists but has no ${record} record.`;
    case 'dns-timeout': return `${who}: no answer within ${formatDuration(monitor.timeoutMs)} (${outcome.detail ?? 'the resolver is silent'}).`;
    case 'dns-servfail': return `${who}: the resolver failed (${outcome.detail ?? 'SERVFAIL'}).`;
    case 'dns-disagreement':
    case 'unexpected-response': return `${who}: ${outcome.detail ?? describeCause(outcome.cause).title.toLowerCase()}.`;
    default: return `${who}: ${describeCause(outcome.cause).title.toLowerCase()}.`;
  }
}

/** An answer that changed is fixed in the zone (or in the monitor), not in a web page. */
function dnsFixes(outcome: DnsOutcome, fixes: string[]): string[] {
  if (outcome.cause !== 'unexpected-response') return fixes;
  return [
    'Look up the record at each authoritative name server (`dig NAME TYPE @ns`) and compare with what the monitor expects: a record changed, by a colleague, an automation or an attacker (a hijacked account at the registrar or DNS provider)',
    'If the change was meant, update the monitor\'s `expect.answer`',
    'If it was not, restore the record at your DNS provider and review who can change the zone',
  ];
}
