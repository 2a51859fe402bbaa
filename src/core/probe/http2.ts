// One HTTP/2 exchange over a TLS socket whose ALPN picked h2.
import http2 from 'node:http2';
import { performance } from 'node:perf_hooks';
import type tls from 'node:tls';
import { readBody } from './body.js';
import { toProbeError } from './connect.js';
import { timeoutError } from './deadline.js';
import { flattenHeaders, headFailureCause, type ExchangeOutcome, type ExchangeRequest } from './exchange.js';

export function exchangeHttp2(socket: tls.TLSSocket, request: ExchangeRequest): Promise<ExchangeOutcome> {
  return new Promise((resolve) => {
    const wire = { bytesReceived: 0, reset: false, timedOut: false };
    const outcome: ExchangeOutcome = { httpVersion: '2', status: null, statusText: null, headers: {}, body: null, failure: null };
    let settled = false;
    const session = http2.connect(`https://${request.authority}`, {
      createConnection: () => socket,
      maxHeaderListPairs: 256,
      maxSessionMemory: 16,
      settings: { maxHeaderListSize: 64 * 1024 },
    });
    const settle = (): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      // Not at once: settle() can run inside nghttp2's callbacks (a stream error for a response
      // without :status, say). Destroying the session there leaves nghttp2 memory counted, and
      // Node 20 aborts the whole process when that session is garbage-collected
      // (Http2Session::~Http2Session: current_nghttp2_memory_ == 0).
      setImmediate(() => {
        session.destroy();
        socket.destroy();
      });
      resolve(outcome);
    };
    const fail = (error: NodeJS.ErrnoException): void => {
      if (settled || outcome.status !== null) return;
      outcome.failure = { cause: headFailureCause(error, wire), error: toProbeError(error) };
      settle();
    };
    socket.on('data', (chunk: Buffer) => { wire.bytesReceived += chunk.length; });
    session.on('error', fail);

    const stream = session.request({
      ':method': request.method,
      ':path': request.path,
      ...lowerCaseKeys(request.headers),
    }, { endStream: request.body === undefined });
    if (request.body !== undefined) stream.end(request.body);
    outcome.requestSentAt = performance.now();
    const timer = setTimeout(() => {
      wire.timedOut = true;
      const error = timeoutError(outcome.status === null ? 'the response head' : 'the response body', request.timeoutMs);
      if (outcome.status === null) fail(error);
      else stream.destroy(error);
    }, request.timeoutMs);

    stream.on('error', fail);
    stream.on('close', () => {
      if (outcome.status === null) fail(Object.assign(new Error('the server closed the HTTP/2 stream without a response'), { code: 'ERR_HTTP2_STREAM_ERROR' }));
    });
    stream.on('response', (headers) => {
      outcome.firstByteAt = performance.now();
      outcome.status = Number(headers[':status']);
      outcome.headers = flattenHeaders(headers);
      readBody(stream, outcome.headers['content-encoding'], request)
        .then((body) => {
          outcome.body = body;
          outcome.endAt = performance.now();
          settle();
        });
    });
  });
}

function lowerCaseKeys(headers: Record<string, string>): Record<string, string> {
  // HTTP/2 forbids connection-specific headers; drop them rather than fail the request.
  const banned = new Set(['host', 'connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade']);
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (!banned.has(name.toLowerCase())) out[name.toLowerCase()] = value;
  }
  return out;
}
