// A fixed latency histogram per rollup bucket: eleven counters are a few bytes per row, add up
// exactly from hours to days, and still give a usable 95th percentile (within a factor of two).

/** Upper bounds (exclusive) of the buckets in milliseconds; one more bucket holds the rest. */
export const LATENCY_BOUNDS_MS = [25, 50, 100, 200, 400, 800, 1600, 3200, 6400, 12800] as const;
export const HISTOGRAM_SIZE = LATENCY_BOUNDS_MS.length + 1;

/** The column names h0..h10 the rollup tables use. */
export const HISTOGRAM_COLUMNS = Array.from({ length: HISTOGRAM_SIZE }, (_, i) => `h${i}`);

export function histogramIndex(totalMs: number): number {
  const index = LATENCY_BOUNDS_MS.findIndex((bound) => totalMs < bound);
  return index === -1 ? LATENCY_BOUNDS_MS.length : index;
}

/** The upper bound of the bucket holding the quantile, never above the largest value seen. */
export function quantileMs(histogram: readonly number[], q: number, maxMs: number): number {
  const count = histogram.reduce((sum, n) => sum + n, 0);
  if (count === 0) return 0;
  const rank = Math.ceil(q * count);
  let seen = 0;
  for (let i = 0; i < histogram.length; i++) {
    seen += histogram[i] ?? 0;
    if (seen >= rank) return Math.min(LATENCY_BOUNDS_MS[i] ?? maxMs, maxMs);
  }
  return maxMs;
}
