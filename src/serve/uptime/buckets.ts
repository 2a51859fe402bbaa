// Uptime per calendar period (day, ISO week, month, year), in UTC or a time zone: the same
// arithmetic as computeUptime, once per period, so an outage across midnight counts in both days.
import { type CalendarPeriod, type CalendarUnit, periodsBetween } from './calendar.js';
import { computeUptime, resolveMaintenance } from './summary.js';
import { toMs } from '../../core/time/time.js';
import type { UptimeInput, UptimeSummary } from './types.js';

export interface PeriodUptime extends CalendarPeriod {
  summary: UptimeSummary;
}

export function uptimeByPeriod(input: UptimeInput, unit: CalendarUnit, timeZone = 'UTC'): PeriodUptime[] {
  const now = toMs(input.now ?? Date.now());
  // Resolved once for the whole range: a recurring window is enumerated once, not per day.
  const maintenance = resolveMaintenance(input.maintenance, toMs(input.from), toMs(input.to));
  return periodsBetween(unit, input.from, input.to, timeZone).map((period) => ({
    ...period,
    summary: computeUptime({ ...input, from: period.from, to: period.to, maintenance, now }),
  }));
}
