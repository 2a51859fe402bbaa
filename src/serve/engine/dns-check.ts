// A dns monitor's check: the record asked of each resolver (all at once, with the probe's own
// DNS client, which keeps the rcode that the system resolver hides), then the answers compared:
// with each other (resolvers that disagree) and with `expect.answer` (an answer that changed).
import dns from 'node:dns';
import { performance } from 'node:perf_hooks';
import dnsPacket from 'dns-packet';
import type { Cause, Timings } from '../../core/model.js';
import { queryType, type RawAnswer } from '../../core/probe/dns-query.js';
import type { ProbeError } from '../../core/probe/types.js';
import { normaliseAnswer, parseResolver } from '../config/dns-monitor.js';
import type { DnsRecordType, MonitorConfig } from '../config/types.js';

/** What a record's text may take in messages and the API (a TXT record can be 64 KiB). */
const SHOWN_RECORD = 200;
/** Records kept per answer: a hostile resolver can send hundreds. */
const MAX_RECORDS = 64;

export interface ResolverReading {
  /** `127.0.0.1:53`, or `system (127.0.0.53:53)`. */
  resolver: string;
  rcode: string;
  /** The records of the asked type, normalised (see normaliseAnswer), sorted. */
  answer: string[];
  /** What this reading means on its own (`ok` for an answer with records). */
  cause: Cause;
  error: ProbeError | null;
  timeMs: number;
}

export interface DnsOutcome {
  status: 'up' | 'degraded' | 'down';
  cause: Cause;
  /** The resolvers' common answer (the first resolver's when they disagree). */
  answer: string[];
  readings: ResolverReading[];
  error: ProbeError | null;
  detail?: string;
  timings: Timings;
}

export type DnsCheckInput = Pick<MonitorConfig, 'target' | 'record' | 'dnsServers' | 'timeoutMs' | 'expect'>;

export async function dnsProbe(monitor: DnsCheckInput): Promise<DnsOutcome> {
  const started = performance.now();
  const name = monitor.target ?? '';
  const record = monitor.record ?? 'A';
  const servers = resolversOf(monitor.dnsServers);
  const readings = await Promise.all(servers.map((server) => ask(server, name, record, monitor.timeoutMs)));
  const elapsed = performance.now() - started;
  const judged = judgeDns(name, record, readings, monitor.expect.answer);
  return { ...judged, readings, timings: { dns: elapsed, total: elapsed } };
}

/** The configured resolvers, else the first of the system's (as /etc/resolv.conf lists them). */
function resolversOf(configured: readonly string[] | undefined): { host: string; port: number; label: string }[] {
  if (configured && configured.length > 0) return configured.flatMap((text) => parseResolver(text) ?? []);
  const system = dns.getServers().map((text) => parseResolver(text)).find((s) => s !== undefined) ?? { host: '127.0.0.1', port: 53, label: '127.0.0.1:53' };
  return [{ ...system, label: `system (${system.label})` }];
}

async function ask(server: { host: string; port: number; label: string }, name: string, record: DnsRecordType, timeoutMs: number): Promise<ResolverReading> {
  const started = performance.now();
  let raw: RawAnswer;
  try {
    raw = await queryType(server, name, record, timeoutMs);
  } catch (error) {
    const err = error as NodeJS.ErrnoException;
    const code = err.code ?? 'EDNS';
    const timedOut = code === 'ETIMEOUT';
    return {
      resolver: server.label, rcode: timedOut ? 'TIMEOUT' : 'FAILED', answer: [], cause: timedOut ? 'dns-timeout' : 'dns-servfail',
      error: { code, message: err.message }, timeMs: performance.now() - started,
    };
  }
  const timeMs = performance.now() - started;
  const answer = [...new Set(raw.answers.filter((a) => a.type === record).slice(0, MAX_RECORDS).map((a) => normaliseAnswer(record, recordText(a))))].sort();
  const base = { resolver: server.label, rcode: raw.rcode, answer, timeMs };
  switch (raw.rcode) {
    case 'NOERROR':
      if (answer.length > 0) return { ...base, cause: 'ok', error: null };
      return {
        ...base,
        cause: record === 'A' || record === 'AAAA' ? 'dns-no-address' : 'unexpected-response',
        error: { code: 'ENODATA', message: `${server.label}: ${name} exists but has no ${record} record` },
      };
    case 'NXDOMAIN':
      return { ...base, cause: 'dns-nxdomain', error: { code: 'ENOTFOUND', message: `${server.label}: ${name} does not exist (NXDOMAIN)` } };
    default:
      return { ...base, cause: 'dns-servfail', error: { code: `E${raw.rcode}`, message: `${server.label}: answered ${raw.rcode} for ${name}` } };
  }
}

