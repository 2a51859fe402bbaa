// One monitor's uptime report for a calendar period (a month by default): the figures, the
// search-ranking risks, and the text. What the CLI and the API call.
import { type CalendarUnit, periodContaining } from './calendar.js';
import { crawlRisks, type CrawlIncident, type CrawlRisk } from './crawl-risk.js';
import { formatUptimeReport, periodTitle } from './format.js';
import { computeUptime } from './summary.js';
import type { MaintenanceInput, UptimeSummary } from './types.js';
import { toMs, type TimeInput } from '../../core/time/time.js';

export interface ReportInput {
  /** Any instant inside the period wanted: the month (or other unit) that holds it. */
  at: TimeInput;
  unit?: CalendarUnit;
  /** IANA name; the period's edges are local midnights there. Default UTC. */
  timeZone?: string;
  /** The monitor's incidents overlapping the period (IncidentRecords: the risks read verdicts). */
  incidents: readonly CrawlIncident[];
  maintenance?: MaintenanceInput;
  createdAt?: TimeInput;
  now?: TimeInput;
}

export interface UptimeReport {
  title: string;
  key: string;
  summary: UptimeSummary;
  risks: CrawlRisk[];
  text: string;
}

export function uptimeReport(input: ReportInput): UptimeReport {
  const timeZone = input.timeZone ?? 'UTC';
  const now = toMs(input.now ?? Date.now());
  const period = periodContaining(input.unit ?? 'month', input.at, timeZone);
  const summary = computeUptime({ ...input, from: period.from, to: period.to, now });
  const risks = crawlRisks(input.incidents, { from: period.from, to: period.to, now });
  const title = periodTitle(period);
  return { title, key: period.key, summary, risks, text: formatUptimeReport(title, summary, risks, timeZone) };
}
