// `whydown agent`: checks for a hub from another place. It connects out to the hub (nothing
// listens where the agent runs, so it works behind NAT), takes the checks of the monitors that
// name its vantage, runs them on the same slots with the same probe and judging code as the hub
// (engine/check.ts), and sends the results back. Every result goes to the on-disk spool first and
// leaves it when the hub acks it: while the hub is away they wait there, and are delivered when
// it returns (reconnecting with exponential back-off and jitter).
import WebSocket from 'ws';
import { WhydownError } from '../../core/errors.js';
import { diagnose } from '../../diagnose/diagnose.js';
import { runCheck } from '../engine/check.js';
import { Scheduler } from '../engine/scheduler.js';
import {
  AGENT_PATH, CLOSE_REPLACED, CLOSE_REVOKED, MAX_BATCH, MAX_MESSAGE_BYTES, OFFLINE_AFTER_MS, VANTAGE_HEADER,
  parseJson, type AgentMessage, type AssignedCheck,
} from './protocol.js';
import { Spool } from './spool.js';

export interface AgentOptions {
  /** The hub's URL (http or https), as its --listen address is reached. */
  hub: string;
  token: string;
  name: string;
  /** PEM of a private CA the hub's certificate is signed by. */
  ca?: string | Buffer;
  spoolDir: string;
  maxSpooled?: number;
  log(line: string): void;
  /** Checks in flight at most (default 1024). */
  maxConcurrent?: number;
  minBackoffMs?: number;
  maxBackoffMs?: number;
  /** A line of figures this often (checks, p95 start delay, spool); default 60 s, 0: never. */
  statsEveryMs?: number;
}

export interface AgentStats {
  checks: number;
  /** Delays of checks after their slots since the last figures line, ms (at most 1,000,000). */
  delays: number[];
  spooled: number;
  dropped: number;
  connected: boolean;
  connects: number;
}

