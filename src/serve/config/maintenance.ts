// `maintenance:` windows, at the top level (for every monitor, or those named or tagged) and in a
// monitor (for that monitor). One-off: `start` and `end` (or `duration`), times with a UTC offset.
// Recurring: `cron`, `duration` and `timezone`.
import { cronProblem } from '../policy/maintenance/cron.js';
import { canonicalTimeZone, knownTimeZones } from '../../core/time/time-zone.js';
import { isSeq } from 'yaml';
import { didYouMean } from './suggest.js';
import type { MaintenanceWindow } from './types.js';
import { readReferences, readTags } from './values.js';
import type { Field, Walker } from './walker.js';

const WINDOW_KEYS = ['reason', 'start', 'end', 'duration', 'cron', 'timezone'] as const;
const SCOPE_KEYS = ['monitors', 'tags'] as const;
const MINUTE = 60_000;
const LIMITS = {
  recurring: [MINUTE, 7 * 86_400_000],
  once: [MINUTE, 366 * 86_400_000],
} as const;
/** `2026-03-14T22:00:00+01:00`; seconds and fractions optional, `T` or a space. */
const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?$/i;

/** The top-level list; `monitors` must name monitors of the file. */
export function readMaintenance(w: Walker, field: Field, monitorNames: readonly string[]): MaintenanceWindow[] {
  const windows: MaintenanceWindow[] = [];
  for (const item of w.list(field) ?? []) {
    const f = w.map(item, [...WINDOW_KEYS, ...SCOPE_KEYS]);
    if (!f) continue;
    const window = readWindow(w, item, f);
    // An empty list would cover no monitor at all, which is never what was meant.
    for (const key of SCOPE_KEYS) {
      const scope = f[key];
      if (scope && (w.isEmpty(scope) || (isSeq(scope.node) && scope.node.items.length === 0))) {
        w.fail(scope, 'is empty; leave the key out to cover every monitor');
      }
    }
    const monitors = f.monitors && readReferences(w, f.monitors, monitorNames, 'a monitor', ' (the monitors: list is empty)');
    const tags = f.tags && readTags(w, f.tags);
    if (!window) continue;
    if (monitors) window.monitors = monitors;
    if (tags) window.tags = tags;
    windows.push(window);
  }
  return windows;
}

/** A monitor's own list: the window is that monitor's, so it names no others. */
export function readMonitorMaintenance(w: Walker, field: Field): MaintenanceWindow[] {
  const windows: MaintenanceWindow[] = [];
  for (const item of w.list(field) ?? []) {
    const f = w.map(item, [...WINDOW_KEYS, ...SCOPE_KEYS]);
    if (!f) continue;
    for (const key of SCOPE_KEYS) {
      if (f[key]) w.fail(f[key], `a monitor's own window covers only that monitor; "${key}" belongs in the top-level maintenance: list`);
    }
    const window = readWindow(w, item, f);
    if (window) windows.push(window);
  }
  return windows;
}

function readWindow(w: Walker, item: Field, f: Record<string, Field>): MaintenanceWindow | undefined {
  const reason = f.reason && readReason(w, f.reason);
  const window = f.cron ? readRecurring(w, item, f) : f.start ? readOnce(w, item, f) : undefined;
  if (!f.cron && !f.start) {
    w.fail(item, 'needs "start" and "end" (a one-off window) or "cron" and "duration" (a recurring one)');
  }
  if (window && reason) window.reason = reason;
  return window;
}

