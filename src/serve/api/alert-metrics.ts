// The alert channels on /metrics: what each notify target delivered, gave up on, retried and holds
// now, so "did the pager hear about it?" has an answer in Prometheus too. Targets come from the
// config, a handful, so a series per target is no cardinality risk.
import type { AlertStats } from '../notify/index.js';
import type { Exposition } from './exposition.js';

const OUTCOMES = ['delivered', 'failed', 'dropped'] as const;

export function writeAlertMetrics(out: Exposition, stats: AlertStats): void {
  const targets = Object.entries(stats.targets);
  out.family('whydown_alerts_total', 'counter',
    'Alert messages by notify target and outcome: delivered, failed (refused, or every attempt failed), dropped (queue full).');
  for (const [target, s] of targets) {
    for (const outcome of OUTCOMES) out.sample('whydown_alerts_total', s[outcome], { target, type: s.type, outcome });
  }
  out.family('whydown_alert_retries_total', 'counter', 'Failed alert attempts that were tried again, by notify target.');
  for (const [target, s] of targets) out.sample('whydown_alert_retries_total', s.retries, { target, type: s.type });
  out.family('whydown_alerts_queued', 'gauge', 'Alert messages waiting or being sent now, by notify target.');
  for (const [target, s] of targets) out.sample('whydown_alerts_queued', s.queued, { target, type: s.type });
  out.family('whydown_alerts_suppressed_total', 'counter', 'Incident events not sent: inside a maintenance window, or folded into a flapping alert.')
    .sample('whydown_alerts_suppressed_total', stats.suppressed);
}
