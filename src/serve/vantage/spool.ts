// An agent's results on disk until the hub has acked them: while the hub is away they wait here
// (bounded: past `maxResults` the oldest are dropped first, and counted), and an agent restarted
// sends again what it had. Files of up to `segmentSize` results (JSON lines) each, so an ack
// deletes whole files and dropping the oldest is removing one. A result acked but still in a file
// not yet deleted may be sent again after a restart: the hub's key (monitor, vantage, slot)
// stores it once.
import { appendFileSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { WireResult } from './protocol.js';

interface Segment {
  file: string;
  firstId: number;
  /** Ids in the file not yet acked. */
  open: Set<number>;
  lines: number;
}

export interface SpoolOptions {
  dir: string;
  /** Results kept at most (default 100,000); the oldest file goes first past it. */
  maxResults?: number;
  segmentSize?: number;
}

const NAME = /^seg-(\d{16})\.jsonl$/;

export class Spool {
  private readonly pending = new Map<number, WireResult>();
  private readonly segments: Segment[] = [];
  private readonly maxResults: number;
  private readonly segmentSize: number;
  private nextId = 1;
  /** Results dropped because the spool was full, not yet reported to the hub. */
  private droppedSinceReport = 0;
  droppedTotal = 0;

  constructor(private readonly options: SpoolOptions) {
    this.maxResults = Math.max(1, options.maxResults ?? 100_000);
    this.segmentSize = Math.max(1, options.segmentSize ?? Math.min(1000, Math.ceil(this.maxResults / 10)));
    mkdirSync(options.dir, { recursive: true, mode: 0o700 });
    this.load();
  }

  get size(): number {
    return this.pending.size;
  }

  /** Keeps a result (its id is given here) and returns it. */
  add(result: Omit<WireResult, 'id'>): WireResult {
    const item: WireResult = { id: this.nextId++, ...result };
    let segment = this.segments.at(-1);
    if (!segment || segment.lines >= this.segmentSize) {
      segment = { file: path.join(this.options.dir, `seg-${String(item.id).padStart(16, '0')}.jsonl`), firstId: item.id, open: new Set(), lines: 0 };
      this.segments.push(segment);
    }
    appendFileSync(segment.file, `${JSON.stringify(item)}\n`, { mode: 0o600 });
    segment.open.add(item.id);
    segment.lines++;
    this.pending.set(item.id, item);
    while (this.pending.size > this.maxResults && this.segments.length > 1) this.dropOldest();
    return item;
  }

  /** Results not yet acked, oldest first. */
  unacked(): IterableIterator<WireResult> {
    return this.pending.values();
  }

  get(id: number): WireResult | undefined {
    return this.pending.get(id);
  }

  ack(ids: readonly number[]): void {
    const touched = new Set<Segment>();
    for (const id of ids) {
      if (!this.pending.delete(id)) continue;
      const segment = this.segmentOf(id);
      if (segment) {
        segment.open.delete(id);
        touched.add(segment);
      }
    }
    for (const segment of touched) {
      // The newest file may still grow; an older one with nothing open goes.
      if (segment.open.size === 0 && (segment !== this.segments.at(-1) || segment.lines >= this.segmentSize)) this.remove(segment);
    }
  }

  /** The count of results dropped since the last call (reported to the hub on connecting). */
  takeDropped(): number {
    const dropped = this.droppedSinceReport;
    this.droppedSinceReport = 0;
    return dropped;
  }

  private dropOldest(): void {
    const oldest = this.segments[0]!;
    for (const id of oldest.open) this.pending.delete(id);
    this.droppedSinceReport += oldest.open.size;
    this.droppedTotal += oldest.open.size;
    this.remove(oldest);
  }

  private remove(segment: Segment): void {
    const i = this.segments.indexOf(segment);
    if (i >= 0) this.segments.splice(i, 1);
    rmSync(segment.file, { force: true });
  }

  /** Segments are in id order: the last one whose first id is at most `id`. */
  private segmentOf(id: number): Segment | undefined {
    let lo = 0;
    let hi = this.segments.length - 1;
    let found: Segment | undefined;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.segments[mid]!.firstId <= id) {
        found = this.segments[mid];
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }

  /** What an earlier run left: every line that parses is sent again (a torn last line is skipped). */
  private load(): void {
    const files = readdirSync(this.options.dir).filter((f) => NAME.test(f)).sort();
    for (const name of files) {
      const file = path.join(this.options.dir, name);
      const segment: Segment = { file, firstId: Number(NAME.exec(name)![1]), open: new Set(), lines: 0 };
      for (const line of readFileSync(file, 'utf8').split('\n')) {
        if (line === '') continue;
        segment.lines++;
        try {
          const item = JSON.parse(line) as WireResult;
          if (typeof item.id !== 'number') continue;
          this.pending.set(item.id, item);
          segment.open.add(item.id);
          this.nextId = Math.max(this.nextId, item.id + 1);
        } catch {
          // a line cut by a crash mid-write
        }
      }
      if (segment.open.size === 0) rmSync(file, { force: true });
      else this.segments.push(segment);
    }
    // A new run starts a new file: the last one may end in a torn line.
    const last = this.segments.at(-1);
    if (last) last.lines = Math.max(last.lines, this.segmentSize);
  }
}
