// Turns a host name into the addresses to connect to: pinned (--resolve), literal, the given
// resolvers (--dns-server) in order, or the system resolver (what a browser would use).
import dns from 'node:dns';
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import type { Cause } from '../model.js';
import { queryResolver, type ResolverAddress } from './dns-query.js';
import type { DnsAnswer, PinnedAddress, ProbeError } from './types.js';

export interface Resolution {
  addresses: string[];
  answers: DnsAnswer[];
  /** Absent when no lookup happened (literal or pinned address). */
  timeMs?: number;
  failure: { cause: Cause; error: ProbeError } | null;
}

export async function resolveHost(
  host: string,
  port: number,
  options: { pinned?: PinnedAddress[]; resolvers?: ResolverAddress[]; timeoutMs: number },
): Promise<Resolution> {
  const pinned = options.pinned?.filter((p) => p.host === host.toLowerCase() && p.port === port);
  if (pinned && pinned.length > 0) return { addresses: pinned.map((p) => p.address), answers: [], failure: null };
  if (net.isIP(host) !== 0) return { addresses: [host], answers: [], failure: null };
  const started = performance.now();
  const result = options.resolvers && options.resolvers.length > 0
    ? await resolveWithServers(host, options.resolvers, options.timeoutMs)
    : await resolveWithSystem(host);
  return { ...result, timeMs: performance.now() - started };
}

/** Like a stub resolver with several nameservers: the next one is asked only when one fails. */
async function resolveWithServers(host: string, resolvers: ResolverAddress[], timeoutMs: number): Promise<Omit<Resolution, 'timeMs'>> {
  const answers: DnsAnswer[] = [];
  const endsAt = performance.now() + timeoutMs;
  for (const [index, resolver] of resolvers.entries()) {
    // The resolvers share the attempt's budget: each gets an equal part of what is left, so a
    // silent first one cannot starve the next (a stub resolver has a per-server timeout too).
    const left = endsAt - performance.now();
    if (left <= 0) break;
    const answer = await queryResolver(resolver, host, Math.min(left / (resolvers.length - index), 5000));
    answers.push(answer);
    if (answer.rcode === 'NOERROR' || answer.rcode === 'NXDOMAIN') break;
  }
  const decisive = answers.find((a) => a.rcode === 'NOERROR' || a.rcode === 'NXDOMAIN') ?? answers[0];
  if (!decisive) {
    const error = { code: 'ETIMEOUT', message: `no resolver answered within ${Math.round(timeoutMs)} ms` };
    return { addresses: [], answers, failure: { cause: 'dns-timeout', error } };
  }
  return { addresses: decisive.addresses, answers, failure: failureFromAnswer(host, decisive) };
}

export function failureFromAnswer(host: string, answer: DnsAnswer): Resolution['failure'] {
  switch (answer.rcode) {
    case 'NOERROR':
      return answer.addresses.length > 0 ? null : {
        cause: 'dns-no-address',
        error: { code: 'ENODATA', message: `${answer.resolver}: ${host} exists but has no A or AAAA record` },
      };
    case 'NXDOMAIN':
      return { cause: 'dns-nxdomain', error: { code: 'ENOTFOUND', message: `${answer.resolver}: ${host} does not exist (NXDOMAIN)` } };
    case 'TIMEOUT':
      return { cause: 'dns-timeout', error: answer.error ?? { code: 'ETIMEOUT', message: `${answer.resolver}: no answer` } };
    case 'BADRESP':
    case 'FAILED':
      // No usable answer (see dns-query.ts): the resolver failed, and its error says how.
      return { cause: 'dns-servfail', error: answer.error ?? { code: `E${answer.rcode}`, message: `${answer.resolver}: no usable answer for ${host}` } };
    default:
      return { cause: 'dns-servfail', error: { code: `E${answer.rcode}`, message: `${answer.resolver}: answered ${answer.rcode} for ${host}` } };
  }
}

async function resolveWithSystem(host: string): Promise<Omit<Resolution, 'timeMs'>> {
  const started = performance.now();
  try {
    const found = await dns.promises.lookup(host, { all: true, verbatim: true });
    const addresses = found.map((f) => f.address);
    const answer: DnsAnswer = {
      resolver: 'system', rcode: 'NOERROR', addresses, ttl: null, cnames: [], error: null,
      timeMs: performance.now() - started,
    };
    return { addresses, answers: [answer], failure: null };
  } catch (error) {
    // getaddrinfo folds NXDOMAIN and NODATA into one error; ask the system's resolvers once
    // more through c-ares, which tells them apart.
    const rcode = await refineSystemFailure(host, error as NodeJS.ErrnoException);
    const err = error as NodeJS.ErrnoException;
    const answer: DnsAnswer = {
      resolver: 'system', rcode, addresses: [], ttl: null, cnames: [],
      error: { code: err.code ?? 'EDNS', message: err.message }, timeMs: performance.now() - started,
    };
    return { addresses: [], answers: [answer], failure: failureFromAnswer(host, answer) };
  }
}

async function refineSystemFailure(host: string, error: NodeJS.ErrnoException): Promise<string> {
  if (error.code === 'EAI_AGAIN') return 'TIMEOUT';
  try {
    await new dns.promises.Resolver({ timeout: 3000, tries: 1 }).resolve4(host);
    return 'NOERROR';
  } catch (refined) {
    const code = (refined as NodeJS.ErrnoException).code;
    if (code === dns.NODATA) return 'NOERROR';
    if (code === dns.NOTFOUND) return 'NXDOMAIN';
    if (code === dns.TIMEOUT || code === dns.CONNREFUSED) return 'TIMEOUT';
    if (code === dns.REFUSED) return 'REFUSED';
    return 'SERVFAIL';
  }
}
