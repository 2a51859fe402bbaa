// The diagnosis an incident of a tcp monitor opens with. There is no request, so not the HTTP
// checklist: one fresh connection (with the banner read, when one is expected), and a verdict
// built from what it met, in the knowledge base's words and fixes.
import type { MonitorConfig } from '../config/types.js';
import { describeCause } from '../../core/knowledge/causes.js';
import type { DiagnoseReport, Verdict } from '../../core/model.js';
import { formatDuration } from '../config/duration.js';
import { roundTimings } from '../../core/render/text.js';
import { tcpProbe, splitTarget, type TcpOutcome } from './tcp-check.js';

export async function diagnoseTcp(monitor: MonitorConfig): Promise<DiagnoseReport> {
  const startedAt = new Date();
  const target = monitor.target ?? '';
  const outcome = await tcpProbe(target, monitor.timeoutMs, monitor.expect.banner);
  const verdict = tcpVerdict(monitor, outcome);
  return {
    url: monitor.url,
    startedAt: startedAt.toISOString(),
    durationMs: Math.round(outcome.timings.total),
    verdict,
    steps: [{
      id: 'connect',
      title: monitor.expect.banner === undefined ? `Connect to ${target}` : `Connect to ${target} and read its banner`,
      result: outcome.cause === 'ok' ? 'pass' : 'fail',
      detail: outcome.detail ?? (outcome.error ? `${outcome.error.code}: ${outcome.error.message}` : `connected to ${outcome.address ?? target}`),
      evidence: {
        address: outcome.address,
        ...(outcome.banner === undefined ? {} : { banner: outcome.banner }),
        error: outcome.error,
        timings: roundTimings(outcome.timings),
      },
    }],
    attempts: [{
      at: startedAt.toISOString(),
      step: 'connect',
      url: monitor.url,
      address: outcome.address,
      status: null,
      httpVersion: null,
      timings: roundTimings(outcome.timings),
      error: outcome.error,
      headers: {},
      bodySample: outcome.banner ?? '',
      cause: outcome.cause,
    }],
  };
}

export function tcpVerdict(monitor: MonitorConfig, outcome: TcpOutcome): Verdict {
  const info = describeCause(outcome.cause);
  const up = outcome.cause === 'ok';
  return {
    status: up ? 'up' : 'down',
    hop: up ? 'none' : info.hop,
    cause: outcome.cause,
    generatedBy: null,
    // What one connection from here met now; the checks, not this, say how long it lasts.
    transient: false,
    scope: 'this-vantage',
    confidence: up ? 'high' : 'medium',
    summary: summary(monitor, outcome),
    fixes: up ? [] : info.fixes,
  };
}

/** "db (10.0.0.5:5432) refuses connections": the monitor, its target, what happened in plain words. */
function summary(monitor: MonitorConfig, outcome: TcpOutcome): string {
  const target = monitor.target ?? '';
  const who = `${monitor.name} (${target})`;
  const host = splitTarget(target).host;
  switch (outcome.cause) {
    case 'ok': return `${who} accepts connections${outcome.banner ? ` and says ${JSON.stringify(outcome.banner)}` : ''}.`;
    case 'connect-refused': return `${who} refuses connections: nothing listens on port ${splitTarget(target).port}${outcome.address && outcome.address !== target ? ` at ${outcome.address}` : ''}.`;
    case 'connect-timeout': return `${who} does not answer connection attempts within ${formatDuration(monitor.timeoutMs)} (the host is down, or a firewall drops the packets, or its backlog is full).`;
    case 'connect-reset': return `${who} resets the connection.`;
    case 'network-unreachable': return `${who} cannot be reached: there is no route to ${outcome.address ?? host}.`;
    case 'dns-nxdomain': return `${who}: the name ${host} does not exist.`;
    case 'dns-no-address': return `${who}: the name ${host} exists but has no address.`;
    case 'dns-timeout':
    case 'dns-servfail': return `${who}: the name ${host} could not be resolved (${outcome.error?.message ?? outcome.cause}).`;
    case 'response-timeout': return `${who} accepts connections but sends no banner within ${formatDuration(monitor.timeoutMs)}.`;
    case 'empty-response': return `${who} accepts connections but closes them without sending a banner.`;
    case 'unexpected-response': return `${who} accepts connections, but ${outcome.detail ?? 'its banner is not the one expected'}.`;
    default: return `${who}: ${describeCause(outcome.cause).title.toLowerCase()}.`;
  }
}
