// Adds up the 5xx lines of access logs: by status, path and upstream, with the upstream's and the
// request's time per status when the format logs them. Kept apart from the error-log counts
// because these lines carry no cause: an access log says that requests failed, not why.
import { CappedCounter } from './counter.js';
import type { LogEvent } from './types.js';

/** Where the causes are: the error logs of the servers that write combined/common access logs. */
export const ERROR_LOGS = [
  { server: 'nginx', path: '/var/log/nginx/error.log' },
  { server: 'Apache', path: '/var/log/apache2/error.log' },
] as const;

export const ACCESS_NOTE = 'An access log records that requests failed, not why: the causes are in the server\'s error log.';

/** Seconds: how many lines logged the time, the least, the most and the mean. */
export interface TimeStats { count: number; min: number; max: number; mean: number }

export interface AccessJson {
  /** 5xx lines. */
  responses: number;
  byStatus: Record<string, number>;
  /** Paths with the query stripped. */
  byPath: Record<string, number>;
  byUpstream: Record<string, number>;
  /** Per status, when the format logs them: `$upstream_response_time` and `$request_time`. */
  timing: Record<string, { upstream: TimeStats | null; request: TimeStats | null }>;
  firstAt: string | null;
  lastAt: string | null;
  note: string;
  errorLogs: string[];
}

/** Running min/max/sum of a time, as plain numbers (passed between threads). */
type Stat = [count: number, min: number, max: number, sum: number];

export interface AccessPart {
  responses: number;
  statuses: Array<[number, number, Stat, Stat]>;
  paths: Array<[string, number]>;
  upstreams: Array<[string, number]>;
  firstAt: number | null;
  lastAt: number | null;
}

interface StatusCount { n: number; upstream: Stat; request: Stat }

export class AccessSummary {
  responses = 0;
  private readonly statuses = new Map<number, StatusCount>();
  private readonly paths = new CappedCounter();
  private readonly upstreams = new CappedCounter();
  firstAt: number | null = null;
  lastAt: number | null = null;

  add(event: LogEvent): void {
    this.responses++;
    const status = this.status(event.status ?? 0);
    status.n++;
    if (event.upstreamTime !== undefined && event.upstreamTime !== null) note(status.upstream, event.upstreamTime);
    if (event.requestTime !== undefined && event.requestTime !== null) note(status.request, event.requestTime);
    if (event.path) this.paths.add(event.path);
    if (event.upstream !== null) this.upstreams.add(event.upstream);
    this.noteTime(event.at, event.at);
  }

  private status(code: number): StatusCount {
    let count = this.statuses.get(code);
    if (!count) {
      count = { n: 0, upstream: [0, Infinity, -Infinity, 0], request: [0, Infinity, -Infinity, 0] };
      this.statuses.set(code, count);
    }
    return count;
  }

  private noteTime(first: number | null, last: number | null): void {
    if (first !== null && (this.firstAt === null || first < this.firstAt)) this.firstAt = first;
    if (last !== null && (this.lastAt === null || last > this.lastAt)) this.lastAt = last;
  }

  toPart(): AccessPart {
    return {
      responses: this.responses,
      statuses: [...this.statuses].map(([code, c]) => [code, c.n, c.upstream, c.request]),
      paths: this.paths.entries(),
      upstreams: this.upstreams.entries(),
      firstAt: this.firstAt,
      lastAt: this.lastAt,
    };
  }

  merge(part: AccessPart): void {
    this.responses += part.responses;
    for (const [code, n, upstream, request] of part.statuses) {
      const into = this.status(code);
      into.n += n;
      combine(into.upstream, upstream);
      combine(into.request, request);
    }
    for (const [name, n] of part.paths) this.paths.add(name, n);
    for (const [name, n] of part.upstreams) this.upstreams.add(name, n);
    this.noteTime(part.firstAt, part.lastAt);
  }

  /** Statuses, most frequent first, with their timing. */
  byStatus(): Array<{ status: number; n: number; upstream: TimeStats | null; request: TimeStats | null }> {
    return [...this.statuses].sort((a, b) => b[1].n - a[1].n || a[0] - b[0])
      .map(([status, c]) => ({ status, n: c.n, upstream: stats(c.upstream), request: stats(c.request) }));
  }

  topPaths(): Array<[string, number]> {
    return this.paths.sorted();
  }

  topUpstreams(): Array<[string, number]> {
    return this.upstreams.sorted();
  }

  toJSON(): AccessJson {
    const statuses = this.byStatus();
    return {
      responses: this.responses,
      byStatus: Object.fromEntries(statuses.map((s) => [String(s.status), s.n])),
      byPath: Object.fromEntries(this.topPaths()),
      byUpstream: Object.fromEntries(this.topUpstreams()),
      timing: Object.fromEntries(statuses.filter((s) => s.upstream || s.request)
        .map((s) => [String(s.status), { upstream: s.upstream, request: s.request }])),
      firstAt: this.firstAt === null ? null : new Date(this.firstAt).toISOString(),
      lastAt: this.lastAt === null ? null : new Date(this.lastAt).toISOString(),
      note: ACCESS_NOTE,
      errorLogs: ERROR_LOGS.map((e) => e.path),
    };
  }
}

function note(stat: Stat, seconds: number): void {
  stat[0]++;
  if (seconds < stat[1]) stat[1] = seconds;
  if (seconds > stat[2]) stat[2] = seconds;
  stat[3] += seconds;
}

function combine(into: Stat, from: Stat): void {
  into[0] += from[0];
  into[1] = Math.min(into[1], from[1]);
  into[2] = Math.max(into[2], from[2]);
  into[3] += from[3];
}

function stats(stat: Stat): TimeStats | null {
  if (stat[0] === 0) return null;
  return { count: stat[0], min: stat[1], max: stat[2], mean: Math.round((stat[3] / stat[0]) * 1000) / 1000 };
}
