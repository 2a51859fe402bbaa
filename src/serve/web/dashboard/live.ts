// Live updates for the monitors list: `GET /events?monitors=a,b,...` (Server-Sent Events) sends
// a `row` event each time one of those monitors finishes a check — only the monitors on the
// reader's screen, never the whole fleet. Bounded: names per stream, streams per session and in
// total; a comment line every 15 s keeps proxies from closing an idle stream; a stream closes
// when its session signs out and when the server stops.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { MonitorEvents } from '../../engine/events.js';
import { SECURITY_HEADERS } from '../respond.js';
import type { ListRow } from './list-query.js';
import { percent } from '../format.js';
import { latencyText } from './list-html.js';

export interface LiveLimits {
  namesPerStream: number;
  perSession: number;
  total: number;
  heartbeatMs: number;
}

export const DEFAULT_LIVE_LIMITS: LiveLimits = { namesPerStream: 100, perSession: 4, total: 500, heartbeatMs: 15_000 };

interface Stream {
  res: ServerResponse;
  session: string;
  names: readonly string[];
  heartbeat: NodeJS.Timeout;
}

/** What a `row` event carries: what the list shows of one monitor, formatted as the page shows it. */
export interface LiveRow {
  name: string;
  status: ListRow['status'];
  /** The cause in plain words when not up; '' when up. */
  cause: string;
  time: string;
  uptime: string;
  recent: number[];
}

export const liveRow = (row: ListRow): LiveRow => ({ name: row.name, status: row.status, cause: row.cause ?? '', time: latencyText(row.latencyMs), uptime: percent(row.uptime), recent: row.recent });

export class LiveHub {
  private readonly byName = new Map<string, Set<Stream>>();
  private readonly streams = new Set<Stream>();
  private readonly off: () => void;

  constructor(events: MonitorEvents, private readonly rowOf: (name: string) => ListRow | undefined, private readonly limits: LiveLimits = DEFAULT_LIVE_LIMITS) {
    this.off = events.on('check.finished', ({ monitor }) => this.changed(monitor.name));
  }

  get size(): number {
    return this.streams.size;
  }

  /** Opens a stream, or answers 429 when a limit is reached. `names` come from the query. */
  open(req: IncomingMessage, res: ServerResponse, session: string, names: readonly string[]): void {
    const mine = [...this.streams].filter((s) => s.session === session);
    // A new page replaces the oldest stream of the same session rather than being refused: a
    // reader clicking through pages should not lock themself out.
    if (mine.length >= this.limits.perSession) this.end(mine[0]!);
    if (this.streams.size >= this.limits.total) {
      res.writeHead(429, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', 'Retry-After': '30', 'Cache-Control': 'no-store' });
      res.end('too many live streams; try again later\n');
      return;
    }
    const unique = [...new Set(names)].slice(0, this.limits.namesPerStream);
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      // nginx (and proxies that follow it) would otherwise hold the events back in a buffer.
      'X-Accel-Buffering': 'no',
      Connection: 'keep-alive',
    });
    res.write('retry: 3000\n\n');
    const stream: Stream = { res, session, names: unique, heartbeat: setInterval(() => res.write(': ping\n\n'), this.limits.heartbeatMs) };
    stream.heartbeat.unref();
    this.streams.add(stream);
    for (const name of unique) {
      let set = this.byName.get(name);
      if (!set) this.byName.set(name, set = new Set());
      set.add(stream);
    }
    req.socket.setTimeout(0);
    const done = (): void => this.remove(stream);
    res.once('close', done);
    // The state right now, so a page rendered a moment ago is not left stale.
    for (const name of unique) this.send(stream, name);
  }

  /** Sends a monitor's row again to the streams showing it (its history was just read). */
  refresh(name: string): void {
    this.changed(name);
  }

  /** Closes every stream of a session (it signed out). */
  endSession(session: string): void {
    for (const stream of [...this.streams]) if (stream.session === session) this.end(stream);
  }

  close(): void {
    this.off();
    for (const stream of [...this.streams]) this.end(stream);
  }

  private changed(name: string): void {
    const set = this.byName.get(name);
    if (!set) return;
    for (const stream of set) this.send(stream, name);
  }

  private send(stream: Stream, name: string): void {
    const row = this.rowOf(name);
    if (!row) return;
    // A reader that does not keep up is dropped (it reconnects and gets the state afresh) rather
    // than letting its unsent events pile up in memory.
    if (stream.res.writableLength > 256 * 1024) {
      this.end(stream);
      return;
    }
    stream.res.write(`event: row\ndata: ${JSON.stringify(liveRow(row))}\n\n`);
  }

  private end(stream: Stream): void {
    this.remove(stream);
    stream.res.end();
  }

  private remove(stream: Stream): void {
    if (!this.streams.delete(stream)) return;
    clearInterval(stream.heartbeat);
    for (const name of stream.names) {
      const set = this.byName.get(name);
      set?.delete(stream);
      if (set?.size === 0) this.byName.delete(name);
    }
  }
}
