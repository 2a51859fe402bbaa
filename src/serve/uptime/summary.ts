// Uptime of one monitor over one period, from its incidents and maintenance: every minute is
// either counted (up or down), maintenance, or unobserved (before the monitor existed, or not
// yet come), and only counted minutes make the percentage.
import { clipIntervals, mergeIntervals, subtractIntervals, totalLength, type Interval } from '../../core/time/intervals.js';
import { toIso, toMs } from '../../core/time/time.js';
import type { IncidentSpan, MaintenanceInput, Outage, UptimeInput, UptimeSummary } from './types.js';

export function computeUptime(input: UptimeInput): UptimeSummary {
  const from = toMs(input.from);
  const to = toMs(input.to);
  if (to < from) throw new RangeError(`the period ends (${toIso(to)}) before it starts (${toIso(from)})`);
  const now = toMs(input.now ?? Date.now());
  const observedFrom = Math.max(from, input.createdAt === undefined ? -Infinity : toMs(input.createdAt));
  const observedTo = Math.max(observedFrom, Math.min(to, now));
  const observedMs = observedTo - observedFrom;
  const maintenance = mergeIntervals(clipIntervals(resolveMaintenance(input.maintenance, from, to), observedFrom, observedTo));
  const maintenanceMs = totalLength(maintenance);
  const countedMs = observedMs - maintenanceMs;

  const outages: Outage[] = [];
  for (const [start, end] of incidentGroups(input.incidents)) {
    const counted = subtractIntervals(clipIntervals([[start, end]], observedFrom, observedTo), maintenance);
    const ms = totalLength(counted);
    if (ms === 0) continue;
    outages.push({
      start: toIso(counted[0]![0]),
      end: toIso(counted[counted.length - 1]![1]),
      durationSeconds: ms / 1000,
      beganBefore: start < observedFrom,
      ongoing: end > observedTo,
    });
  }
  const downtimeMs = outages.reduce((sum, o) => sum + Math.round(o.durationSeconds * 1000), 0);
  const recovered = outages.filter((o) => !o.ongoing);
  return {
    from: toIso(from),
    to: toIso(to),
    observedFrom: observedMs > 0 ? toIso(observedFrom) : null,
    observedTo: observedMs > 0 ? toIso(observedTo) : null,
    periodSeconds: (to - from) / 1000,
    countedSeconds: countedMs / 1000,
    maintenanceSeconds: maintenanceMs / 1000,
    unobservedSeconds: (to - from - observedMs) / 1000,
    downtimeSeconds: downtimeMs / 1000,
    uptimePercent: countedMs > 0 ? (100 * (countedMs - downtimeMs)) / countedMs : null,
    outages,
    mttrSeconds: recovered.length > 0 ? recovered.reduce((sum, o) => sum + o.durationSeconds, 0) / recovered.length : null,
    longestSeconds: outages.length > 0 ? Math.max(...outages.map((o) => o.durationSeconds)) : null,
  };
}

/** Incidents as merged [start, end) groups; an open one has no end yet (Infinity), cut at `now` by the caller. */
export function incidentGroups(incidents: readonly IncidentSpan[]): Interval[] {
  return mergeIntervals(
    incidents.map((incident): Interval => {
      const opened = toMs(incident.openedAt);
      const closed = incident.closedAt === null ? Infinity : toMs(incident.closedAt);
      return [opened, Math.max(opened, closed)];
    }),
  );
}

export function resolveMaintenance(maintenance: MaintenanceInput | undefined, from: number, to: number): readonly Interval[] {
  if (!maintenance) return [];
  return typeof maintenance === 'function' ? maintenance(from, to) : maintenance;
}
