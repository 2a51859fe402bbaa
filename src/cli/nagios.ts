// `--format nagios`: the one line a Monitoring Plugins check prints (Nagios, Icinga, Naemon,
// Sensu, Checkmk all read it): `WHYDOWN CRITICAL - <summary> | label=value[UOM];warn;crit;min;max …`.
// The exit status carries the state; the text before `|` is what the on-call person reads, the
// performance data after it is graphed. https://www.monitoring-plugins.org/doc/guidelines.html
import type { AttemptReport, DiagnoseReport, Status, Timings } from '../core/model.js';

const STATE: Record<Status, string> = { up: 'OK', degraded: 'WARNING', down: 'CRITICAL', unknown: 'UNKNOWN' };

/** Phases in the order they happen, with the label each gets in the performance data. */
const PHASES: [keyof Timings, string][] = [['dns', 'dns'], ['tcp', 'tcp'], ['tls', 'tls'], ['firstByte', 'ttfb'], ['total', 'total']];

export function nagiosLine(report: DiagnoseReport): string {
  const text = `WHYDOWN ${STATE[report.verdict.status]} - ${plainText(report.verdict.summary)}`;
  const attempt = timedAttempt(report.attempts);
  const perfdata = attempt ? performanceData(attempt.timings) : '';
  return perfdata ? `${text} | ${perfdata}` : text;
}

/** Only the phases that happened: a refused connection has dns and tcp and total, no tls. */
export function performanceData(timings: Timings): string {
  return PHASES
    .filter(([phase]) => typeof timings[phase] === 'number' && Number.isFinite(timings[phase]))
    .map(([phase, label]) => `${perfLabel(label)}=${timings[phase]!.toFixed(1)}ms;;;`)
    .join(' ');
}

/** Labels with spaces or `=` are single-quoted; a quote inside is doubled (the guidelines' rule). */
export function perfLabel(label: string): string {
  return /[\s='"]/.test(label) ? `'${label.replace(/'/g, "''")}'` : label;
}

/**
 * The text part must stay one line and must not contain `|`, which starts the performance data;
 * the summary can quote what a server sent, so control bytes and escape sequences go as well.
 */
export function plainText(text: string): string {
  return text
    .replace(/\u001b\[[0-9;?]*[ -/]*[@-~]/g, '')
    .replace(/[\u0000-\u001f\u007f]+/g, ' ')
    .replace(/\|/g, '/')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The first attempt of the reload step: the plain request, timed as a visitor would meet it. */
function timedAttempt(attempts: AttemptReport[]): AttemptReport | undefined {
  return attempts.find((a) => a.step === 'reload') ?? attempts[0];
}
