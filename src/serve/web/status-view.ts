// What a public status page may show, gathered from the engine and the store. This is the only
// place that reads them for the web, and it copies out only public things: each listed monitor's
// name and state, a cause's plain-words title from the knowledge table (never the verdict's
// summary, which may name addresses), uptime figures, and times. URLs, headers, evidence and the
// monitors a page does not list never enter a StatusView, so no renderer can leak them.
import { describeCause } from '../../core/knowledge/causes.js';
import type { Cause } from '../../core/model.js';
import type { StatusPageConfig } from '../config/types.js';
import type { MonitorService } from '../engine/types.js';
import type { IncidentRecord } from '../store/types.js';
import { computeUptime } from '../uptime/index.js';

const DAY = 86_400_000;
export const DAYS_SHOWN = 90;
/** Closed incidents older than this leave the page. */
const RECENT_MS = 30 * DAY;
/** Maintenance this far ahead is announced. */
const AHEAD_MS = 7 * DAY;
const MAX_INCIDENTS = 20;

export type PublicState = 'up' | 'degraded' | 'down' | 'maintenance' | 'unknown';

export interface DayBar {
  /** UTC day, `YYYY-MM-DD`. */
  date: string;
  /** null: no checks that day. */
  uptimePercent: number | null;
}

export interface PublicMonitor {
  name: string;
  state: PublicState;
  /** The cause in plain words when not up; null when up or not known. */
  cause: string | null;
  /** Oldest first, the last one today (so far). */
  days: DayBar[];
  uptimePercent: number | null;
}

/**
 * No store id: ids are counted over every monitor, so their gaps would tell how many incidents the
 * monitors a page does not list have had. The monitor and opening time identify it as well.
 */
export interface PublicIncident {
  monitor: string;
  cause: string;
  openedAt: string;
  closedAt: string | null;
  durationSeconds: number;
}

export interface PublicWindow {
  monitors: string[];
  start: string;
  end: string;
  ongoing: boolean;
}

export interface StatusView {
  slug: string;
  title: string;
  generatedAt: string;
  state: PublicState;
  monitors: PublicMonitor[];
  incidents: PublicIncident[];
  maintenance: PublicWindow[];
}

export function causeWords(cause: Cause): string {
  return describeCause(cause).title;
}

export async function buildStatusView(page: StatusPageConfig, service: MonitorService, now = Date.now()): Promise<StatusView> {
  const states = new Map<string, string>();
  for (const s of service.states()) if (page.monitors.includes(s.name)) states.set(s.name, s.status);
  const monitors: PublicMonitor[] = [];
  const incidents: PublicIncident[] = [];
  for (const name of page.monitors) {
    const [record, recent] = await Promise.all([
      service.store.getMonitor(name),
      service.store.listIncidents({ monitor: name, limit: MAX_INCIDENTS }),
    ]);
    const inMaintenance = service.maintenanceIntervals(name, now, now + 1).length > 0;
    const open = recent.incidents.find((i) => i.closedAt === null) ?? null;
    const checked = states.get(name) ?? 'unknown';
    const state: PublicState = inMaintenance ? 'maintenance' : open ? 'down' : (checked as PublicState);
    const cause = state === 'up' || state === 'maintenance' ? null
      : open ? causeWords(open.verdict.cause)
        : record?.last && record.last.status !== 'up' ? causeWords(record.last.cause) : null;
    const days = await dayBars(service, name, recent.incidents, record?.createdAt ?? null, now);
    monitors.push({ name, state, cause, days, uptimePercent: overall(days) });
    for (const incident of recent.incidents) {
      if (incident.closedAt !== null && now - Date.parse(incident.closedAt) > RECENT_MS) continue;
      incidents.push(publicIncident(incident, now));
    }
  }
  incidents.sort((a, b) => b.openedAt.localeCompare(a.openedAt));
  return {
    slug: page.slug,
    title: page.title,
    generatedAt: new Date(now).toISOString(),
    state: worst(monitors.map((m) => m.state)),
    monitors,
    incidents: incidents.slice(0, MAX_INCIDENTS),
    maintenance: windows(page, service, now),
  };
}

