// One request to one address of a name, as a browser would meet it when DNS hands it that address
// (issue #14 item 4). The address is pinned the way `--resolve` pins it, and the request is not
// followed through redirects: a 3xx from that address is its answer. A request that is not safe to
// repeat (POST with a body) is not sent again: for those, the address is only connected to.
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import type { Cause, Timings } from '../model.js';
import { connectToAny, formatAddress } from './connect.js';
import { Deadline } from './deadline.js';
import { requestOnce } from './request.js';
import { bareHost, defaultPort } from './target.js';
import type { ProbeError, ProbeOptions, ProbeResult } from './types.js';
import { warmUp } from './warmup.js';

export type AddressCheck = 'http' | 'connect';

export interface AddressOutcome {
  /** "127.0.0.1:8080" or "[::1]:8080". */
  address: string;
  family: 'ipv4' | 'ipv6';
  /** What was done: a whole request, or a TCP connect only (a method not safe to repeat). */
  checked: AddressCheck;
  /** `ok` (or `slow-response`) when it works. */
  cause: Cause;
  status: number | null;
  error: ProbeError | null;
  /** False when a destination policy (the public /check) refused it: nothing was sent there. */
  allowed: boolean;
  timings: Timings;
  /** The whole request, when one was made (for the report's attempts). */
  result: ProbeResult | null;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function familyOf(address: string): 'ipv4' | 'ipv6' {
  return net.isIPv6(address) ? 'ipv6' : 'ipv4';
}

export async function probeAddress(url: URL, address: string, options: ProbeOptions): Promise<AddressOutcome> {
  const host = bareHost(url);
  const port = defaultPort(url);
  const label = formatAddress(address, port);
  const family = familyOf(address);
  if (options.allowAddress && !options.allowAddress(address, port)) {
    return {
      address: label, family, checked: 'connect', cause: 'network-unreachable', status: null,
      error: { code: 'EDESTINATIONREFUSED', message: `${label} is not a public destination; not connecting` },
      allowed: false, timings: { total: 0 }, result: null,
    };
  }
  const method = (options.method ?? 'GET').toUpperCase();
  if (!SAFE_METHODS.has(method)) return connectOnly(address, port, label, options);
  await warmUp();
  const pinned = { ...options, resolve: [{ host: host.toLowerCase(), port, address }] };
  const result = await requestOnce(url, { options: pinned, resolvers: [], deadline: new Deadline(options.timeoutMs) });
  return {
    address: label, family, checked: 'http', cause: result.cause, status: result.status, error: result.error,
    allowed: true, timings: result.timings, result,
  };
}

async function connectOnly(address: string, port: number, label: string, options: ProbeOptions): Promise<AddressOutcome> {
  const started = performance.now();
  const outcome = await connectToAny([address], port, new Deadline(options.timeoutMs), options.allowAddress);
  outcome.socket?.destroy();
  const total = performance.now() - started;
  const failure = outcome.failure;
  return {
    address: label, family: familyOf(address), checked: 'connect', cause: failure ? failure.cause : 'ok', status: null,
    error: failure?.error ?? null, allowed: true,
    timings: outcome.timeMs !== undefined ? { tcp: outcome.timeMs, total } : { total }, result: null,
  };
}
