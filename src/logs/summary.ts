// Adds up events as they stream past: counts by cause and upstream, first and last time, and a
// timeline whose buckets widen as needed, so memory stays bounded whatever the logs hold.
import { CAUSES, type Cause } from '../core/model.js';
import { AccessSummary, type AccessJson, type AccessPart } from './access-summary.js';
import { CappedCounter, OTHERS } from './counter.js';
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
  /** 5xx responses read from access logs (not in `recognised` or `byCause`: they carry no cause); null when no access log was read. */
  access: AccessJson | null;
}

const CAUSE_INDEX = new Map<Cause, number>(CAUSES.map((cause, i) => [cause, i]));

/** Upstreams beyond 10,000 distinct names are counted under OTHER_UPSTREAMS. */
export const OTHER_UPSTREAMS = OTHERS;

/** A summary as plain data, to pass between threads. */
export interface SummaryPart {
  recognised: number;
  causeCounts: number[];
  upstreams: Array<[string, number]>;
  firstAt: number | null;
  lastAt: number | null;
  timeline: TimelinePart;
  access: AccessPart;
}

export class LogSummary {
  readonly inputs: FileStats[] = [];
  recognised = 0;
  private readonly causeCounts = new Float64Array(CAUSES.length);
  private readonly upstreamCounts = new CappedCounter();
  /** 5xx lines of access logs: counted apart, since they carry no cause. */
  readonly access = new AccessSummary();
  firstAt: number | null = null;
  lastAt: number | null = null;
  readonly timeline = new Timeline();

  add(event: LogEvent): void {
    if (event.kind === 'access') {
      this.access.add(event);
      return;
    }
    this.recognised++;
    const causeIndex = CAUSE_INDEX.get(event.cause)!;
    this.causeCounts[causeIndex]! += 1;
    const upstream = event.upstream;
    if (upstream !== null) this.upstreamCounts.add(upstream);
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

  /** What another summary counted (a part of a file read by a worker thread), as plain data. */
  toPart(): SummaryPart {
    return {
      recognised: this.recognised,
      causeCounts: [...this.causeCounts],
      upstreams: this.upstreamCounts.entries(),
      firstAt: this.firstAt,
      lastAt: this.lastAt,
      timeline: this.timeline.toPart(),
      access: this.access.toPart(),
    };
  }

  /** Adds a part's counts (its files are added with addFile). */
  merge(part: SummaryPart): void {
    this.recognised += part.recognised;
    part.causeCounts.forEach((n, i) => { this.causeCounts[i]! += n; });
    for (const [name, n] of part.upstreams) this.upstreamCounts.add(name, n);
    if (part.firstAt !== null && (this.firstAt === null || part.firstAt < this.firstAt)) this.firstAt = part.firstAt;
    if (part.lastAt !== null && (this.lastAt === null || part.lastAt > this.lastAt)) this.lastAt = part.lastAt;
    this.timeline.merge(part.timeline);
    this.access.merge(part.access);
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
    return this.upstreamCounts.sorted();
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
      access: this.inputs.some((input) => input.server === 'access') || this.access.responses > 0 ? this.access.toJSON() : null,
    };
  }
}
