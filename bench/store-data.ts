// Deterministic, plausible check results and rollup buckets for the store benches: per-monitor
// base latency, noise, occasional slow checks, and an outage on about one monitor-day in ten.
// Values are as varied as real ones, so on-disk sizes are not flattered by repetition.
import { HISTOGRAM_SIZE, histogramIndex } from '../src/serve/store/histogram.js';
import type { ResultInput, RollupBucket, RollupPeriod } from '../src/serve/store/types.js';

export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;

/** A small fast hash of integers to [0, 1). */
function noise(...keys: number[]): number {
  let h = 0x9e3779b9;
  for (const key of keys) {
    h = Math.imul(h ^ key, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return (h >>> 0) / 2 ** 32;
}

const baseMs = (monitor: number): number => 40 + (monitor * 37) % 500;

/** Minutes of the day [start, end) during which the monitor is down, or null. */
function outage(monitor: number, day: number): [number, number] | null {
  if (noise(monitor, day, 1) >= 0.1) return null;
  const start = Math.floor(noise(monitor, day, 2) * 1400);
  return [start, start + 5 + Math.floor(noise(monitor, day, 3) * 25)];
}

/** Results of every monitor for the 60 minutes from `hourStart`. */
export function hourOfResults(names: readonly string[], hourStart: number): ResultInput[] {
  const day = Math.floor(hourStart / DAY);
  const results: ResultInput[] = [];
  for (let minute = 0; minute < 60; minute++) {
    const minuteOfDay = Math.floor((hourStart % DAY) / MINUTE) + minute;
    names.forEach((monitor, i) => {
      const at = hourStart + minute * MINUTE + ((i * 7919) % 59_000); // checks spread over the minute
      const r = noise(i, at);
      const window = outage(i, day);
      if (window && minuteOfDay >= window[0] && minuteOfDay < window[1]) {
        const refused = r < 0.5;
        results.push({
          monitor, at: new Date(at), status: 'down', cause: refused ? 'upstream-refused' : 'upstream-timeout',
          timings: refused ? { dns: 2 + r * 10, tcp: 1 + r * 20, tls: 8 + r * 40, firstByte: 20 + r * 50, download: 0.2, total: 40 + r * 120 } : { dns: 2 + r * 10, tcp: 1 + r * 20, tls: 8 + r * 40, total: 10_000 },
          httpStatus: refused ? 502 : 504, errorCode: null, durationMs: refused ? 150 : 10_050,
        });
        return;
      }
      const slow = r > 0.99;
      const total = baseMs(i) * (0.8 + 0.4 * noise(at, i)) * (slow ? 6 : 1);
      const dns = 0.5 + 20 * noise(at, 1);
      const tcp = 1 + 30 * noise(at, 2);
      const tls = 5 + 60 * noise(at, 3);
      const download = 0.1 + 4 * noise(at, 4);
      results.push({
        monitor, at: new Date(at), status: slow ? 'degraded' : 'up', cause: slow ? 'slow-response' : 'ok',
        timings: { dns, tcp, tls, firstByte: Math.max(1, total - dns - tcp - tls - download), download, total: total + 0.001 },
        httpStatus: 200, errorCode: null, durationMs: Math.round(total + 2),
      });
    });
  }
  return results;
}

/** Buckets for every monitor over [from, to), as rollup() would have made them. */
export function syntheticBuckets(names: readonly string[], period: RollupPeriod, from: number, to: number): RollupBucket[] {
  const size = period === 'hour' ? HOUR : DAY;
  const buckets: RollupBucket[] = [];
  for (let start = from; start < to; start += size) {
    names.forEach((monitor, i) => {
      const count = size / MINUTE;
      const window = outage(i, Math.floor(start / DAY));
      const downMinutes = window === null ? 0 : period === 'day' ? window[1] - window[0]
        : Math.max(0, Math.min(window[1], (start % DAY) / MINUTE + 60) - Math.max(window[0], (start % DAY) / MINUTE));
      const degraded = Math.round(count * 0.01 * noise(i, start));
      const base = baseMs(i);
      const histogram = new Array<number>(HISTOGRAM_SIZE).fill(0);
      histogram[histogramIndex(base)]! += count - downMinutes - degraded;
      histogram[histogramIndex(base * 6)]! += degraded;
      histogram[histogramIndex(10_000)]! += downMinutes;
      buckets.push({
        monitor, period, start: new Date(start).toISOString(), count, up: count - downMinutes - degraded,
        degraded, down: downMinutes, minMs: base * 0.8, avgMs: base * (1 + 0.05 * degraded / count),
        maxMs: downMinutes > 0 ? 10_000 : base * 6, p95Ms: base * 1.2, histogram, downtimeSeconds: downMinutes * 60,
      });
    });
  }
  return buckets;
}
