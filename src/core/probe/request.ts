// One request, traced phase by phase: DNS → TCP → TLS → HTTP. A target's failure comes back
// as data (a cause and the phase it stopped in); only bugs throw.
import { performance } from 'node:perf_hooks';
import type { TLSSocket } from 'node:tls';
import type { Timings } from '../model.js';
import { plainHttpDetail } from '../knowledge/probe-errors.js';
import { brokenBody, classifyResponse, invalidStatus } from './classify.js';
import { connectToAny, destinationRefused, formatAddress } from './connect.js';
import type { Deadline } from './deadline.js';
import type { ResolverAddress } from './dns-query.js';
import type { ExchangeOutcome } from './exchange.js';
import { exchangeHttp1 } from './http1.js';
import { resolveHost } from './resolve.js';
import { loadSecure } from './secure.js';
import { bareHost, defaultPort } from './target.js';
import type { ProbeOptions, ProbeResult } from './types.js';

/** Names the tool honestly, so a server's logs and rules can tell its requests apart. */
export const DEFAULT_USER_AGENT = 'whydown/0.1';

export interface RequestSettings {
  options: ProbeOptions;
  resolvers: ResolverAddress[];
  deadline: Deadline;
}

export async function requestOnce(url: URL, settings: RequestSettings): Promise<ProbeResult> {
  const { options, deadline } = settings;
  // Loaded before the clock starts, so no phase counts it (once per process, for https:// only).
  const secure = url.protocol === 'https:' ? await loadSecure() : null;
  const started = performance.now();
  const host = bareHost(url);
  const port = defaultPort(url);
  const result: ProbeResult = {
    url: url.href, at: new Date().toISOString(), cause: 'unknown', failedPhase: null, error: null,
    address: null, localAddress: null, connectAttempts: [], dns: [], tls: null, httpVersion: null, status: null,
    statusText: null, headers: {}, bodySample: '', bodyBytes: 0, bodyTruncated: false, redirects: [],
    timings: { total: 0 },
  };
  const timings: Partial<Timings> = {};
  const finish = (): ProbeResult => {
    result.timings = { ...timings, total: performance.now() - started };
    return result;
  };

  const resolution = await resolveHost(host, port, {
    pinned: options.resolve, resolvers: settings.resolvers, timeoutMs: deadline.remaining(),
  });
  result.dns = resolution.answers;
  if (resolution.timeMs !== undefined) timings.dns = resolution.timeMs;
  if (resolution.failure) {
    Object.assign(result, { cause: resolution.failure.cause, error: resolution.failure.error, failedPhase: 'dns' });
    return finish();
  }

  const refusedAt = refusedAtLookup(resolution.addresses, port, options);
  if (refusedAt) {
    Object.assign(result, { cause: 'network-unreachable', error: destinationRefused(refusedAt, port), failedPhase: 'dns' });
    return finish();
  }
  const connection = await connectToAny(resolution.addresses, port, deadline, options.allowAddress);
  result.connectAttempts = connection.attempts;
  result.address = connection.address;
  if (connection.timeMs !== undefined) timings.tcp = connection.timeMs;
  if (!connection.socket || connection.failure) {
    Object.assign(result, { cause: connection.failure?.cause ?? 'unknown', error: connection.failure?.error ?? null, failedPhase: 'tcp' });
    return finish();
  }
  let socket = connection.socket;
  if (socket.localAddress && socket.localPort) result.localAddress = formatAddress(socket.localAddress, socket.localPort);
  let handshakeEnd = performance.now();

  let useHttp2 = false;
  if (secure) {
    const secured = await secure.handshake(socket, host, { ca: options.ca, timeoutMs: deadline.remaining(), alpn: ['h2', 'http/1.1'] });
    result.tls = secured.info;
    if (secured.timeMs !== undefined) timings.tls = secured.timeMs;
    if (!secured.socket || secured.failure) {
      socket.destroy();
      const error = secured.failure?.error ?? null;
      if (error && secured.failure?.plainHttp) error.detail = plainHttpDetail(url);
      Object.assign(result, { cause: secured.failure?.cause ?? 'unknown', error, failedPhase: 'tls' });
      return finish();
    }
    socket = secured.socket;
    handshakeEnd = performance.now();
    useHttp2 = secured.socket.alpnProtocol === 'h2';
  }

  const request = {
    method: options.method ?? 'GET',
    path: `${url.pathname}${url.search}`,
    authority: url.host,
    headers: { 'user-agent': DEFAULT_USER_AGENT, accept: '*/*', 'accept-encoding': 'gzip, deflate, br', ...options.headers },
    ...(options.body === undefined ? {} : { body: Buffer.from(options.body, 'utf8') }),
    timeoutMs: deadline.remaining(),
    sampleBytes: options.bodySampleBytes ?? 64 * 1024,
    maxRawBytes: 8 * 1024 * 1024,
  };
  const exchange: ExchangeOutcome = useHttp2 && secure
    ? await secure.exchangeHttp2(socket as TLSSocket, request)
    : await exchangeHttp1(socket, request);
  if (exchange.firstByteAt !== undefined) {
    timings.firstByte = exchange.firstByteAt - (exchange.requestSentAt ?? handshakeEnd);
  }
  if (exchange.endAt !== undefined && exchange.firstByteAt !== undefined) timings.download = exchange.endAt - exchange.firstByteAt;
  Object.assign(result, {
    httpVersion: exchange.httpVersion, status: exchange.status, statusText: exchange.statusText, headers: exchange.headers,
  });
  if (exchange.body) {
    result.bodySample = exchange.body.sample.toString('utf8');
    result.bodyBytes = exchange.body.decodedBytes;
    result.bodyTruncated = exchange.body.truncated;
  }
  if (exchange.failure || exchange.status === null) {
    Object.assign(result, { cause: exchange.failure?.cause ?? 'unknown', error: exchange.failure?.error ?? null, failedPhase: 'http' });
    return finish();
  }
  const broken = invalidStatus(exchange.status) ?? (exchange.body ? brokenBody(exchange.body) : null);
  if (broken) {
    // The status and headers stay: they say who answered, even if what followed was broken.
    Object.assign(result, { cause: broken.cause, error: broken.error, failedPhase: 'http' });
    return finish();
  }
  result.cause = classifyResponse({
    status: exchange.status, headers: exchange.headers, body: result.bodySample, bodyBytes: result.bodyBytes,
    bodyTruncated: result.bodyTruncated, firstByteMs: timings.firstByte, slowFirstByteMs: options.slowFirstByteMs ?? 2000,
  });
  return finish();
}

/**
 * The first looked-up address the policy refuses, if any. One refused address refuses the name:
 * a name that answers with a public and a private address must not be tried on the private one
 * when the public one fails, and a browser would try both.
 */
function refusedAtLookup(addresses: string[], port: number, options: ProbeOptions): string | null {
  if (!options.allowAddress) return null;
  return addresses.find((address) => !options.allowAddress!(address, port)) ?? null;
}
