// The verdict for a person at a terminal: the steps, each attempt's phases, then what it means
// and what to do.
import type { AttemptReport, DiagnoseReport, StepReport, StepResult, Timings } from '../model.js';
import type { Style } from './style.js';
import { terminalRequestLines } from './browser-section.js';

const MARKS: Record<StepResult, string> = { pass: '✔', fail: '✘', warn: '!', skip: '–' };

export function stepLine(step: StepReport, style: Style): string {
  const colour = { pass: style.green, fail: style.red, warn: style.yellow, skip: style.dim }[step.result];
  const requests = step.id === 'browser' ? terminalRequestLines(step).map((line) => `\n${line}`).join('') : '';
  return `  ${colour(MARKS[step.result])} ${style.bold(step.title)}\n      ${step.detail}${requests}`;
}

export function attemptLine(attempt: AttemptReport, index: number, style: Style): string {
  const what = attempt.status !== null ? `HTTP ${attempt.status}` : attempt.error?.code ?? attempt.cause;
  const where = attempt.address ?? 'no address';
  const label = attempt.step === 'reload' ? `attempt ${index + 1}` : `attempt ${index + 1} (${attempt.step === 'cdn' ? 'origin' : attempt.step})`;
  return `  ${style.dim(label)}  ${where}  ${what}  ${style.dim(formatTimings(attempt.timings))}`;
}

export function formatTimings(timings: Timings): string {
  const parts: string[] = [];
  const phases: [keyof Timings, string][] = [
    ['dns', 'dns'], ['tcp', 'tcp'], ['tls', 'tls'], ['firstByte', 'first byte'], ['download', 'download'], ['total', 'total'],
  ];
  for (const [key, label] of phases) {
    const ms = timings[key];
    if (ms !== undefined) parts.push(`${label} ${ms < 10 ? ms.toFixed(1) : Math.round(ms)} ms`);
  }
  return parts.join(' · ');
}

export function renderVerdict(report: DiagnoseReport, style: Style): string {
  const { verdict } = report;
  const badge = {
    up: style.green('UP'), degraded: style.yellow('DEGRADED'), down: style.red('DOWN'), unknown: style.dim('UNKNOWN'),
  }[verdict.status];
  const lines = [
    '',
    `${style.bold(badge)}  ${verdict.summary}`,
    style.dim(`  hop: ${verdict.hop} · cause: ${verdict.cause} · written by: ${verdict.generatedBy ?? 'unknown'} · scope: ${verdict.scope} · confidence: ${verdict.confidence}${verdict.transient ? ' · intermittent' : ''}`),
  ];
  if (verdict.status !== 'up' && verdict.fixes.length > 0) {
    lines.push('', style.bold('What to do:'));
    verdict.fixes.forEach((fix, i) => lines.push(`  ${i + 1}. ${fix}`));
  }
  lines.push(style.dim(`\n(${report.durationMs} ms; \`whydown explain ${verdict.cause}\` for more)`));
  return `${lines.join('\n')}\n`;
}

export function renderReport(report: DiagnoseReport, style: Style): string {
  const head = `${style.bold('whydown')} ${report.url}\n`;
  const steps = report.steps.map((s) => stepLine(s, style)).join('\n');
  const attempts = report.attempts.map((a, i) => attemptLine(a, i, style)).join('\n');
  return `${head}${steps}\n${attempts}\n${renderVerdict(report, style)}`;
}
