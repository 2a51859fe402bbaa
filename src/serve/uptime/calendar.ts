// Calendar periods (day, ISO week from Monday, month, year) in UTC or an IANA time zone, as
// instants. A local day is not always 24 hours: the day clocks spring forward has 23, the day they
// fall back 25, and a day whose midnight falls in a gap starts when the gap ends.
import { toIso, toMs, type TimeInput } from '../../core/time/time.js';

export type CalendarUnit = 'day' | 'week' | 'month' | 'year';

export interface CalendarPeriod {
  unit: CalendarUnit;
  /** `2026-03-29`, `2026-W13` (ISO week-numbering year), `2026-03`, `2026`. */
  key: string;
  /** [from, to) as instants, ISO. */
  from: string;
  to: string;
}

const DAY = 86_400_000;
const HOUR = 3_600_000;

/** Days since 1970-01-01 of a civil date: calendar arithmetic without time zones. */
type CivilDay = number;

export function periodContaining(unit: CalendarUnit, at: TimeInput, timeZone = 'UTC'): CalendarPeriod {
  const [start, next] = unitAround(unit, localDay(toMs(at), timeZone));
  return { unit, key: periodKey(unit, start), from: toIso(startOfDay(start, timeZone)), to: toIso(startOfDay(next, timeZone)) };
}

/** The periods that overlap [from, to), the first and last cut to it. */
export function periodsBetween(unit: CalendarUnit, from: TimeInput, to: TimeInput, timeZone = 'UTC'): CalendarPeriod[] {
  const end = toMs(to);
  const begin = toMs(from);
  const out: CalendarPeriod[] = [];
  let [start, next] = unitAround(unit, localDay(begin, timeZone));
  let startMs = startOfDay(start, timeZone);
  while (startMs < end) {
    const nextMs = startOfDay(next, timeZone);
    if (nextMs > begin) out.push({ unit, key: periodKey(unit, start), from: toIso(Math.max(startMs, begin)), to: toIso(Math.min(nextMs, end)) });
    [start, next] = unitAround(unit, next);
    startMs = nextMs;
  }
  return out;
}

/** The first instant of a civil day in a zone. */
export function startOfDay(day: CivilDay, timeZone: string): number {
  const midnightUtc = day * DAY;
  if (timeZone === 'UTC') return midnightUtc;
  // Offsets lie within -12 h and +14 h, so the local day starts between these two instants;
  // search for the first instant whose local date is that day (this also finds the end of a gap).
  let lo = midnightUtc - 15 * HOUR;
  let hi = midnightUtc + 13 * HOUR;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (localDay(mid, timeZone) >= day) hi = mid;
    else lo = mid;
  }
  return hi;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The civil date of an instant in a zone. */
export function localDay(ms: number, timeZone: string): CivilDay {
  if (timeZone === 'UTC') return Math.floor(ms / DAY);
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric' });
    formatters.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(ms).map((p) => [p.type, p.value]));
  return Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day)) / DAY;
}

/** The first day of the unit that holds `day`, and the first day of the next one. */
function unitAround(unit: CalendarUnit, day: CivilDay): [CivilDay, CivilDay] {
  const date = new Date(day * DAY);
  const y = date.getUTCFullYear();
  const m = date.getUTCMonth();
  switch (unit) {
    case 'day':
      return [day, day + 1];
    case 'week': {
      const monday = day - ((date.getUTCDay() + 6) % 7);
      return [monday, monday + 7];
    }
    case 'month':
      return [Date.UTC(y, m, 1) / DAY, Date.UTC(y, m + 1, 1) / DAY];
    case 'year':
      return [Date.UTC(y, 0, 1) / DAY, Date.UTC(y + 1, 0, 1) / DAY];
  }
}

function periodKey(unit: CalendarUnit, first: CivilDay): string {
  const iso = new Date(first * DAY).toISOString();
  switch (unit) {
    case 'day':
      return iso.slice(0, 10);
    case 'month':
      return iso.slice(0, 7);
    case 'year':
      return iso.slice(0, 4);
    case 'week': {
      // The ISO week belongs to the year of its Thursday; week 1 holds the year's first Thursday.
      const thursday = new Date((first + 3) * DAY);
      const year = thursday.getUTCFullYear();
      const week = Math.floor((first + 3 - Date.UTC(year, 0, 1) / DAY) / 7) + 1;
      return `${year}-W${String(week).padStart(2, '0')}`;
    }
  }
}
