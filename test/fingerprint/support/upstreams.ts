// The broken upstreams every gateway scenario points at, started once and shared.
import { deadPort } from '../../support/process.js';
import { listenRaw, readRequestHead } from '../../support/raw-listen.js';
import { startDelayedFirstByte, startEmptyResponse, type RawServer } from '../../support/raw-servers.js';

export interface Upstreams {
  /** Answers `200 hello` at once (text/plain, no cache headers, no Server header). */
  ok: number;
  /** A port where nothing listens: connections are refused. */
  refused: number;
  /** Reads the request and never answers in time (the gateways' read timeouts are ~1 s). */
  slow: number;
  /** Reads the request and closes without a byte. */
  closing: number;
  /** Reads the request and answers with a fixed line that is not HTTP. */
  garbage: number;
  /** Reads the request and answers with a status line that is broken (an HTTP/2.0 status line over HTTP/1). */
  corrupt: number;
  stop(): Promise<void>;
}

/** Deterministic, so captured fixtures do not change from run to run. */
export const GARBAGE = 'this is not an HTTP response\r\n\r\n';
export const CORRUPT = 'HTTP/2.0 200 OK\r\nContent-Length: 0\r\n\r\n';

export async function startUpstreams(): Promise<Upstreams> {
  const servers: RawServer[] = [];
  try {
    const ok = await startDelayedFirstByte(0, 'hello');
    servers.push(ok);
    const slow = await startDelayedFirstByte(60_000);
    servers.push(slow);
    const closing = await startEmptyResponse();
    servers.push(closing);
    const garbage = await listenRaw((socket, context) => readRequestHead(socket, context, () => socket.end(GARBAGE)));
    servers.push(garbage);
    const corrupt = await listenRaw((socket, context) => readRequestHead(socket, context, () => socket.end(CORRUPT)));
    servers.push(corrupt);
    return {
      ok: ok.port,
      refused: await deadPort(),
      slow: slow.port,
      closing: closing.port,
      garbage: garbage.port,
      corrupt: corrupt.port,
      stop: async () => { await Promise.all(servers.map((s) => s.stop())); },
    };
  } catch (error) {
    await Promise.all(servers.map((s) => s.stop()));
    throw error;
  }
}
