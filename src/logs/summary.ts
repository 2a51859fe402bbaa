// Adds up events as they stream past: counts by cause and upstream, first and last time, and a
// timeline whose buckets widen as needed, so memory stays bounded whatever the logs hold.
import { CAUSES, type Cause } from '../core/model.js';
import { Timeline, type TimelinePart } from './timeline.js';
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
