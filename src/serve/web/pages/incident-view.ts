// What the incident page shows, built from the store's record (the same data as
// GET /api/v1/incidents/{id}) and the checks made while it was open. Pure: incident-html.ts draws it.
import type { AttemptReport, StepReport, Verdict } from '../../../core/model.js';
import { describeCause } from '../../../core/knowledge/causes.js';
import type { IncidentDetail, ResultRecord, StoredDiagnosis } from '../../store/types.js';
import { hopStrip, type HopCell } from './hops.js';

export interface ChainLink {
  software: string;
  role: string;
  evidence: string[];
}

export interface DiagnosisView {
  /** 0: the diagnosis made when the incident opened; then each re-diagnosis. */
  index: number;
  at: string;
  url: string | null;
  durationMs: number | null;
  verdict: Verdict;
  /** The knowledge base's headline and sentence for the cause. */
  causeTitle: string;
  causeMeaning: string;
  hops: HopCell[];
  /** Who wrote the error page, relays first to last as the fingerprint read them. */
  chain: ChainLink[];
  steps: StepReport[];
  attempts: AttemptReport[];
  /** What the store cut to keep it, in words; null when whole. */
  trimmed: string | null;
  /** Links to this diagnosis as Markdown and HTML reports; null when only the verdict was kept. */
  downloads: { markdown: string; html: string } | null;
  /** The page as the browser step showed it (a browser monitor's incident); null when none was taken. */
  screenshot: string | null;
}

export type TimelineKind = 'opened' | 'verdict-changed' | 'rediagnosed' | 'check' | 'closed';

export interface TimelineEntry {
  at: string;
  /** A run of alike checks: the last one's time. */
  until?: string;
  kind: TimelineKind;
  text: string;
}

export interface IncidentPageView {
  id: number;
  monitor: string;
  monitorHref: string;
  openedAt: string;
  closedAt: string | null;
  durationSeconds: number;
  /** The newest diagnosis: the picture at the top. */
  current: DiagnosisView;
  /** The older ones, newest first. */
  earlier: DiagnosisView[];
  timeline: TimelineEntry[];
  /** Checks left out of the timeline (only the newest are listed). */
  checksLeftOut: number;
}

/** Checks read into the timeline at most (the newest): an outage of days has thousands. */
export const TIMELINE_CHECKS = 1000;

export function incidentHref(id: number): string {
  return `/incidents/${id}`;
}

export function monitorHref(name: string): string {
  return `/monitors/${encodeURIComponent(name)}`;
}

/** `checks`: the monitor's results while the incident was open, newest first (as the store lists them). */
export function buildIncidentView(incident: IncidentDetail, checks: readonly ResultRecord[], now: number): IncidentPageView {
  const stored: (StoredDiagnosis | null)[] = [incident.diagnosis, ...incident.rediagnoses];
  const diagnoses = stored.map((report, index) => diagnosisView(incident, report, index));
  // A whydown that kept only verdicts has no diagnosis: the picture is drawn from the verdict alone.
  const current = diagnoses.at(-1)!;
  const end = incident.closedAt ? Date.parse(incident.closedAt) : now;
  const listed = checks.slice(0, TIMELINE_CHECKS);
  return {
    id: incident.id,
    monitor: incident.monitor,
    monitorHref: monitorHref(incident.monitor),
    openedAt: incident.openedAt,
    closedAt: incident.closedAt,
    durationSeconds: Math.max(0, Math.round((end - Date.parse(incident.openedAt)) / 1000)),
    current,
    earlier: diagnoses.slice(0, -1).reverse(),
    timeline: timeline(incident, listed),
    checksLeftOut: checks.length - listed.length,
  };
}

function diagnosisView(incident: IncidentDetail, report: StoredDiagnosis | null, index: number): DiagnosisView {
  const verdict = report?.verdict ?? incident.verdict;
  const info = describeCause(verdict.cause);
  const base = `${incidentHref(incident.id)}/report`;
  const which = index === 0 ? '' : `?n=${index}`;
  return {
    index,
    at: report?.startedAt ?? incident.openedAt,
    url: report?.url ?? null,
    durationMs: report?.durationMs ?? null,
    verdict,
    causeTitle: info.title,
    causeMeaning: info.meaning,
    hops: hopStrip(verdict, report),
    chain: report ? chainOf(report.steps) : [],
    steps: report?.steps ?? [],
    attempts: report?.attempts ?? [],
    trimmed: report?.trimmed ? `Stored shortened (${report.trimmed.originalBytes} bytes, the store keeps ${report.trimmed.limitBytes}): ${report.trimmed.cut.join('; ')}.` : null,
    downloads: report ? { markdown: `${base}.md${which}`, html: `${base}.html${which}` } : null,
    screenshot: report && screenshotOf(report) !== null ? `${incidentHref(incident.id)}/screenshot.png${which}` : null,
  };
}

