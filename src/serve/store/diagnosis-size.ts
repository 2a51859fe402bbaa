// A diagnosis kept with an incident is bounded: at most DIAGNOSIS_MAX_BYTES of JSON. Most are a
// few kilobytes, but a hostile or broken target can make one large (64 KiB of response headers
// on every attempt, long log lines quoted as evidence), and an incident that is re-diagnosed
// keeps several. What is least useful goes first — body samples (the fingerprint step has
// already read them), then headers, then the steps' raw evidence — and the stored record says
// what was cut (`trimmed`), so nobody mistakes a cut diagnosis for a whole one.
import type { AttemptReport, DiagnoseReport, StepReport, Verdict } from '../../core/model.js';
import type { DiagnosisTrim, StoredDiagnosis } from './types.js';

export const DIAGNOSIS_MAX_BYTES = 256 * 1024;

const SHORT_SAMPLE = 256;
const SHORT_DETAIL = 500;
const SHORT_TEXT = 2000;

interface Cut {
  what: string;
  apply(report: DiagnoseReport): DiagnoseReport;
}

/** Tried in order, each on top of the ones before, until the diagnosis fits. */
const CUTS: readonly Cut[] = [
  { what: `body samples shortened to ${SHORT_SAMPLE} characters`, apply: (r) => withBodySamples(r, (s) => s.slice(0, SHORT_SAMPLE)) },
  { what: 'body samples removed', apply: (r) => withBodySamples(r, () => '') },
  { what: 'response headers of the attempts removed', apply: (r) => ({ ...r, attempts: r.attempts.map((a) => ({ ...a, headers: {} })) }) },
  { what: "the steps' evidence removed (their results and details kept)", apply: (r) => ({ ...r, steps: r.steps.map((s) => ({ ...s, evidence: {} })) }) },
  { what: 'the attempts removed', apply: (r) => ({ ...r, attempts: [] }) },
  { what: `step details shortened to ${SHORT_DETAIL} characters`, apply: (r) => ({ ...r, steps: r.steps.map((s) => ({ ...s, detail: s.detail.slice(0, SHORT_DETAIL) })) }) },
  { what: 'the steps removed', apply: (r) => ({ ...r, steps: [] }) },
  // Only the verdict is left: its summary can quote a log line, the URL is the user's. After this
  // cut what is left is bounded by these constants whatever came in.
  {
    what: `the URL and the verdict's texts shortened to ${SHORT_TEXT} characters`,
    apply: (r) => ({ ...r, url: r.url.slice(0, SHORT_TEXT), verdict: shortVerdict(r.verdict) }),
  },
];

/** The JSON to store for `report`: whole when it fits in `limit` bytes, else cut until it does. */
export function boundedDiagnosisJson(report: DiagnoseReport, limit = DIAGNOSIS_MAX_BYTES): string {
  const whole = JSON.stringify(report);
  const originalBytes = Buffer.byteLength(whole);
  if (originalBytes <= limit) return whole;
  const trim: DiagnosisTrim = { originalBytes, limitBytes: limit, cut: [] };
  let current = report;
  let json = whole;
  for (const cut of CUTS) {
    current = cut.apply(current);
    trim.cut.push(cut.what);
    json = JSON.stringify({ ...current, trimmed: trim } satisfies StoredDiagnosis);
    if (Buffer.byteLength(json) <= limit) return json;
  }
  return json;
}

/** Every `bodySample` text, wherever it is: attempts carry one, and a step's evidence may quote a response. */
function withBodySamples(report: DiagnoseReport, change: (sample: string) => string): DiagnoseReport {
  return {
    ...report,
    attempts: report.attempts.map((a): AttemptReport => ({ ...a, bodySample: change(a.bodySample) })),
    steps: report.steps.map((s): StepReport => ({ ...s, evidence: mapSamples(s.evidence, change) as Record<string, unknown> })),
  };
}

function mapSamples(value: unknown, change: (sample: string) => string): unknown {
  if (Array.isArray(value)) return value.map((item) => mapSamples(item, change));
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = key === 'bodySample' && typeof item === 'string' ? change(item) : mapSamples(item, change);
  }
  return out;
}

function shortVerdict(verdict: Verdict): Verdict {
  const few = (texts: string[], n: number): string[] => texts.slice(0, n).map((text) => text.slice(0, SHORT_DETAIL));
  return {
    ...verdict,
    generatedBy: verdict.generatedBy === null ? null : verdict.generatedBy.slice(0, 64),
    summary: verdict.summary.slice(0, SHORT_TEXT),
    fixes: few(verdict.fixes, 10),
    ...(verdict.candidates ? { candidates: verdict.candidates.slice(0, 10) } : {}),
    ...(verdict.decideWith ? { decideWith: few(verdict.decideWith, 10) } : {}),
  };
}
