// The browser step's failed requests and screenshot, in each output: terminal lines, a Markdown
// section (the PNG linked by its path relative to the report), an HTML section (the PNG embedded
// as a data: URI, so the file stays self-contained). The evidence is read defensively: this
// layer knows the contract's JSON shape, not the diagnose layer's types.
import path from 'node:path';
import type { DiagnoseReport, StepReport } from '../model.js';

export interface ShownRequest {
  url: string;
  status: number | null;
  error: string | null;
  type: string;
  ms: number;
  needed: boolean;
  diagnosis: { cause: string; generatedBy: string | null; summary: string } | null;
}

export function browserStepOf(report: DiagnoseReport): StepReport | undefined {
  return report.steps.find((s) => s.id === 'browser');
}

export function failedRequestsOf(step: StepReport): ShownRequest[] {
  const list = step.evidence.failedRequests;
  if (!Array.isArray(list)) return [];
  return list.flatMap((r: unknown) => {
    if (typeof r !== 'object' || r === null) return [];
    const o = r as Record<string, unknown>;
    const d = o.diagnosis as Record<string, unknown> | undefined;
    return [{
      url: String(o.url ?? ''),
      status: typeof o.status === 'number' ? o.status : null,
      error: typeof o.error === 'string' ? o.error : null,
      type: String(o.type ?? 'other'),
      ms: typeof o.ms === 'number' ? o.ms : 0,
      needed: o.needed === true,
      diagnosis: d && typeof d === 'object' ? { cause: String(d.cause), generatedBy: typeof d.generatedBy === 'string' ? d.generatedBy : null, summary: String(d.summary ?? '') } : null,
    }];
  });
}

export function screenshotOf(step: StepReport): string | null {
  return typeof step.evidence.screenshot === 'string' ? step.evidence.screenshot : null;
}

function outcomeOf(r: ShownRequest): string {
  return r.status !== null ? String(r.status) : r.error ?? 'failed';
}

function diagnosisOf(r: ShownRequest): string {
  if (!r.diagnosis) return r.needed ? '' : 'another site: warning only';
  return `${r.diagnosis.cause}${r.diagnosis.generatedBy ? `, written by ${r.diagnosis.generatedBy}` : ''}`;
}

/** One line per failed request, under the step's detail. */
export function terminalRequestLines(step: StepReport): string[] {
  return failedRequestsOf(step).map((r) => {
    const why = diagnosisOf(r);
    return `      ${r.needed ? '✘' : '!'} ${r.type} ${r.url} → ${outcomeOf(r)} (${r.ms} ms)${why ? ` — ${why}` : ''}`;
  });
}

/** A "Browser" section: the screenshot (relative to the report file) and a table of failed requests. */
export function markdownBrowserSection(report: DiagnoseReport, reportFile: string | null, inline: (text: string) => string): string[] {
  const step = browserStepOf(report);
  if (!step) return [];
  const lines = ['## In a browser', ''];
  const shot = screenshotOf(step);
  if (shot) {
    const where = reportFile ? path.relative(path.dirname(path.resolve(reportFile)), shot) : shot;
    lines.push(`![The page as the browser showed it](${encodeURI(where.split(path.sep).join('/'))})`, '');
  }
  const requests = failedRequestsOf(step);
  if (requests.length > 0) {
    lines.push('| needed | type | URL | result | ms | diagnosis |', '|---|---|---|---|---|---|');
    for (const r of requests) lines.push(`| ${r.needed ? 'yes' : 'no'} | ${inline(r.type)} | ${inline(r.url)} | ${inline(outcomeOf(r))} | ${r.ms} | ${inline(diagnosisOf(r))} |`);
    lines.push('');
  } else {
    lines.push('No request failed.', '');
  }
  return lines;
}

/** The same for HTML; `screenshot` is a data: URI (or null), every other text escaped with `e`. */
export function htmlBrowserSection(report: DiagnoseReport, screenshot: string | null, e: (text: string) => string): string {
  const step = browserStepOf(report);
  if (!step) return '';
  const requests = failedRequestsOf(step);
  const img = screenshot && /^data:image\/png;base64,[A-Za-z0-9+/=]+$/.test(screenshot)
    ? `<p><img class="shot" alt="The page as the browser showed it" src="${screenshot}"></p>`
    : '';
  const table = requests.length > 0
    ? `<table><tr><th>needed</th><th>type</th><th>URL</th><th>result</th><th>ms</th><th>diagnosis</th></tr>${requests.map((r) => `<tr><td>${r.needed ? 'yes' : 'no'}</td><td>${e(r.type)}</td><td>${e(r.url)}</td><td>${e(outcomeOf(r))}</td><td>${r.ms}</td><td>${e(diagnosisOf(r))}</td></tr>`).join('')}</table>`
    : '<p>No request failed.</p>';
  // The failed requests first: they are the finding; the screenshot shows the page as it looked.
  return `<h2>In a browser</h2>${table}${img}`;
}
