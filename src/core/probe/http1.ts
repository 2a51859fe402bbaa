// One HTTP/1.1 exchange over a socket we opened ourselves (so every phase is ours to time).
import http from 'node:http';
import type net from 'node:net';
import { performance } from 'node:perf_hooks';
import { readBody } from './body.js';
import { toProbeError } from './connect.js';
import { timeoutError } from './deadline.js';
import { flattenHeaders, headFailureCause, type ExchangeOutcome, type ExchangeRequest } from './exchange.js';

/** Larger than any real site's head, small enough that endless headers stop early. */
const MAX_HEADER_BYTES = 64 * 1024;

export function exchangeHttp1(socket: net.Socket, request: ExchangeRequest): Promise<ExchangeOutcome> {
  return new Promise((resolve) => {
    const wire = { bytesReceived: 0, reset: false, timedOut: false };
    const outcome: ExchangeOutcome = { httpVersion: null, status: null, statusText: null, headers: {}, body: null, failure: null };
    let settled = false;
    const settle = (): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(outcome);
    };

    socket.on('data', (chunk: Buffer) => {
      if (wire.bytesReceived === 0) outcome.firstByteAt = performance.now();
      wire.bytesReceived += chunk.length;
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ECONNRESET' || error.code === 'EPIPE') wire.reset = true;
    });

    const req = http.request({
      createConnection: () => socket,
      method: request.method,
      path: request.path,
      headers: {
        host: request.authority,
        ...request.headers,
        ...(request.body === undefined ? {} : { 'content-length': String(request.body.length) }),
      },
      maxHeaderSize: MAX_HEADER_BYTES,
      setHost: false,
    });
    const timer = setTimeout(() => {
      wire.timedOut = true;
      const error = timeoutError(outcome.status === null ? 'the response head' : 'the response body', request.timeoutMs);
      if (outcome.status === null) {
        outcome.failure = { cause: 'response-timeout', error: toProbeError(error) };
        settle();
      } else {
        // Headers arrived; a body that never ends is cut here and kept as a sample.
        res?.destroy(error);
      }
    }, request.timeoutMs);
    let res: http.IncomingMessage | undefined;

    req.on('error', (error: NodeJS.ErrnoException) => {
      if (settled || outcome.status !== null) return;
      outcome.failure = { cause: headFailureCause(error, wire), error: toProbeError(error) };
      settle();
    });
    req.on('finish', () => { outcome.requestSentAt = performance.now(); });
    // A 101 Switching Protocols to a request that asked for no upgrade: Node hands the socket
    // over here (without this listener it drops it silently and the attempt waits for the time
    // limit). The response head was complete; what it says is a protocol error.
    req.on('upgrade', (response: http.IncomingMessage) => {
      outcome.httpVersion = response.httpVersion;
      outcome.status = response.statusCode ?? null;
      outcome.statusText = response.statusMessage ?? null;
      outcome.headers = flattenHeaders(response.headers);
      outcome.failure = {
        cause: 'malformed-response',
        error: { code: 'EUNEXPECTEDUPGRADE', message: `the server switched protocols (${response.statusCode} ${response.headers.upgrade ?? 'no Upgrade header'}) though the request asked for no upgrade` },
      };
      settle();
    });
    req.on('response', (response) => {
      // Node's parser takes any three digits; below 100 is no HTTP status (RFC 9110 §15), so the
      // head is as broken as one the parser rejects.
      if ((response.statusCode ?? 0) < 100) {
        outcome.failure = { cause: 'malformed-response', error: { code: 'HPE_INVALID_STATUS', message: `Parse Error: Invalid status code ${response.statusCode}` } };
        settle();
        return;
      }
      res = response;
      outcome.httpVersion = response.httpVersion;
      outcome.status = response.statusCode ?? null;
      outcome.statusText = response.statusMessage ?? null;
      outcome.headers = flattenHeaders(response.headers);
      readBody(response, outcome.headers['content-encoding'], request)
        .then((body) => {
          outcome.body = body;
          outcome.endAt = performance.now();
          settle();
        });
    });
    req.end(request.body);
  });
}
