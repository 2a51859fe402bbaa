// Small text helpers every layer words its output with. One home each, so a summary, an alert and
// an incident never drift apart in how they lower a title or spell a duration.
import type { Timings } from '../model.js';

/** "The upstream…" → "the upstream…", but "TLS…", "DNS…" and "PHP-FPM…" stay as they are. */
export function lowerFirst(text: string): string {
  return /^[A-Z](?![A-Z])/.test(text) ? text[0]!.toLowerCase() + text.slice(1) : text;
}

/** `45 s`, `12 min`, `10.3 min`, `2 h`, `2 h 5 min`, `3 d 4 h`: precise enough to read, never "0 min". */
export function formatSpan(seconds: number): string {
  const s = Math.max(0, seconds);
  if (s < 59.5) return `${Math.round(s)} s`;
  const tenthsOfMinutes = Math.round(s / 6);
  if (tenthsOfMinutes < 600) return `${trimDecimal(tenthsOfMinutes / 10)} min`;
  const minutes = Math.round(s / 60);
  if (minutes < 1440) {
    const h = Math.floor(minutes / 60);
    return minutes % 60 === 0 ? `${h} h` : `${h} h ${minutes % 60} min`;
  }
  const hours = Math.round(s / 3600);
  const d = Math.floor(hours / 24);
  return hours % 24 === 0 ? `${d} d` : `${d} d ${hours % 24} h`;
}

/** `3`, `3.5`: one decimal only when it says something. */
export function trimDecimal(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}

/** Milliseconds to `digits` decimals: stored timings keep microseconds, shown ones tenths. */
export function roundMs(ms: number, digits = 3): number {
  const scale = 10 ** digits;
  return Math.round(ms * scale) / scale;
}

/** Every phase that happened, rounded; a phase that did not happen stays absent. */
export function roundTimings(timings: Timings, digits = 3): Timings {
  const rounded = { ...timings };
  for (const phase of Object.keys(rounded) as (keyof Timings)[]) {
    const value = rounded[phase];
    if (value !== undefined) rounded[phase] = roundMs(value, digits);
  }
  return rounded;
}

/** A count with its noun in the right number: "1 monitor", "2 monitors" — never "1 monitors". */
export function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}

/** Optimal string alignment distance: Levenshtein plus swapped neighbours ("explian") as one edit. */
export function editDistance(a: string, b: string): number {
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) rows[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = d;
    }
  }
  return rows[a.length]![b.length]!;
}
