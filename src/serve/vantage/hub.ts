// The hub's side of vantage agents: a WebSocket endpoint on the API's own listener
// (`/api/v1/agent`), one connection per vantage. The hub hands each agent the checks of the
// monitors that name its vantage, measures the agent's clock against its own, stores the results
// the agent sends (in hub time, labelled with the vantage) and acks them once committed, so the
// agent deletes them from its spool only then. A result sent twice (an ack lost on the way) is
// refused by the store's key (monitor, vantage, slot) and acked again.
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Config, MonitorConfig } from '../config/types.js';
import { hashToken, LOCAL_VANTAGE } from '../config/vantages.js';
import type { DiagnoseReport } from '../../core/model.js';
import { checkTarget } from '../engine/check.js';
import type { ResultRecord, Store } from '../store/types.js';
import { Exposition } from '../api/exposition.js';
import {
  AGENT_PATH, CLOSE_REPLACED, CLOSE_REVOKED, HEARTBEAT_MS, MAX_BATCH, MAX_MESSAGE_BYTES, OFFLINE_AFTER_MS,
  VANTAGE_HEADER, parseJson, readWireResult, type AssignedCheck, type HubMessage,
} from './protocol.js';

export interface VantageHubOptions {
  store: Store;
  config: () => Config;
  /** The monitors being checked now (config and API ones). */
  monitors: () => Iterable<MonitorConfig>;
  /** Each stored result of an agent, for the monitor's incidents. */
  onResult(vantage: string, result: ResultRecord): void;
  log(line: string): void;
  now?: () => number;
}

export interface VantageStatus {
  name: string;
  online: boolean;
  /** Hub time of the last message from the agent; null when it never connected since the hub started. */
  lastContact: string | null;
  /** The agent's clock minus the hub's, milliseconds (its results are moved by this); null before it is measured. */
  skewMs: number | null;
  /** Results stored from this vantage since the hub started. */
  results: number;
  /** Results the agent dropped from its full spool, as it reported on connecting. */
  droppedByAgent: number;
}

interface Link {
  ws: WebSocket;
  vantage: string;
  tokenHash: string;
  connectedAt: number;
  clockProbes: Map<number, number>;
  /** [rtt, skew] of recent probes: the skew of the fastest round trip is the best estimate (NTP's rule). */
  samples: [number, number][];
  assigned: string;
  /** Batches handed to the store and not yet committed. */
  writes: Set<Promise<void>>;
  /** Results in those batches. */
  queued: number;
  diagnoses: Map<number, { resolve(report: DiagnoseReport): void; reject(error: Error): void; timer: NodeJS.Timeout }>;
}

interface Stats { lastContact: number | null; skewMs: number | null; results: number; dropped: number }

/** Results waiting for the store per agent before its socket is paused: a slow store slows only that agent. */
const MAX_QUEUED_RESULTS = 20_000;

