// Words and numbers for the status pages: durations, times, percentages, states.
import type { PublicState } from './status-view.js';

export const STATE_WORDS: Record<PublicState, string> = {
  up: 'Operational',
  degraded: 'Degraded',
  down: 'Down',
  maintenance: 'Under maintenance',
  unknown: 'Not checked yet',
};

export const OVERALL_WORDS: Record<PublicState, string> = {
  up: 'All systems operational',
  degraded: 'Some systems are degraded',
  down: 'Some systems are down',
  maintenance: 'Maintenance in progress',
  unknown: 'Waiting for the first checks',
};

/** `3 h 5 min`, `42 s`. */
export function duration(seconds: number): string {
  if (seconds < 60) return `${Math.round(seconds)} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

/** `2026-03-01 10:00 UTC`. */
export function when(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

export function percent(value: number | null): string {
  return value === null ? 'no data' : `${value.toFixed(value === 100 ? 0 : 2)} %`;
}