/** The hub's agent endpoint for its URL: ws(s)://host/api/v1/agent. */
export function agentUrl(hub: string): URL {
  let url: URL;
  try {
    url = new URL(hub);
  } catch {
    throw new WhydownError('E_USAGE', `agent: --hub ${JSON.stringify(hub.slice(0, 200))} is not a URL (use e.g. https://hub.example:8080)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new WhydownError('E_USAGE', `agent: --hub must be an http:// or https:// URL, not ${url.protocol}//`);
  }
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.pathname = `${url.pathname.replace(/\/+$/, '')}${AGENT_PATH}`;
  url.search = '';
  url.hash = '';
  return url;
}

export class Agent {
  private readonly url: URL;
  private readonly spool: Spool;
  private readonly scheduler: Scheduler;
  private readonly checks = new Map<string, AssignedCheck>();
  private ws: WebSocket | null = null;
  private attempt = 0;
  private stopped = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private watchdog: NodeJS.Timeout | undefined;
  private statsTimer: NodeJS.Timeout | undefined;
  private lastFromHub = 0;
  /** Results of the spool not yet sent on this connection, oldest first. */
  private unsent: number[] = [];
  private unsentHead = 0;
  private flushing = false;
  private done!: (code: number) => void;
  private readonly finished: Promise<number>;
  readonly stats: AgentStats = { checks: 0, delays: [], spooled: 0, dropped: 0, connected: false, connects: 0 };

  constructor(private readonly options: AgentOptions) {
    this.url = agentUrl(options.hub);
    this.spool = new Spool({ dir: options.spoolDir, ...(options.maxSpooled === undefined ? {} : { maxResults: options.maxSpooled }) });
    this.scheduler = new Scheduler({
      maxConcurrent: options.maxConcurrent ?? 1024,
      run: (name, slotAt, delayMs) => this.check(name, slotAt, delayMs),
    });
    this.finished = new Promise((resolve) => { this.done = resolve; });
  }

  /** Connects and checks until stop() (resolves 0) or the hub refuses this agent (rejects with a one-line error). */
  run(): Promise<number> {
    if (this.spool.size > 0) this.options.log(`${this.spool.size} results from an earlier run wait in the spool`);
    this.scheduler.start();
    const every = this.options.statsEveryMs ?? 60_000;
    if (every > 0) {
      let checks = 0;
      this.statsTimer = setInterval(() => {
        const delays = this.stats.delays.sort((a, b) => a - b);
        this.stats.delays = [];
        const p95 = delays.length === 0 ? 0 : delays[Math.min(delays.length - 1, Math.floor(delays.length * 0.95))]!;
        const cpu = process.cpuUsage();
        this.options.log(`last ${Math.round(every / 1000)} s: ${this.stats.checks - checks} checks, p95 start delay ${Math.round(p95)} ms, `
          + `${this.spool.size} results spooled, rss ${Math.round(process.memoryUsage.rss() / 1048576)} MiB, cpu ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s in all`);
        checks = this.stats.checks;
      }, every);
      this.statsTimer.unref();
    }
    this.connect();
    return this.finished;
  }

  async stop(code = 0): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    clearTimeout(this.retryTimer);
    clearInterval(this.watchdog);
    clearInterval(this.statsTimer);
    await this.scheduler.stop();
    this.ws?.close(1000, 'agent stopping');
    this.done(code);
  }

  /** The hub refused this agent: no point retrying. run() resolves 3 and `failure` says why. */
  private fail(message: string): void {
    this.failure ??= message;
    void this.stop(3);
  }

  /** Set when the agent stopped on a refusal: what to say, in one line. */
  failure: string | null = null;

  private connect(): void {
    if (this.stopped) return;
    const ws = new WebSocket(this.url, {
      headers: { authorization: `Bearer ${this.options.token}`, [VANTAGE_HEADER]: this.options.name },
      handshakeTimeout: 10_000,
      maxPayload: MAX_MESSAGE_BYTES,
      perMessageDeflate: false,
      ...(this.options.ca === undefined ? {} : { ca: this.options.ca }),
    });
    this.ws = ws;
    let refused = false;
    ws.on('unexpected-response', (_req, res) => {
      refused = true;
      const status = res.statusCode ?? 0;
      res.resume();
      if (status === 401) this.fail(`the hub refused the token for vantage ${this.options.name} (401)`);
      else if (status === 404) this.fail(`${this.options.hub} has no agent endpoint (404): is it a whydown serve?`);
      else this.retry(`the hub answered ${status}`);
      ws.terminate();
    });
    ws.on('open', () => this.opened(ws));
    ws.on('message', (data, isBinary) => {
      if (isBinary) return;
      this.lastFromHub = Date.now();
      this.onMessage(ws, data);
    });
    ws.on('ping', () => { this.lastFromHub = Date.now(); });
    ws.on('error', (error: NodeJS.ErrnoException) => {
      if (!refused && this.ws === ws && !this.stats.connected) this.retry(error.code ?? error.message);
    });
    ws.on('close', (code, reason) => {
      if (this.ws !== ws) return;
      const wasConnected = this.stats.connected;
      this.stats.connected = false;
      clearInterval(this.watchdog);
      if (code === CLOSE_REVOKED) return this.fail(`the hub revoked the token of vantage ${this.options.name}`);
      if (code === CLOSE_REPLACED) return this.fail(`another agent connected as vantage ${this.options.name}; this one stops`);
      if (wasConnected) this.retry(`connection closed (${code}${reason.length > 0 ? ` ${reason.toString().slice(0, 100)}` : ''})`);
    });
  }

  private opened(ws: WebSocket): void {
    this.attempt = 0;
    this.stats.connected = true;
    this.stats.connects++;
    this.lastFromHub = Date.now();
    this.options.log(`connected to ${this.options.hub} as vantage ${this.options.name}${this.spool.size > 0 ? `; sending ${this.spool.size} spooled results` : ''}`);
    send(ws, { t: 'hello', dropped: this.spool.takeDropped() });
    this.unsent = [...this.spool.unacked()].map((r) => r.id);
    this.unsentHead = 0;
    this.flush();
    this.watchdog = setInterval(() => {
      if (Date.now() - this.lastFromHub > OFFLINE_AFTER_MS) {
        this.options.log(`nothing from the hub for ${Math.round((Date.now() - this.lastFromHub) / 1000)} s; reconnecting`);
        ws.terminate();
      }
    }, 1000);
    this.watchdog.unref();
  }

  private retry(why: string): void {
    if (this.stopped || this.retryTimer) return;
    this.attempt++;
    const min = this.options.minBackoffMs ?? 500;
    const ceiling = Math.min(this.options.maxBackoffMs ?? 30_000, min * 2 ** (this.attempt - 1));
    const delay = Math.round(ceiling / 2 + Math.random() * ceiling / 2); // jitter: agents do not come back in step
    this.options.log(`hub unreachable (${why}); retrying in ${(delay / 1000).toFixed(1)} s`);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.connect();
    }, delay);
  }

  private onMessage(ws: WebSocket, data: unknown): void {
    const message = parseJson(data);
    if (!message) return;
    switch (message.t) {
      case 'clock':
        if (typeof message.id === 'number') send(ws, { t: 'clock', id: message.id, agentTime: Date.now() });
        return;
      case 'ack':
        if (Array.isArray(message.ids)) this.spool.ack(message.ids.filter((id): id is number => typeof id === 'number'));
        this.stats.spooled = this.spool.size;
        return;
      case 'monitors':
        if (Array.isArray(message.monitors)) this.assign(message.monitors as AssignedCheck[]);
        return;
      case 'diagnose':
        if (typeof message.id === 'number' && typeof message.url === 'string') void this.diagnose(ws, message.id, message.url);
        return;
      default:
    }
  }

  private assign(monitors: AssignedCheck[]): void {
    const wanted = new Map<string, AssignedCheck>();
    for (const m of monitors) {
      if (typeof m?.name === 'string' && typeof m.url === 'string' && typeof m.intervalMs === 'number' && m.intervalMs >= 1000 && typeof m.expect === 'object') wanted.set(m.name, m);
    }
    for (const name of this.checks.keys()) if (!wanted.has(name)) this.scheduler.delete(name);
    this.checks.clear();
    for (const [name, m] of wanted) {
      this.checks.set(name, m);
      this.scheduler.set(name, m.intervalMs);
    }
    this.options.log(`${wanted.size} monitor${wanted.size === 1 ? '' : 's'} to check`);
  }

  private async check(name: string, slotAt: number, delayMs: number): Promise<void> {
    const target = this.checks.get(name);
    if (!target) return;
    try {
      const result = await runCheck(target, new Date(slotAt + delayMs));
      this.stats.checks++;
      if (this.stats.delays.length < 1_000_000) this.stats.delays.push(delayMs);
      const { monitor, at, status, cause, timings, httpStatus, errorCode, durationMs } = result;
      if (status === 'unknown') return;
      const item = this.spool.add({ monitor, slot: slotAt, at: new Date(at).getTime(), status, cause, timings, httpStatus, errorCode, durationMs });
      this.stats.spooled = this.spool.size;
      this.stats.dropped = this.spool.droppedTotal;
      if (this.stats.connected) {
        this.unsent.push(item.id);
        this.flush();
      }
    } catch (error) {
      this.options.log(`check of ${name} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /**
   * Sends what the hub has not been sent on this connection, in batches, minding the socket's
   * buffer. New results wait up to 50 ms so they travel (and are stored and acked) together.
   */
  private flush(): void {
    if (this.flushing) return;
    this.flushing = true;
    setTimeout(() => {
      this.flushing = false;
      const ws = this.ws;
      if (!ws || ws.readyState !== ws.OPEN) return;
      while (this.unsentHead < this.unsent.length) {
        if (ws.bufferedAmount > 4 * 1024 * 1024) {
          setTimeout(() => this.flush(), 20);
          return;
        }
        const batch = [];
        while (batch.length < MAX_BATCH && this.unsentHead < this.unsent.length) {
          const id = this.unsent[this.unsentHead++]!;
          const result = this.spool.get(id);
          if (result) batch.push(result);
        }
        if (batch.length > 0) send(ws, { t: 'results', results: batch });
      }
      this.unsent = [];
      this.unsentHead = 0;
    }, this.unsent.length - this.unsentHead >= MAX_BATCH ? 0 : 50);
  }

  private async diagnose(ws: WebSocket, id: number, url: string): Promise<void> {
    try {
      const report = await diagnose(new URL(url), { retries: 3, probe: { timeoutMs: 10_000 } });
      send(ws, { t: 'diagnosis', id, report });
    } catch (error) {
      send(ws, { t: 'diagnosis', id, error: error instanceof Error ? error.message : String(error) });
    }
  }
}

function send(ws: WebSocket, message: AgentMessage): void {
  if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
}
