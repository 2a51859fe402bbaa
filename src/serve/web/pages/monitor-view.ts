// What the monitor page shows: state, target, the response time by phase over a chosen range,
// uptime for this day, week and month, and the monitor's latest incidents.
import type { MonitorService } from '../../engine/types.js';
import type { IncidentRecord, MonitorRecord } from '../../store/types.js';
import { uptimeReport } from '../../uptime/index.js';
import { chartData, type ChartData } from './chart-data.js';

export const RANGES = { '1h': 3_600_000, '24h': 86_400_000, '7d': 7 * 86_400_000 } as const;
export type RangeName = keyof typeof RANGES;
export const DEFAULT_RANGE: RangeName = '24h';

export interface UptimeCell {
  label: string;
  title: string;
  percent: number | null;
  downtimeSeconds: number;
}

export interface MonitorPageView {
  name: string;
  url: string;
  type: string;
  source: 'config' | 'api';
  /** up / degraded / down / unknown, or paused. */
  state: string;
  paused: boolean;
  last: MonitorRecord['last'];
  interval: string | null;
  range: RangeName;
  chart: ChartData;
  /** Results read for the chart (before averaging). */
  checks: number;
  /** When the range held more than CHART_RESULTS checks: the time of the oldest one drawn. */
  partialSince: string | null;
  uptime: UptimeCell[];
  incidents: IncidentRecord[];
}

/** Results read for one chart at most (a 30 s monitor makes 20,160 a week; they are averaged). */
export const CHART_RESULTS = 5000;

export function rangeOf(text: string | null): RangeName {
  return text !== null && Object.hasOwn(RANGES, text) ? (text as RangeName) : DEFAULT_RANGE;
}

/** null when there is no such monitor. */
export async function buildMonitorView(service: MonitorService, name: string, range: RangeName, now: number, paused: boolean): Promise<MonitorPageView | null> {
  const record = await service.store.getMonitor(name);
  if (record === null) return null;
  const results = await service.store.listResults(name, { since: new Date(now - RANGES[range]), limit: CHART_RESULTS });
  const monthStart = Date.UTC(new Date(now).getUTCFullYear(), new Date(now).getUTCMonth(), 1) - 7 * 86_400_000;
  const incidents = await incidentsSince(service, name, monthStart);
  const uptime = (['day', 'week', 'month'] as const).map((unit): UptimeCell => {
    const report = uptimeReport({ at: now, now, unit, incidents, maintenance: (f, t) => service.maintenanceIntervals(name, f, t), createdAt: record.createdAt });
    return { label: unit === 'day' ? 'Today' : unit === 'week' ? 'This week' : 'This month', title: report.title, percent: report.summary.uptimePercent, downtimeSeconds: report.summary.downtimeSeconds };
  });
  const settings = record.settings;
  return {
    name: record.name,
    url: record.url,
    type: typeof settings.type === 'string' ? settings.type : 'http',
    source: record.source,
    state: paused ? 'paused' : record.last?.status ?? 'unknown',
    paused,
    last: record.last,
    interval: typeof settings.interval === 'string' || typeof settings.interval === 'number' ? String(settings.interval) : null,
    range,
    chart: chartData(results),
    checks: results.length,
    partialSince: results.length >= CHART_RESULTS ? results.at(-1)!.at : null,
    uptime,
    incidents: incidents.slice(0, 10),
  };
}

/** Newest first, read page by page until the incidents closed before `from` (uptime needs them all). */
async function incidentsSince(service: MonitorService, name: string, from: number): Promise<IncidentRecord[]> {
  const incidents: IncidentRecord[] = [];
  let cursor: string | null = null;
  do {
    const page = await service.store.listIncidents({ monitor: name, limit: 100, cursor });
    incidents.push(...page.incidents);
    const oldest = page.incidents.at(-1);
    cursor = oldest && oldest.closedAt !== null && Date.parse(oldest.closedAt) < from ? null : page.next;
  } while (cursor && incidents.length < 2000);
  return incidents;
}
