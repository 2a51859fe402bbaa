// What the origin's own answer (--origin) says about the public path's failure. A gateway's error
// page often cannot tell a refused, a closed and a garbled upstream apart (nginx's 502 is one page
// for all); the origin asked directly shows which it is: it refuses us too, closes on us too, sends
// us the same garbage, answers later than the gateway waited, or answers fine — and then the fault
// is in the gateway's own path to it.
import type { Cause } from '../core/model.js';
import type { ProbeResult } from '../core/probe/types.js';
import { isBroken } from './steps/extra-attempt.js';

/** Gateways' time limits are seconds; a failure quicker than this was not a gateway giving up. */
const GATEWAY_LIMIT_MIN_MS = 1000;

/**
 * The origin's answer, read:
 * - an upstream cause the origin shows itself (it refuses, closes, garbles, or is slower than the
 *   gateway waited): the failure is at the origin, and this is its cause;
 * - `gateway-path`: the origin answers fine, so the gateway's own path to it is at fault;
 * - `origin-error`: the origin answers with an HTTP error of its own (the public path relays it);
 * - `origin-unreachable`: we cannot reach the origin in time, but the gateway failed at once, so
 *   it met something else (an origin on a private network is often unreachable from here);
 * - `public-fine`: the public path works, nothing to decide.
 */
export type OriginImplies = Cause | 'gateway-path' | 'origin-error' | 'origin-unreachable' | 'public-fine';

export interface OriginReading {
  implies: OriginImplies;
  /** What the origin did and what that means, for the step's detail and the verdict's summary. */
  said: string;
}

/** The origin's connection-level failures and the upstream cause a gateway meets for each. */
const UPSTREAM_CAUSE: Partial<Record<Cause, Cause>> = {
  'connect-refused': 'upstream-refused',
  'connect-reset': 'upstream-closed',
  'empty-response': 'upstream-closed',
  'malformed-response': 'upstream-invalid-response',
  'connect-timeout': 'upstream-timeout',
  'response-timeout': 'upstream-timeout',
};

/**
 * `publicAttempts` are the reload step's; `publicFailureMs` is how long the public path took to
 * fail when the target ended it (a time limit the timing step found, or the failures' median).
 */
export function readOrigin(origin: ProbeResult, publicAttempts: ProbeResult[], publicFailureMs: number | null): OriginReading {
  if (!publicAttempts.some(isBroken)) return { implies: 'public-fine', said: `the origin answers ${describe(origin)}` };
  const upstream = UPSTREAM_CAUSE[origin.cause];
  const waited = publicFailureMs !== null && publicFailureMs >= GATEWAY_LIMIT_MIN_MS;
  const gatewayWaited = waited || publicAttempts.some((a) => a.status === 504 || a.status === 524);
  if (upstream === 'upstream-timeout' && !gatewayWaited) {
    return { implies: 'origin-unreachable', said: `the origin does not answer us in time (${describe(origin)}), but the public path failed at once: the gateway met something else, or the origin is not reachable from here` };
  }
  if (upstream) {
    return { implies: upstream, said: `the origin ${ORIGIN_DID[upstream]} when asked directly (${describe(origin)}): the failure is at the origin, the public path only relays it` };
  }
  if (origin.status === null) return { implies: 'origin-error', said: `the origin fails too when asked directly (${describe(origin)})` };

  // It answered: later than the gateway waited means the gateway's limit is shorter than the
  // origin's response time (a slow application), whatever the origin finally said.
  const firstByte = origin.timings.firstByte ?? origin.timings.total;
  if (waited && firstByte >= publicFailureMs!) {
    return {
      implies: 'upstream-timeout',
      said: `the origin answers ${origin.status}, but only after ${seconds(firstByte)}, later than the ${seconds(publicFailureMs)} after which the public path failed: the gateway stops waiting before the origin answers`,
    };
  }
  if (isBroken(origin)) return { implies: 'origin-error', said: `the origin fails too when asked directly (${describe(origin)})` };
  return { implies: 'gateway-path', said: `the origin answers ${origin.status} when asked directly (${withoutMarker(origin.url)})` };
}

const ORIGIN_DID: Partial<Record<Cause, string>> = {
  'upstream-refused': 'refuses the connection too',
  'upstream-closed': 'closes the connection without answering',
  'upstream-invalid-response': 'answers with bytes that are not HTTP',
  'upstream-timeout': 'does not answer in time',
};

/** How long the public path took to fail, when the target (not our own --timeout) ended it. */
export function publicFailureMs(publicAttempts: ProbeResult[], limitMs: number | null): number | null {
  if (limitMs !== null) return limitMs;
  const ended = publicAttempts
    .filter((a) => isBroken(a) && a.cause !== 'response-timeout' && a.cause !== 'connect-timeout')
    .map((a) => a.timings.total)
    .sort((a, b) => a - b);
  return ended.length > 0 ? ended[Math.floor(ended.length / 2)]! : null;
}

/** The origin's URL as the user gave it, without the marker the logs step adds. */
function withoutMarker(href: string): string {
  const url = new URL(href);
  url.searchParams.delete('whydown-probe');
  return url.href;
}

function describe(result: ProbeResult): string {
  if (result.status !== null) return `${result.status}${result.statusText ? ` ${result.statusText}` : ''}`;
  return `${result.cause}${result.error ? `: ${result.error.message}` : ''}`;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** Causes a healthy origin rules out: it would have closed on, garbled for or crashed on us too. */
export const RULED_OUT_BY_HEALTHY_ORIGIN: ReadonlySet<Cause> = new Set<Cause>([
  'upstream-closed', 'upstream-invalid-response', 'upstream-killed', 'app-error',
]);

/** Bytes of a response head beyond which a gateway's default buffer (nginx 4–8 KiB) overflows. */
export const GATEWAY_HEADER_BUFFER = 4096;

export function headBytes(result: ProbeResult): number {
  let bytes = 0;
  for (const [name, value] of Object.entries(result.headers)) bytes += name.length + value.length + 4;
  return bytes;
}

/** What to check when the origin (at `originUrl`) answers and the gateway does not reach it. */
export function gatewayPathFixes(originUrl: string): string[] {
  const url = withoutMarker(originUrl);
  return [
    `Compare the upstream address and port in the gateway's configuration (nginx \`proxy_pass\`, Apache \`ProxyPass\`, HAProxy \`server\`) with the origin that answered: ${url}`,
    `From the gateway's own host, try \`curl -v ${url}\`: a firewall or a different network between gateway and origin shows there`,
    'Check the scheme on both sides: `proxy_pass https://` to an origin that speaks plain HTTP (or the reverse) fails the same way',
  ];
}