/** The browser step's screenshot file, read defensively (a diagnosis of another version may differ). */
export function screenshotOf(report: StoredDiagnosis): string | null {
  const shot = report.steps.find((s) => s.id === 'browser')?.evidence.screenshot;
  return typeof shot === 'string' && shot.endsWith('.png') ? shot : null;
}

/** The fingerprint step's chain, read defensively: a diagnosis stored by another version may differ. */
function chainOf(steps: readonly StepReport[]): ChainLink[] {
  const chain = steps.find((s) => s.id === 'fingerprint')?.evidence.chain;
  if (!Array.isArray(chain)) return [];
  return chain.flatMap((link: unknown): ChainLink[] => {
    if (typeof link !== 'object' || link === null) return [];
    const { software, role, evidence } = link as Record<string, unknown>;
    if (typeof software !== 'string') return [];
    return [{ software, role: typeof role === 'string' ? role : '', evidence: Array.isArray(evidence) ? evidence.filter((e): e is string => typeof e === 'string') : [] }];
  });
}

function timeline(incident: IncidentDetail, checks: readonly ResultRecord[]): TimelineEntry[] {
  const entries: TimelineEntry[] = [];
  for (const event of incident.timeline) {
    const v = event.verdict;
    if (event.type === 'opened') entries.push({ at: event.at, kind: 'opened', text: `Opened: ${v ? describeCause(v.cause).title.toLowerCase() : 'down'}` });
    else if (event.type === 'verdict-changed') entries.push({ at: event.at, kind: 'verdict-changed', text: `Diagnosis changed: ${v ? `${describeCause(v.cause).title.toLowerCase()} (hop ${v.hop})` : 'new verdict'}` });
    else entries.push({ at: event.at, kind: 'closed', text: 'Closed: the monitor is up again' });
  }
  for (const report of incident.rediagnoses) {
    entries.push({ at: report.startedAt, kind: 'rediagnosed', text: `Re-diagnosed: ${report.verdict.cause}, hop ${report.verdict.hop}` });
  }
  const sorted = [...checks].sort((a, b) => a.at.localeCompare(b.at));
  // Alike checks in a row are one line ("14 checks: down (ECONNREFUSED), 1–19 ms"): an outage
  // checked every few seconds would otherwise bury the incident's own events.
  let run: { first: ResultRecord; last: ResultRecord; what: string; count: number; min: number; max: number } | null = null;
  const flush = (): void => {
    if (!run) return;
    const ms = run.min === run.max ? `${run.min} ms` : `${run.min}–${run.max} ms`;
    const text = run.count === 1 ? `Check: ${run.what}, ${ms}` : `${run.count} checks: ${run.what}, ${ms}`;
    entries.push({ at: run.first.at, ...(run.count > 1 ? { until: run.last.at } : {}), kind: 'check', text });
    run = null;
  };
  for (const check of sorted) {
    const what = `${check.status} (${check.httpStatus !== null ? `HTTP ${check.httpStatus}` : check.errorCode ?? check.cause})`;
    const ms = Math.round(check.durationMs);
    if (run && run.what === what) {
      run.last = check;
      run.count++;
      run.min = Math.min(run.min, ms);
      run.max = Math.max(run.max, ms);
    } else {
      flush();
      run = { first: check, last: check, what, count: 1, min: ms, max: ms };
    }
  }
  flush();
  // Oldest first; at one instant the incident's own events before the checks.
  const rank: Record<TimelineKind, number> = { opened: 0, 'verdict-changed': 1, rediagnosed: 2, check: 3, closed: 4 };
  return entries.sort((a, b) => a.at.localeCompare(b.at) || rank[a.kind] - rank[b.kind]);
}