export class VantageHub {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES, perMessageDeflate: false });
  private readonly links = new Map<string, Link>();
  private readonly stats = new Map<string, Stats>();
  private readonly heartbeat: NodeJS.Timeout;
  private readonly now: () => number;
  private nextId = 1;
  private closed = false;
  /** Agents are taken once the engine has its monitors (start()): before, a result could not be placed. */
  private ready = false;

  constructor(private readonly options: VantageHubOptions) {
    this.now = options.now ?? Date.now;
    this.heartbeat = setInterval(() => this.beat(), HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  /** The engine has its monitors: agents may connect. */
  start(): void {
    this.ready = true;
  }

  /** Takes the upgrade requests to AGENT_PATH on the API's server. */
  attach(server: Server): void {
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      const path = (req.url ?? '').split('?')[0];
      if (path !== AGENT_PATH || this.closed) {
        refuse(socket, 404, 'not_found', 'nothing to upgrade here');
        return;
      }
      if (!this.ready) {
        refuse(socket, 503, 'starting', 'the hub is starting; try again shortly');
        return;
      }
      const vantage = this.authenticate(req);
      if (typeof vantage !== 'object') {
        this.options.log(`agent refused${vantage ? ` (vantage ${vantage.slice(0, 64)})` : ''}: wrong or missing token`);
        refuse(socket, 401, 'unauthorized', 'this token is not the token of that vantage');
        return;
      }
      this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, vantage.name, vantage.tokenHash));
    });
  }

  isOnline(name: string): boolean {
    if (name === LOCAL_VANTAGE) return true;
    const link = this.links.get(name);
    const last = this.stats.get(name)?.lastContact ?? null;
    return link !== undefined && last !== null && this.now() - last <= OFFLINE_AFTER_MS;
  }

  list(): VantageStatus[] {
    return (this.options.config().vantages ?? []).map(({ name }) => {
      const s = this.stats.get(name);
      return {
        name,
        online: this.isOnline(name),
        lastContact: s?.lastContact == null ? null : new Date(s.lastContact).toISOString(),
        skewMs: s?.skewMs ?? null,
        results: s?.results ?? 0,
        droppedByAgent: s?.dropped ?? 0,
      };
    });
  }

  metrics(): string {
    const out = new Exposition();
    const all = this.list();
    out.family('whydown_vantage_up', 'gauge', '1 when the vantage\'s agent is connected and heard from within its heartbeat window.');
    for (const v of all) out.sample('whydown_vantage_up', v.online ? 1 : 0, { vantage: v.name });
    out.family('whydown_vantage_results_total', 'counter', 'Results stored from the vantage\'s agent.');
    for (const v of all) out.sample('whydown_vantage_results_total', v.results, { vantage: v.name });
    out.family('whydown_vantage_clock_skew_seconds', 'gauge', 'The agent\'s clock minus the hub\'s, as last measured.');
    for (const v of all) if (v.skewMs !== null) out.sample('whydown_vantage_clock_skew_seconds', v.skewMs / 1000, { vantage: v.name });
    return out.text();
  }

  /** A new config: agents whose vantage or token is gone are disconnected; the others get their checks again. */
  configChanged(): void {
    const byName = new Map((this.options.config().vantages ?? []).map((v) => [v.name, v]));
    for (const link of [...this.links.values()]) {
      const now = byName.get(link.vantage);
      if (!now || now.tokenHash !== link.tokenHash) {
        this.options.log(`vantage ${link.vantage}: its token was revoked, agent disconnected`);
        link.ws.close(CLOSE_REVOKED, 'token revoked');
        this.drop(link);
      } else this.assign(link);
    }
  }

  /** Runs the full diagnosis of `url` on a vantage's agent. */
  diagnose(vantage: string, url: string, timeoutMs = 120_000): Promise<DiagnoseReport> {
    const link = this.links.get(vantage);
    if (!link || !this.isOnline(vantage)) return Promise.reject(new Error(`vantage ${vantage} is not online`));
    const id = this.nextId++;
    return new Promise<DiagnoseReport>((resolve, reject) => {
      const timer = setTimeout(() => {
        link.diagnoses.delete(id);
        reject(new Error(`vantage ${vantage} gave no diagnosis within ${Math.round(timeoutMs / 1000)} s`));
      }, timeoutMs);
      link.diagnoses.set(id, { resolve, reject, timer });
      send(link.ws, { t: 'diagnose', id, url });
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.heartbeat);
    const links = [...this.links.values()];
    for (const link of links) {
      link.ws.close(1001, 'hub stopping');
      this.drop(link);
    }
    await Promise.all(links.flatMap((l) => [...l.writes]));
    this.wss.close();
  }

  // --- internals ------------------------------------------------------------------------------

  /** The vantage named in the request when its token matches, else the name tried (or undefined). */
  private authenticate(req: IncomingMessage): { name: string; tokenHash: string } | string | undefined {
    const name = header(req, VANTAGE_HEADER);
    const auth = header(req, 'authorization');
    const token = auth && /^Bearer ([\x21-\x7e]+)$/i.exec(auth)?.[1];
    if (!name || !token) return name;
    const vantage = (this.options.config().vantages ?? []).find((v) => v.name === name);
    // Hash first, then compare the fixed-length hashes in constant time: the time taken says
    // nothing of how much of the token was right.
    const presented = Buffer.from(hashToken(token), 'hex');
    const expected = Buffer.from(vantage?.tokenHash ?? '0'.repeat(64), 'hex');
    const same = timingSafeEqual(presented, expected);
    return vantage && same ? { name: vantage.name, tokenHash: vantage.tokenHash } : name;
  }

  private accept(ws: WebSocket, vantage: string, tokenHash: string): void {
    const previous = this.links.get(vantage);
    if (previous) {
      previous.ws.close(CLOSE_REPLACED, 'another agent connected for this vantage');
      this.drop(previous);
    }
    const link: Link = {
      ws, vantage, tokenHash, connectedAt: this.now(), clockProbes: new Map(), samples: [], assigned: '',
      writes: new Set(), queued: 0, diagnoses: new Map(),
    };
    this.links.set(vantage, link);
    this.contact(vantage);
    this.options.log(`vantage ${vantage}: agent connected`);
    ws.on('message', (data, isBinary) => {
      if (isBinary) return;
      this.contact(vantage);
      this.onMessage(link, data);
    });
    ws.on('pong', () => this.contact(vantage));
    ws.on('close', () => {
      if (this.links.get(vantage) === link) {
        this.options.log(`vantage ${vantage}: agent disconnected`);
        this.drop(link);
      }
    });
    ws.on('error', () => { /* the close that follows says it */ });
    this.probeClock(link);
    this.assign(link);
  }

  private onMessage(link: Link, data: unknown): void {
    const message = parseJson(data);
    if (!message) return;
    switch (message.t) {
      case 'clock': {
        const sentAt = typeof message.id === 'number' ? link.clockProbes.get(message.id) : undefined;
        if (sentAt === undefined || typeof message.agentTime !== 'number' || !Number.isFinite(message.agentTime)) return;
        link.clockProbes.delete(message.id as number);
        const rtt = this.now() - sentAt;
        link.samples.push([rtt, message.agentTime - (sentAt + rtt / 2)]);
        if (link.samples.length > 8) link.samples.shift();
        const best = link.samples.reduce((a, b) => (b[0] < a[0] ? b : a));
        this.statsOf(link.vantage).skewMs = Math.round(best[1]);
        return;
      }
      case 'hello': {
        const dropped = typeof message.dropped === 'number' && Number.isFinite(message.dropped) ? Math.max(0, Math.floor(message.dropped)) : 0;
        if (dropped > 0) this.options.log(`vantage ${link.vantage}: the agent's spool was full while the hub was away: ${dropped} oldest results dropped`);
        this.statsOf(link.vantage).dropped += dropped;
        return;
      }
      case 'results': {
        if (!Array.isArray(message.results) || message.results.length > MAX_BATCH) return;
        this.ingest(link, message.results);
        return;
      }
      case 'diagnosis': {
        const pending = typeof message.id === 'number' ? link.diagnoses.get(message.id) : undefined;
        if (!pending) return;
        link.diagnoses.delete(message.id as number);
        clearTimeout(pending.timer);
        if (typeof message.report === 'object' && message.report !== null) pending.resolve(message.report as DiagnoseReport);
        else pending.reject(new Error(`vantage ${link.vantage}: ${typeof message.error === 'string' ? message.error.slice(0, 300) : 'no diagnosis'}`));
        return;
      }
      default:
    }
  }

  /** Stores a batch (one after another per agent), then acks it and hands the results to the incidents. */
  private ingest(link: Link, raw: unknown[]): void {
    const assigned = new Set(this.assignedTo(link.vantage).map((m) => m.name));
    const skew = this.statsOf(link.vantage).skewMs ?? 0;
    const ids: number[] = [];
    const records: ResultRecord[] = [];
    for (const item of raw) {
      const wire = readWireResult(item);
      if (!wire) continue; // malformed: dropped, never acked (a buggy agent keeps it; the hub never stores it)
      ids.push(wire.id);
      if (!assigned.has(wire.monitor)) continue; // no longer this vantage's: acked, not stored
      const { id: _id, slot, at, ...rest } = wire;
      // `at` moves to hub time; `slot` stays the slot's own number (the same arithmetic everywhere)
      // so a result sent again after the skew was measured anew keeps its key.
      records.push({ ...rest, at: new Date(Math.round(at - skew)).toISOString(), vantage: link.vantage, slot: new Date(slot).toISOString() });
    }
    // Handed to the store at once: its write buffer groups the batches of every agent into a few
    // transactions. Each batch is acked when committed; past MAX_QUEUED_RESULTS waiting for the
    // store, this agent's socket is paused (a slow store slows the agents, never loses results).
    link.queued += records.length;
    if (link.queued >= MAX_QUEUED_RESULTS) link.ws.pause();
    const stored = this.options.store.insertResults(records).then(() => {
      this.statsOf(link.vantage).results += records.length;
      send(link.ws, { t: 'ack', ids });
      for (const record of records) this.options.onResult(link.vantage, record);
    }, (error: unknown) => {
      this.options.log(`vantage ${link.vantage}: ${records.length} results not stored (the agent keeps them): ${error instanceof Error ? error.message : String(error)}`);
    }).finally(() => {
      link.queued -= records.length;
      if (link.queued < MAX_QUEUED_RESULTS && this.links.get(link.vantage) === link) link.ws.resume();
    });
    link.writes.add(stored);
    void stored.finally(() => link.writes.delete(stored));
  }

  private assignedTo(vantage: string): MonitorConfig[] {
    const out: MonitorConfig[] = [];
    for (const m of this.options.monitors()) if (m.vantages?.includes(vantage)) out.push(m);
    return out;
  }

  /** Sends the agent its checks when they changed since last sent. */
  private assign(link: Link): void {
    const monitors: AssignedCheck[] = this.assignedTo(link.vantage).map((m) => ({ ...checkTarget(m), intervalMs: m.intervalMs }));
    const text = JSON.stringify(monitors);
    if (text === link.assigned) return;
    link.assigned = text;
    send(link.ws, { t: 'monitors', monitors });
  }

  private beat(): void {
    const now = this.now();
    for (const link of [...this.links.values()]) {
      const last = this.stats.get(link.vantage)?.lastContact ?? 0;
      if (now - last > OFFLINE_AFTER_MS) {
        this.options.log(`vantage ${link.vantage}: no contact for ${Math.round((now - last) / 1000)} s, offline`);
        link.ws.terminate();
        this.drop(link);
        continue;
      }
      this.probeClock(link);
      this.assign(link); // API monitors change without a config reload
    }
  }

  private probeClock(link: Link): void {
    const id = this.nextId++;
    link.clockProbes.set(id, this.now());
    if (link.clockProbes.size > 16) link.clockProbes.delete(link.clockProbes.keys().next().value!);
    send(link.ws, { t: 'clock', id });
  }

  private contact(vantage: string): void {
    this.statsOf(vantage).lastContact = this.now();
  }

  private statsOf(vantage: string): Stats {
    let s = this.stats.get(vantage);
    if (!s) this.stats.set(vantage, s = { lastContact: null, skewMs: null, results: 0, dropped: 0 });
    return s;
  }

  private drop(link: Link): void {
    if (this.links.get(link.vantage) === link) this.links.delete(link.vantage);
    for (const pending of link.diagnoses.values()) {
      clearTimeout(pending.timer);
      pending.reject(new Error(`vantage ${link.vantage} disconnected`));
    }
    link.diagnoses.clear();
  }
}

function send(ws: WebSocket, message: HubMessage): void {
  if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === 'string' ? value : undefined;
}

function refuse(socket: Duplex, status: number, code: string, message: string): void {
  const body = JSON.stringify({ error: { code, message } });
  const reason = status === 401 ? 'Unauthorized' : status === 503 ? 'Service Unavailable' : 'Not Found';
  const auth = status === 401 ? 'WWW-Authenticate: Bearer realm="whydown"\r\n' : '';
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\n${auth}Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}
