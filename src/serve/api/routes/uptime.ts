// A monitor's uptime for a calendar period: uptime %, outages, MTTR, maintenance left out, and
// the search-ranking risk of long server errors (src/serve/uptime/ does the arithmetic).
import type { RequestContext } from '../context.js';
import { param } from '../context.js';
import { invalidParameter } from '../errors.js';
import { choiceParam, instantParam } from '../params.js';
import type { Reply } from '../respond.js';
import { periodContaining, uptimeReport } from '../../uptime/index.js';
import type { IncidentRecord } from '../../store/types.js';
import { noMonitor } from './monitors.js';

const UNITS = ['day', 'week', 'month', 'year'] as const;

export async function getUptime(ctx: RequestContext): Promise<Reply> {
  const name = param(ctx, 'name');
  const unit = choiceParam(ctx.query, 'period', UNITS, 'month');
  const at = instantParam(ctx.query, 'at') ?? new Date();
  const timeZone = ctx.query.get('timezone') || 'UTC';
  if (!isTimeZone(timeZone)) throw invalidParameter('timezone', `"${timeZone}" is not an IANA time zone (e.g. Europe/Berlin)`);
  const monitor = await ctx.service.store.getMonitor(name);
  if (!monitor) throw noMonitor(name);

  const period = periodContaining(unit, at, timeZone);
  const from = Date.parse(period.from);
  // Newest first: read pages until the incidents closed before the period began.
  const incidents: IncidentRecord[] = [];
  let cursor: string | null = null;
  do {
    const page = await ctx.service.store.listIncidents({ monitor: name, limit: 100, cursor });
    incidents.push(...page.incidents);
    const oldest = page.incidents.at(-1);
    cursor = oldest && oldest.closedAt !== null && Date.parse(oldest.closedAt) < from ? null : page.next;
  } while (cursor);

  const report = uptimeReport({
    at,
    unit,
    timeZone,
    incidents,
    maintenance: (f, t) => ctx.service.maintenanceIntervals(name, f, t),
    createdAt: monitor.createdAt,
  });
  return { status: 200, json: { monitor: name, period: unit, timezone: timeZone, title: report.title, ...report.summary, risks: report.risks, text: report.text } };
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
