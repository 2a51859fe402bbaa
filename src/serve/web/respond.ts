// Writing web answers: the security headers every page carries, caching, ETag and 304.
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface WebReply {
  status: number;
  type: string;
  /** Text, or bytes (an incident's screenshot). */
  body: string | Buffer;
  /** Seconds a shared cache may keep it; 0: `no-store`. */
  maxAge: number;
  immutable?: boolean;
  headers?: Readonly<Record<string, string>>;
}

/**
 * `default-src 'self'` and nothing inline: the pages run no script and style from a file, so an
 * injected tag could do nothing even if escaping ever failed. Frames are refused (clickjacking).
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
};

export function sendWeb(req: IncomingMessage, res: ServerResponse, reply: WebReply, etag = strongEtag(reply.body)): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
  res.setHeader('Cache-Control', reply.maxAge > 0 ? `public, max-age=${reply.maxAge}${reply.immutable ? ', immutable' : ''}` : 'no-store');
  for (const [name, value] of Object.entries(reply.headers ?? {})) res.setHeader(name, value);
  if (reply.status === 200) {
    res.setHeader('ETag', etag);
    if (matches(req.headers['if-none-match'], etag)) {
      res.statusCode = 304;
      res.end();
      return;
    }
  }
  res.statusCode = reply.status;
  res.setHeader('Content-Type', reply.type);
  res.setHeader('Content-Length', String(Buffer.byteLength(reply.body)));
  res.end(req.method === 'HEAD' ? undefined : reply.body);
}

export function strongEtag(body: string | Buffer): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`;
}

function matches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.trim() === '*' || header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}
