// The inputs and answers of the uptime arithmetic. Times in answers are ISO strings and durations
// seconds (with millisecond precision), as in the store and the API.
import type { Interval } from '../../core/time/intervals.js';
import type { TimeInput } from '../../core/time/time.js';

/** What the arithmetic needs of an incident; an IncidentRecord fits. */
export interface IncidentSpan {
  openedAt: TimeInput;
  /** null: still open, down until `now`. */
  closedAt: TimeInput | null;
}

/**
 * The monitor's maintenance: intervals (epoch ms, any order, may reach outside the period), or a
 * function giving them for a range, e.g. `(f, t) => schedule.maintenanceIntervals(monitor, f, t)`.
 */
export type MaintenanceInput = readonly Interval[] | ((from: number, to: number) => readonly Interval[]);

export interface UptimeInput {
  /** The period [from, to). */
  from: TimeInput;
  to: TimeInput;
  incidents: readonly IncidentSpan[];
  maintenance?: MaintenanceInput;
  /** When the monitor was created: time before it was not observed and does not count. */
  createdAt?: TimeInput;
  /** Time after it is not observed yet, and open incidents last until it. Default: the clock. */
  now?: TimeInput;
}

export interface Outage {
  /** The first and last instant counted (maintenance and the period's edges cut it). */
  start: string;
  end: string;
  /** Counted time: inside the period, outside maintenance. */
  durationSeconds: number;
  /** It had begun before the observed part of the period. */
  beganBefore: boolean;
  /** Not over by the end of the observed part of the period (still open, or goes on past it). */
  ongoing: boolean;
}

export interface UptimeSummary {
  from: string;
  to: string;
  /** The observed part, [observedFrom, observedTo): after creation, before now; null when none. */
  observedFrom: string | null;
  observedTo: string | null;
  /** periodSeconds = countedSeconds + maintenanceSeconds + unobservedSeconds. */
  periodSeconds: number;
  /** The time uptime is a share of: observed, outside maintenance. */
  countedSeconds: number;
  maintenanceSeconds: number;
  unobservedSeconds: number;
  downtimeSeconds: number;
  /** null when no time was counted. */
  uptimePercent: number | null;
  /** In time order; overlapping or touching incidents are one outage. */
  outages: Outage[];
  /** Mean time to recovery: mean counted duration of the outages that ended (not ongoing). */
  mttrSeconds: number | null;
  longestSeconds: number | null;
}
