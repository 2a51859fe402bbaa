// Half-open time intervals [start, end) in epoch milliseconds, and the set operations the uptime
// arithmetic needs. Half-open so that touching intervals ([1,2) and [2,3)) share no instant and
// lengths add up exactly.

export type Interval = readonly [start: number, end: number];

/** Sorted, with overlapping and touching intervals joined; empty ones dropped. */
export function mergeIntervals(intervals: readonly Interval[]): Interval[] {
  const sorted = intervals.filter(([s, e]) => e > s).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: [number, number][] = [];
  for (const [s, e] of sorted) {
    const last = out[out.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}

/** The parts of each interval inside [from, to), empty parts dropped. Order is kept. */
export function clipIntervals(intervals: readonly Interval[], from: number, to: number): Interval[] {
  const out: Interval[] = [];
  for (const [s, e] of intervals) {
    const start = Math.max(s, from);
    const end = Math.min(e, to);
    if (end > start) out.push([start, end]);
  }
  return out;
}

/** `intervals` minus `cut`; both may be unsorted. The result is merged. */
export function subtractIntervals(intervals: readonly Interval[], cut: readonly Interval[]): Interval[] {
  const holes = mergeIntervals(cut);
  const out: Interval[] = [];
  for (const [s, e] of mergeIntervals(intervals)) {
    let start = s;
    for (const [hs, he] of holes) {
      if (he <= start) continue;
      if (hs >= e) break;
      if (hs > start) out.push([start, hs]);
      start = Math.max(start, he);
      if (start >= e) break;
    }
    if (start < e) out.push([start, e]);
  }
  return out;
}

/** Total length; overlapping intervals count once. */
export function totalLength(intervals: readonly Interval[]): number {
  return mergeIntervals(intervals).reduce((sum, [s, e]) => sum + (e - s), 0);
}
