// Failures over time in buckets that widen (1 min, 5 min, 15 min, 1 h, …) when there are too many,
// so memory stays bounded whatever span the logs cover.
import { CAUSES, type Cause } from '../core/model.js';

/** Bucket widths in minutes, each a multiple of the one before. */
const LADDER = [1, 5, 15, 60, 180, 360, 1440, 10_080, 40_320, 524_160];
const MAX_BUCKETS = 4096;

/** A timeline as plain data, to pass between threads. */
export interface TimelinePart { step: number; buckets: Array<[number, number[]]> }

export interface TimelineRow { start: number; total: number; byCause: Array<[Cause, number]> }

export class Timeline {
  private step = 0;
  /** Bucket start (minutes since the epoch) → counts per cause index. */
  private buckets = new Map<number, Uint32Array>();

  /** The bucket of the last event: most events fall in the same one as the event before. */
  private lastStart = Number.NaN;
  private lastEnd = Number.NaN;
  private lastCounts: Uint32Array = new Uint32Array(0);

  add(at: number, causeIndex: number): void {
    if (!(at >= this.lastStart && at < this.lastEnd)) this.findBucket(at);
    this.lastCounts[causeIndex]! += 1;
  }

  private findBucket(at: number): void {
    const width = LADDER[this.step]!;
    const key = Math.floor(at / 60_000 / width) * width;
    let counts = this.buckets.get(key);
    if (!counts) {
      counts = new Uint32Array(CAUSES.length);
      this.buckets.set(key, counts);
      if (this.buckets.size > MAX_BUCKETS && this.step < LADDER.length - 1) {
        this.widen();
        this.findBucket(at);
        return;
      }
    }
    this.lastCounts = counts;
    this.lastStart = key * 60_000;
    this.lastEnd = (key + width) * 60_000;
  }

  /** Buckets from the first to the last (empty ones included), at most `maxRows` of them. */
  view(maxRows: number): { minutes: number; rows: TimelineRow[] } {
    if (this.buckets.size === 0) return { minutes: LADDER[this.step]!, rows: [] };
    const keys = [...this.buckets.keys()];
    const first = Math.min(...keys);
    const last = Math.max(...keys);
    let step = this.step;
    while (step < LADDER.length - 1 && Math.floor(last / LADDER[step]!) - Math.floor(first / LADDER[step]!) + 1 > maxRows) step++;
    const width = LADDER[step]!;
    const merged = new Map<number, Uint32Array>();
    for (const [key, counts] of this.buckets) {
      const start = Math.floor(key / width) * width;
      const into = merged.get(start) ?? new Uint32Array(CAUSES.length);
      for (let i = 0; i < counts.length; i++) into[i]! += counts[i]!;
      merged.set(start, into);
    }
    const rows: TimelineRow[] = [];
    for (let start = Math.floor(first / width) * width; start <= last; start += width) {
      const counts = merged.get(start);
      const byCause: Array<[Cause, number]> = [];
      let total = 0;
      if (counts) {
        counts.forEach((n, i) => {
          if (n > 0) byCause.push([CAUSES[i]!, n]);
          total += n;
        });
        byCause.sort((a, b) => b[1] - a[1]);
      }
      rows.push({ start: start * 60_000, total, byCause });
    }
    return { minutes: width, rows };
  }

  toPart(): TimelinePart {
    return { step: this.step, buckets: [...this.buckets].map(([key, counts]): [number, number[]] => [key, [...counts]]) };
  }

  merge(part: TimelinePart): void {
    if (part.step > this.step) this.widen(part.step);
    const width = LADDER[this.step]!;
    for (const [key, counts] of part.buckets) {
      const start = Math.floor(key / width) * width;
      let into = this.buckets.get(start);
      if (!into) {
        into = new Uint32Array(CAUSES.length);
        this.buckets.set(start, into);
      }
      for (let i = 0; i < counts.length; i++) into[i]! += counts[i]!;
    }
    if (this.buckets.size > MAX_BUCKETS) this.widen();
  }

  /** Merges buckets into wider ones: until there are few enough, or up to `step`. */
  private widen(step = 0): void {
    this.lastStart = Number.NaN;
    this.lastEnd = Number.NaN;
    while ((this.buckets.size > MAX_BUCKETS || this.step < step) && this.step < LADDER.length - 1) {
      this.step++;
      const width = LADDER[this.step]!;
      const wider = new Map<number, Uint32Array>();
      for (const [key, counts] of this.buckets) {
        const start = Math.floor(key / width) * width;
        const into = wider.get(start);
        if (into) for (let i = 0; i < counts.length; i++) into[i]! += counts[i]!;
        else wider.set(start, counts);
      }
      this.buckets = wider;
    }
  }
}