function publicIncident(incident: IncidentRecord, now: number): PublicIncident {
  const end = incident.closedAt === null ? now : Date.parse(incident.closedAt);
  return {
    monitor: incident.monitor,
    cause: causeWords(incident.verdict.cause),
    openedAt: incident.openedAt,
    closedAt: incident.closedAt,
    durationSeconds: Math.max(0, Math.round((end - Date.parse(incident.openedAt)) / 1000)),
  };
}

/**
 * Past days from the store's daily rollups (share of checks not down); today, which has no
 * rollup until it is over, from the incidents and maintenance as the uptime API counts it.
 */
async function dayBars(service: MonitorService, name: string, incidents: readonly IncidentRecord[], createdAt: string | null, now: number): Promise<DayBar[]> {
  const today = Math.floor(now / DAY) * DAY;
  const first = today - (DAYS_SHOWN - 1) * DAY;
  const rollups = await service.store.listRollups(name, 'day', { since: new Date(first), limit: DAYS_SHOWN });
  const byDay = new Map(rollups.map((r) => [r.start.slice(0, 10), r]));
  const bars: DayBar[] = [];
  for (let day = first; day < today; day += DAY) {
    const date = new Date(day).toISOString().slice(0, 10);
    const r = byDay.get(date);
    bars.push({ date, uptimePercent: r && r.count > 0 ? round((100 * (r.count - r.down)) / r.count) : null });
  }
  const todaySoFar = computeUptime({
    from: today, to: today + DAY, now, incidents,
    maintenance: (f, t) => service.maintenanceIntervals(name, f, t),
    ...(createdAt ? { createdAt } : {}),
  });
  bars.push({ date: new Date(today).toISOString().slice(0, 10), uptimePercent: todaySoFar.uptimePercent === null ? null : round(todaySoFar.uptimePercent) });
  return bars;
}

function overall(days: readonly DayBar[]): number | null {
  const known = days.filter((d) => d.uptimePercent !== null);
  if (known.length === 0) return null;
  return round(known.reduce((sum, d) => sum + d.uptimePercent!, 0) / known.length);
}

/** Current and coming windows of the page's monitors; one entry per window however many it covers. */
function windows(page: StatusPageConfig, service: MonitorService, now: number): PublicWindow[] {
  const byInterval = new Map<string, PublicWindow>();
  for (const name of page.monitors) {
    for (const [start, end] of service.maintenanceIntervals(name, now, now + AHEAD_MS)) {
      const key = `${start}-${end}`;
      const entry = byInterval.get(key) ?? { monitors: [], start: new Date(start).toISOString(), end: new Date(end).toISOString(), ongoing: start <= now };
      entry.monitors.push(name);
      byInterval.set(key, entry);
    }
  }
  return [...byInterval.values()].sort((a, b) => a.start.localeCompare(b.start)).slice(0, 10);
}

const RANK: Record<PublicState, number> = { up: 0, unknown: 1, maintenance: 2, degraded: 3, down: 4 };

function worst(states: readonly PublicState[]): PublicState {
  return states.reduce<PublicState>((w, s) => (RANK[s] > RANK[w] ? s : w), states.length ? 'up' : 'unknown');
}

function round(percent: number): number {
  return Math.floor(percent * 100) / 100;
}

/** Uptime over the last `ms` for a badge, from incidents as the uptime API counts it. */
export async function recentUptime(service: MonitorService, name: string, ms: number, now = Date.now()): Promise<number | null> {
  const [record, page] = await Promise.all([service.store.getMonitor(name), service.store.listIncidents({ monitor: name, limit: 100 })]);
  const summary = computeUptime({
    from: now - ms, to: now, now, incidents: page.incidents,
    maintenance: (f, t) => service.maintenanceIntervals(name, f, t),
    ...(record ? { createdAt: record.createdAt } : {}),
  });
  return summary.uptimePercent === null ? null : round(summary.uptimePercent);
}

/** A badge's state: the page's rules for one monitor. */
export async function monitorState(service: MonitorService, name: string, now = Date.now()): Promise<PublicState> {
  if (service.maintenanceIntervals(name, now, now + 1).length > 0) return 'maintenance';
  if (await service.store.openIncidentFor(name)) return 'down';
  for (const s of service.states()) if (s.name === name) return s.status;
  return 'unknown';
}
