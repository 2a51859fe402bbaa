// `GET`/`POST /api/v1/push/{name}?token=…[&status=up|down][&msg=…][&ping=ms]`: a push monitor's
// job reports in. Not behind the API's tokens: the monitor's own token is the key, and it opens
// that monitor only. An unknown monitor, another type and a wrong token get the same 401, so
// names cannot be probed; tokens are compared as SHA-256 digests in constant time. Two rate
// limits: refused requests per client address (a client that used up its allowance of refusals
// is answered 429 before anything is looked up, so guessing tokens is slow), and reports per
// monitor (after the token, so strangers cannot use up a job's allowance). Good reports do not
// count against their address: many jobs behind one NAT address report freely. Nothing of the
// request is logged.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { MonitorConfig } from '../config/types.js';
import type { PushReport } from '../store/push-reports.js';
import { ApiError, invalidParameter } from './errors.js';
import type { Reply } from './respond.js';

export const PUSH_PREFIX = '/api/v1/push/';
/** The job's message is shown in incidents and alerts: a line, not a log file. */
export const PUSH_MESSAGE_MAX = 200;
const PING_MAX_MS = 7 * 86_400_000;

export interface PushReceiver {
  monitor(name: string): MonitorConfig | undefined;
  reportPush(name: string, report: Omit<PushReport, 'monitor' | 'at'>): Promise<boolean>;
}

export interface PushLimits {
  /** Refused requests a client address may make in a burst, then one per `clientEveryMs`. */
  clientBurst: number;
  clientEveryMs: number;
  /** Reports a monitor takes in a burst, then one per `monitorEveryMs`. */
  monitorBurst: number;
  monitorEveryMs: number;
}

export const DEFAULT_PUSH_LIMITS: PushLimits = { clientBurst: 30, clientEveryMs: 1000, monitorBurst: 10, monitorEveryMs: 1000 };

/** Buckets kept at most per kind; past that the fullest (idle) ones are dropped. */
const MAX_BUCKETS = 10_000;

const UNAUTHORIZED = (): ApiError => new ApiError(401, 'unauthorized', 'unknown push monitor or wrong token');

export function createPushHandler(receiver: PushReceiver, limits: PushLimits = DEFAULT_PUSH_LIMITS, now: () => number = Date.now): (req: IncomingMessage, path: string, query: URLSearchParams) => Promise<Reply> {
  const clients = new TokenBuckets(limits.clientBurst, limits.clientEveryMs, now);
  const monitors = new TokenBuckets(limits.monitorBurst, limits.monitorEveryMs, now);
  // A digest to compare with when there is no monitor: the same work either way.
  const nothing = digest('whydown: no such push monitor');
  return async (req, path, query) => {
    const method = req.method ?? 'GET';
    if (method !== 'GET' && method !== 'POST') {
      return { status: 405, json: new ApiError(405, 'method_not_allowed', `${method} is not allowed here; use GET or POST`).toJSON(), headers: { Allow: 'GET, POST, OPTIONS' } };
    }
    const client = req.socket.remoteAddress ?? 'unknown';
    if (!clients.has(client)) throw tooMany();
    const refuse = (error: ApiError): ApiError => {
      clients.take(client);
      return error;
    };
    const name = decodeName(path.slice(PUSH_PREFIX.length));
    const monitor = name === undefined ? undefined : receiver.monitor(name);
    const given = digest(query.get('token') ?? '');
    const wanted = monitor?.type === 'push' && monitor.token !== undefined ? digest(monitor.token) : nothing;
    const match = timingSafeEqual(given, wanted);
    if (!match || !monitor || monitor.type !== 'push' || name === undefined) throw refuse(UNAUTHORIZED());
    let report: Omit<PushReport, 'monitor' | 'at'>;
    try {
      report = readReport(query);
    } catch (error) {
      throw error instanceof ApiError ? refuse(error) : error;
    }
    if (!monitors.take(name)) throw tooMany();
    // Gone between the lookup and now (a reload): the same answer as for any unknown name.
    if (!(await receiver.reportPush(name, report))) throw UNAUTHORIZED();
    return { status: 200, json: { ok: true, monitor: name, status: report.status } };
  };
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/** Answered with `Retry-After` (api.ts's ERROR_HEADERS). */
function tooMany(): ApiError {
  return new ApiError(429, 'rate_limited', 'too many push reports; slow down');
}

function decodeName(raw: string): string | undefined {
  if (raw === '' || raw.length > 200 || raw.includes('/')) return undefined;
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}

/** `status` (up by default), `msg` (bounded, control characters dropped), `ping` (ms). */
function readReport(query: URLSearchParams): Omit<PushReport, 'monitor' | 'at'> {
  const statusText = (query.get('status') ?? 'up').trim().toLowerCase();
  if (statusText !== 'up' && statusText !== 'down') throw invalidParameter('status', 'use up or down');
  const raw = query.get('msg');
  const cleaned = raw === null ? '' : raw.replace(/[\x00-\x1f\x7f-\x9f]+/g, ' ').trim();
  const message = cleaned === '' ? null : (cleaned.length > PUSH_MESSAGE_MAX ? `${cleaned.slice(0, PUSH_MESSAGE_MAX - 1)}…` : cleaned);
  const pingText = query.get('ping');
  let pingMs: number | null = null;
  if (pingText !== null && pingText !== '') {
    const ping = Number(pingText);
    if (!Number.isFinite(ping) || ping < 0 || ping > PING_MAX_MS) throw invalidParameter('ping', `milliseconds, 0 to ${PING_MAX_MS}`);
    pingMs = Math.round(ping);
  }
  return { status: statusText, message, pingMs };
}

/** A token bucket per key; the map is bounded (full, idle buckets are the ones dropped). */
class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  constructor(private readonly burst: number, private readonly everyMs: number, private readonly now: () => number) {}

  /** Whether `key` has an allowance left (without using it). */
  has(key: string): boolean {
    const bucket = this.buckets.get(key);
    return !bucket || bucket.tokens + (this.now() - bucket.at) / this.everyMs >= 1;
  }

  take(key: string): boolean {
    const now = this.now();
    let bucket = this.buckets.get(key);
    if (!bucket) {
      if (this.buckets.size >= MAX_BUCKETS) this.prune(now);
      bucket = { tokens: this.burst, at: now };
      this.buckets.set(key, bucket);
    }
    bucket.tokens = Math.min(this.burst, bucket.tokens + (now - bucket.at) / this.everyMs);
    bucket.at = now;
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  private prune(now: number): void {
    for (const [key, bucket] of this.buckets) {
      if (bucket.tokens + (now - bucket.at) / this.everyMs >= this.burst) this.buckets.delete(key);
    }
    // All busy (a flood from many addresses): start over rather than grow.
    if (this.buckets.size >= MAX_BUCKETS) this.buckets.clear();
  }
}
