// Writing answers: JSON (or text for /metrics) with its length, so keep-alive connections stay
// open, and `Cache-Control: no-store` because every answer is live data behind a token.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiError } from './errors.js';

export const JSON_TYPE = 'application/json; charset=utf-8';

export interface Reply {
  status: number;
  /** Serialised as JSON; absent for 204. */
  json?: unknown;
  /** A ready text body (metrics), sent with `contentType`. */
  text?: string;
  contentType?: string;
  headers?: Readonly<Record<string, string>>;
}

export function send(res: ServerResponse, reply: Reply): void {
  if (res.headersSent) {
    res.destroy(); // a reply after a reply is a bug; the socket is all that can be cleaned up
    return;
  }
  res.statusCode = reply.status;
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  for (const [name, value] of Object.entries(reply.headers ?? {})) res.setHeader(name, value);
  let body: string | undefined;
  if (reply.text !== undefined) {
    body = reply.text;
    res.setHeader('Content-Type', reply.contentType ?? 'text/plain; charset=utf-8');
  } else if (reply.json !== undefined) {
    body = JSON.stringify(reply.json);
    res.setHeader('Content-Type', JSON_TYPE);
  }
  if (body === undefined) {
    if (reply.status !== 204 && reply.status !== 304) res.setHeader('Content-Length', '0');
    res.end();
    return;
  }
  res.setHeader('Content-Length', String(Buffer.byteLength(body)));
  // Node sends no body for HEAD by itself; the headers stay those of the GET.
  res.end(body);
}

export function errorReply(error: ApiError, headers?: Record<string, string>): Reply {
  return { status: error.status, json: error.toJSON(), ...(headers ? { headers } : {}) };
}

/**
 * Closes the connection after the answer when the request still has a body we will not read
 * (an early 401 or 413): draining a large body to keep the connection would cost more than a
 * new connection.
 */
export function closeIfBodyUnread(req: IncomingMessage, res: ServerResponse, maxDrain: number): void {
  if (req.complete || req.readableEnded) return;
  const length = Number(req.headers['content-length'] ?? NaN);
  const small = Number.isFinite(length) && length <= maxDrain;
  if (!small && (req.headers['transfer-encoding'] !== undefined || length > 0)) res.setHeader('Connection', 'close');
}