/** A record's data as text: an MX is `10 mx.example`, a TXT its strings joined (as `dig +short` would, less the quotes). */
function recordText(answer: dnsPacket.Answer): string {
  const data = (answer as { data: unknown }).data;
  if (answer.type === 'MX') {
    const mx = data as { preference?: number; exchange?: string };
    return `${mx.preference ?? 0} ${mx.exchange ?? ''}`;
  }
  if (answer.type === 'TXT') {
    const parts = Array.isArray(data) ? data : [data];
    return parts.map((p) => (Buffer.isBuffer(p) ? p.toString('utf8') : String(p))).join('');
  }
  return String(data);
}

/**
 * Resolvers that answered differently disagree (whatever else is wrong); then a resolver that
 * failed; then the common answer: no such name, no record, or not the expected set.
 */
export function judgeDns(name: string, record: DnsRecordType, readings: readonly ResolverReading[], expected?: readonly string[]): Omit<DnsOutcome, 'readings' | 'timings'> {
  const answered = readings.filter((r) => r.rcode === 'NOERROR' || r.rcode === 'NXDOMAIN');
  const keyOf = (r: ResolverReading): string => `${r.rcode} ${r.answer.join('\n')}`;
  const first = answered[0];
  if (first && answered.some((r) => keyOf(r) !== keyOf(first))) {
    const said = answered.map((r) => `${r.resolver} says ${describeReading(r)}`).join('; ');
    return {
      status: expected === undefined ? 'degraded' : 'down', cause: 'dns-disagreement', answer: first.answer, error: null,
      detail: `the resolvers disagree about ${name} ${record}: ${said}`,
    };
  }
  const failed = readings.find((r) => r.rcode !== 'NOERROR' && r.rcode !== 'NXDOMAIN');
  if (failed) return { status: 'down', cause: failed.cause, answer: [], error: failed.error, detail: failed.error?.message ?? `${failed.resolver}: ${failed.rcode}` };
  if (!first) return { status: 'down', cause: 'dns-timeout', answer: [], error: { code: 'ETIMEOUT', message: 'no resolver answered' } };
  if (first.cause !== 'ok') return { status: 'down', cause: first.cause, answer: [], error: first.error, detail: first.error?.message ?? first.rcode };
  if (expected !== undefined) {
    const want = [...new Set(expected)].sort();
    if (want.join('\n') !== first.answer.join('\n')) {
      return {
        status: 'down', cause: 'unexpected-response', answer: first.answer, error: null,
        detail: `the ${record} answer for ${name} is ${showSet(first.answer)}, expected ${showSet(want)} (expect.answer)`,
      };
    }
  }
  return { status: 'up', cause: 'ok', answer: first.answer, error: null };
}

function describeReading(reading: ResolverReading): string {
  if (reading.rcode === 'NXDOMAIN') return 'NXDOMAIN';
  return reading.answer.length === 0 ? 'no record' : showSet(reading.answer);
}

/** `[203.0.113.7, 203.0.113.8]`, each record cut to a readable length, control characters escaped. */
export function showSet(values: readonly string[]): string {
  const shown = values.slice(0, 8).map((v) => {
    const clean = v.replace(/[\x00-\x1f\x7f-\x9f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
    return clean.length > SHOWN_RECORD ? `${clean.slice(0, SHOWN_RECORD)}…` : clean;
  });
  return `[${shown.join(', ')}${values.length > 8 ? `, … ${values.length - 8} more` : ''}]`;
}