function readOnce(w: Walker, item: Field, f: Record<string, Field>): MaintenanceWindow | undefined {
  if (f.timezone) w.fail(f.timezone, 'applies to recurring windows; a one-off window\'s start and end carry their own UTC offset');
  const start = f.start && readInstant(w, f.start);
  if (f.end && f.duration) {
    w.fail(f.duration, 'give "end" or "duration", not both');
    return undefined;
  }
  if (!f.end && !f.duration) {
    w.fail(item, '"end" is missing (or give a "duration")');
    return undefined;
  }
  let end: number | undefined;
  if (f.end) {
    end = readInstant(w, f.end);
    if (start !== undefined && end !== undefined && end <= start) {
      const what = end === start ? 'is the same time as' : 'is before';
      w.fail(f.end, `${w.shown(f.end)} ${what} the start (${w.shown(f.start!)}); a window ends after it starts`);
      return undefined;
    }
  } else if (f.duration) {
    const ms = w.duration(f.duration, 'window', ...LIMITS.once);
    if (start !== undefined && ms !== undefined) end = start + ms;
  }
  if (start === undefined || end === undefined) return undefined;
  return { kind: 'once', start: new Date(start).toISOString(), end: new Date(end).toISOString() };
}

function readRecurring(w: Walker, item: Field, f: Record<string, Field>): MaintenanceWindow | undefined {
  if (f.start) w.fail(f.start, 'a window is one-off (start, end) or recurring (cron, duration), not both');
  if (f.end) w.fail(f.end, 'a recurring window lasts its "duration" from each start; "end" is for one-off windows');
  if (!f.duration) w.fail(item, '"duration" is missing: how long each window lasts (e.g. 30m, 2h)');
  const timezone = f.timezone ? readTimeZone(w, f.timezone) : 'UTC';
  const durationMs = f.duration && w.duration(f.duration, 'window', ...LIMITS.recurring);
  const cron = w.string(f.cron!);
  if (cron === undefined) return undefined;
  // Checked in UTC when the zone is wrong: the zone has its own message, the pattern may still be fine.
  const problem = cronProblem(cron, timezone ?? 'UTC');
  if (problem) w.fail(f.cron!, `${w.shown(f.cron!)} ${problem}`);
  if (problem || !timezone || !durationMs || f.start || f.end) return undefined;
  return { kind: 'recurring', cron: cron.trim(), durationMs, timezone };
}

/** Epoch ms of an ISO 8601 time that says its UTC offset: without one the instant is ambiguous. */
function readInstant(w: Walker, field: Field): number | undefined {
  const text = w.string(field);
  if (text === undefined) return undefined;
  const m = ISO.exec(text.trim());
  if (!m) return w.fail(field, `${w.shown(field)} is not a time (use ISO 8601 with a UTC offset, e.g. 2026-03-14T22:00:00+01:00, or Z for UTC)`);
  if (!m[7]) return w.fail(field, `${w.shown(field)} has no UTC offset; add one (e.g. +01:00, or Z for UTC) so the time is unambiguous`);
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map((part) => Number(part ?? 0)) as [number, number, number, number, number, number];
  // Date.parse rolls 30 February over into March; a calendar check refuses it.
  const civil = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  const offset = m[7].toUpperCase() === 'Z' ? 0 : Number(m[7].slice(1, 3)) * 60 + Number(m[7].slice(4, 6));
  if (civil.getUTCMonth() !== month - 1 || civil.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59 || offset > 18 * 60) {
    return w.fail(field, `${w.shown(field)} is not a valid date and time`);
  }
  return Date.parse(text.trim().replace(' ', 'T'));
}

function readTimeZone(w: Walker, field: Field): string | undefined {
  const text = w.string(field);
  if (text === undefined) return undefined;
  const zone = canonicalTimeZone(text.trim());
  if (zone) return zone;
  const guess = didYouMean(text.trim(), knownTimeZones());
  const why = guess ? `did you mean "${guess}"?` : 'use an IANA name such as Europe/Berlin, America/New_York or UTC';
  return w.fail(field, `${w.shown(field)} is not a time zone (${why})`);
}

function readReason(w: Walker, field: Field): string | undefined {
  const text = w.string(field)?.trim();
  if (text === undefined) return undefined;
  if (text === '' || text.length > 200 || /[\r\n]/.test(text)) return w.fail(field, 'must be one line of 1 to 200 characters');
  return text;
}
