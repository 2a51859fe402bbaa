// Adds up events as they stream past: counts by cause and upstream, first and last time, and a
// timeline whose buckets widen as needed, so memory stays bounded whatever the logs hold.
import { CAUSES, type Cause } from '../model.js';
import type { FileStats, LogEvent, ServerId, SkipCounts } from './types.js';

/** `whydown logs --json`: the contract's fields first, then extra detail. */
export interface LogsSummaryJson {
  files: number;
  lines: number;
  recognised: number;
  byCause: Partial<Record<Cause, number>>;
  byUpstream: Record<string, number>;
  firstAt: string | null;
  lastAt: string | null;
  skipped: SkipCounts;
  inputs: Array<{ file: string; server: ServerId | null; lines: number; recognised: number; skipped: SkipCounts; truncated: boolean }>;
  timeline: { bucketMinutes: number; buckets: Array<{ at: string; total: number; byCause: Partial<Record<Cause, number>> }> };
}

const CAUSE_INDEX = new Map<Cause, number>(CAUSES.map((cause, i) => [cause, i]));

/** Upstreams beyond this many distinct names are counted under OTHER_UPSTREAMS. */
const MAX_UPSTREAMS = 10_000;
export const OTHER_UPSTREAMS = '(others)';

interface Counter { name: string; n: number }

/** A summary as plain data, to pass between threads. */
export interface SummaryPart {
  recognised: number;
  causeCounts: number[];
  upstreams: Array<[string, number]>;
  firstAt: number | null;
  lastAt: number | null;
  timeline: TimelinePart;
}

export interface TimelinePart { step: number; buckets: Array<[number, number[]]> }

export class LogSummary {
  readonly inputs: FileStats[] = [];
  recognised = 0;
  private readonly causeCounts = new Float64Array(CAUSES.length);
  /**
   * Upstream counters by name. Parsers on hot paths hand out the same string object for the same
   * name (parsers/common.ts Interner), which V8 finds by its cached hash and by pointer; a fresh
   * slice each time made this lookup 15% of `whydown logs` on a big file (see bench/RESULTS.md).
   */
  private readonly upstreamTable = new Map<string, Counter>();
  private upstreamNames = 0;
  firstAt: number | null = null;
  lastAt: number | null = null;
  readonly timeline = new Timeline();

  add(event: LogEvent): void {
    this.recognised++;
    const causeIndex = CAUSE_INDEX.get(event.cause)!;
    this.causeCounts[causeIndex]! += 1;
    const upstream = event.upstream;
    if (upstream !== null) this.countUpstream(upstream, 1);
    const at = event.at;
    if (at !== null) {
      if (this.firstAt === null || at < this.firstAt) this.firstAt = at;
      if (this.lastAt === null || at > this.lastAt) this.lastAt = at;
      this.timeline.add(at, causeIndex);
    }
  }

  addFile(stats: FileStats): void {
    this.inputs.push(stats);
  }

  private countUpstream(name: string, n: number): void {
    const counter = this.upstreamTable.get(name);
    if (counter !== undefined) {
      counter.n += n;
      return;
    }
    if (this.upstreamNames >= MAX_UPSTREAMS && name !== OTHER_UPSTREAMS) {
      this.countUpstream(OTHER_UPSTREAMS, n);
      return;
    }
    if (name !== OTHER_UPSTREAMS) this.upstreamNames++;
    this.upstreamTable.set(name, { name, n });
  }

  private counters(): IterableIterator<Counter> {
    return this.upstreamTable.values();
  }

  /** What another summary counted (a part of a file read by a worker thread), as plain data. */
  toPart(): SummaryPart {
    return {
      recognised: this.recognised,
      causeCounts: [...this.causeCounts],
      upstreams: [...this.counters()].map((counter): [string, number] => [counter.name, counter.n]),
      firstAt: this.firstAt,
      lastAt: this.lastAt,
      timeline: this.timeline.toPart(),
    };
  }

  /** Adds a part's counts (its files are added with addFile). */
  merge(part: SummaryPart): void {
    this.recognised += part.recognised;
    part.causeCounts.forEach((n, i) => { this.causeCounts[i]! += n; });
    for (const [name, n] of part.upstreams) this.countUpstream(name, n);
    if (part.firstAt !== null && (this.firstAt === null || part.firstAt < this.firstAt)) this.firstAt = part.firstAt;
    if (part.lastAt !== null && (this.lastAt === null || part.lastAt > this.lastAt)) this.lastAt = part.lastAt;
    this.timeline.merge(part.timeline);
  }

  get lines(): number {
    return this.inputs.reduce((sum, file) => sum + file.lines, 0);
  }

  get skipped(): SkipCounts {
    const total: SkipCounts = { other: 0, corrupt: 0, tooLong: 0 };
    for (const file of this.inputs) {
      total.other += file.skipped.other;
      total.corrupt += file.skipped.corrupt;
      total.tooLong += file.skipped.tooLong;
    }
    return total;
  }

  /** Causes, most frequent first. */
  causes(): Array<[Cause, number]> {
    const list: Array<[Cause, number]> = [];
    this.causeCounts.forEach((n, i) => { if (n > 0) list.push([CAUSES[i]!, n]); });
    return list.sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  }

  /** Upstreams, most failures first. */
  upstreams(): Array<[string, number]> {
    return [...this.counters()].map((counter): [string, number] => [counter.name, counter.n])
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  }

  toJSON(): LogsSummaryJson {
    const view = this.timeline.view(48);
    return {
      files: this.inputs.length,
      lines: this.lines,
      recognised: this.recognised,
      byCause: Object.fromEntries(this.causes()),
      byUpstream: Object.fromEntries(this.upstreams()),
      firstAt: this.firstAt === null ? null : new Date(this.firstAt).toISOString(),
      lastAt: this.lastAt === null ? null : new Date(this.lastAt).toISOString(),
      skipped: this.skipped,
      inputs: this.inputs.map(({ file, server, lines, recognised, skipped, truncated }) => ({ file, server, lines, recognised, skipped, truncated })),
      timeline: {
        bucketMinutes: view.minutes,
        buckets: view.rows.map((row) => ({ at: new Date(row.start).toISOString(), total: row.total, byCause: Object.fromEntries(row.byCause) })),
      },
    };
  }
}

/** Bucket widths in minutes, each a multiple of the one before. */
const LADDER = [1, 5, 15, 60, 180, 360, 1440, 10_080, 40_320, 524_160];
const MAX_BUCKETS = 4096;

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
