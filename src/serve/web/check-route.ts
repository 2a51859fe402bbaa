// `GET /check?url=...`: "is it down for everyone, or just me?" for a visitor, without an API
// token. Off unless `ui.publicCheck.enabled`. The diagnosis runs with a destination policy inside
// the probe (at lookup, at connect, on each redirect, in the dns step): a refusal there, on any
// path, becomes 403 destination-not-allowed. Answers are cached per normalised URL for a minute;
// requests are limited per client and in total, and diagnoses run a few at a time.
import type { IncomingMessage } from 'node:http';
import type { DiagnoseReport } from '../../core/model.js';
import { createDestinationPolicy } from '../../core/probe/destination-policy.js';
import type { ProbeOptions } from '../../core/probe/types.js';
import { diagnose } from '../../diagnose/diagnose.js';
import type { DiagnoseOptions } from '../../diagnose/types.js';
import type { Reply } from '../api/respond.js';
import type { PublicCheckConfig } from '../config/types.js';
import { checkAnswer, type CheckAnswer } from './check-answer.js';
import { AnswerCache, clientKey, ConcurrencyGate, SlidingLimit } from './check-limits.js';
import { NOT_PUBLIC, readCheckUrl } from './check-url.js';

export const CHECK_PATH = '/check';

export interface CheckLimits {
  perClientPerMinute: number;
  totalPerMinute: number;
  concurrent: number;
  cacheMs: number;
}

export const DEFAULT_CHECK_LIMITS: CheckLimits = { perClientPerMinute: 5, totalPerMinute: 60, concurrent: 4, cacheMs: 60_000 };

export interface CheckHandlerOptions {
  /** `ui.publicCheck` now in force: read at each request, as the config reloads. */
  config: () => PublicCheckConfig;
  limits?: Partial<CheckLimits>;
  /**
   * Probe settings from the server's side only, never from the visitor (tests point dnsServers
   * at their own DNS server). The destination policy is always added on top.
   */
  probe?: Partial<ProbeOptions>;
  /** The diagnosis to run; diagnose() by default. */
  diagnose?: (url: URL, options: DiagnoseOptions) => Promise<DiagnoseReport>;
  now?: () => number;
}

export type CheckHandler = (req: IncomingMessage) => Promise<Reply>;

const CHECK_TIMEOUT_MS = 10_000;
const CHECK_RETRIES = 2;

export function createCheckHandler(options: CheckHandlerOptions): CheckHandler {
  const limits = { ...DEFAULT_CHECK_LIMITS, ...options.limits };
  const now = options.now ?? Date.now;
  const perClient = new SlidingLimit(limits.perClientPerMinute, 60_000, now);
  const total = new SlidingLimit(limits.totalPerMinute, 60_000, now);
  const gate = new ConcurrencyGate(limits.concurrent);
  const cache = new AnswerCache<Reply>(limits.cacheMs, now);
  /** One diagnosis per URL at a time: a second asker waits for the first one's answer. */
  const running = new Map<string, Promise<Reply>>();
  const run = options.diagnose ?? diagnose;

  return async (req) => {
    const config = options.config();
    if (!config.enabled) return failure(404, 'not_found', `nothing at ${CHECK_PATH}`);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return failure(405, 'method_not_allowed', `${req.method ?? ''} is not allowed here; use GET`, { Allow: 'GET, HEAD' });
    }
    const policy = createDestinationPolicy({ allow: config.allow, ports: config.ports });
    const query = new URL(req.url ?? '/', 'http://check.invalid').searchParams;
    const checked = readCheckUrl(query.get('url'), policy);
    if (!checked.ok) {
      return checked.status === 403 ? notAllowed(checked.message) : failure(400, 'invalid_parameter', checked.message);
    }
    const key = checked.url.href;
    const cached = cache.get(key);
    if (cached) return cached;
    const joined = running.get(key);
    if (joined) return joined;

    const client = clientKey(req.socket.remoteAddress);
    const wait = perClient.take(client) ?? total.take('*');
    if (wait !== null) return failure(429, 'rate_limited', `too many checks; try again in ${wait} s`, { 'Retry-After': String(wait) });
    if (!gate.tryEnter()) return failure(503, 'unavailable', 'busy with other checks; try again shortly', { 'Retry-After': '10' });

    const answer = (async (): Promise<Reply> => {
      let refused = false;
      const probe: ProbeOptions = {
        timeoutMs: CHECK_TIMEOUT_MS,
        ...options.probe,
        // Everything the diagnosis connects to passes here, whichever step and hop asks.
        allowAddress: (address, port) => {
          const ok = policy.allowAddress(address, port);
          if (!ok) refused = true;
          return ok;
        },
      };
      delete probe.resolve; // pinning would skip the lookup the policy reads
      const report = await run(checked.url, { retries: CHECK_RETRIES, probe });
      if (refused) return notAllowed(NOT_PUBLIC);
      const reply: Reply = { status: 200, json: checkAnswer(checked.url, report.verdict, new Date(now()), config.from) satisfies CheckAnswer };
      cache.set(key, reply);
      return reply;
    })().finally(() => {
      gate.leave();
      running.delete(key);
    });
    running.set(key, answer);
    return answer;
  };
}

function notAllowed(message: string): Reply {
  return failure(403, 'destination-not-allowed', message);
}

function failure(status: number, code: string, message: string, headers?: Record<string, string>): Reply {
  return { status, json: { error: { code, message } }, ...(headers ? { headers } : {}) };
}
