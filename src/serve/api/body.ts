// Reading a JSON request body, bounded: a declared length over the limit is refused before a
// byte is read, a streamed (chunked) one as soon as it passes the limit.
import type { IncomingMessage } from 'node:http';
import { ApiError } from './errors.js';

export const DEFAULT_BODY_LIMIT = 1024 * 1024;

const tooLarge = (limit: number): ApiError =>
  new ApiError(413, 'payload_too_large', `the request body is larger than ${limit} bytes`);

export async function readJsonBody(req: IncomingMessage, limit: number): Promise<unknown> {
  const text = (await readBody(req, limit)).toString('utf8');
  if (text.trim() === '') throw new ApiError(400, 'invalid_json', 'the request needs a JSON body');
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ApiError(400, 'invalid_json', `the body is not valid JSON: ${(error as Error).message}`);
  }
}

/**
 * Listeners rather than `for await`: leaving an async iterator early destroys the request and,
 * with it, the socket, and the 413 could not be sent. Here reading just stops; the reply then
 * closes the connection (see closeIfBodyUnread).
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > limit) return Promise.reject(tooLarge(limit));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = (): void => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) {
        stop();
        req.pause();
        reject(tooLarge(limit));
      } else {
        chunks.push(chunk);
      }
    };
    const onEnd = (): void => { stop(); resolve(Buffer.concat(chunks, size)); };
    // The client went away (ECONNRESET "aborted"): its own doing, not the server's, whatever the code says.
    const ended = (): void => { stop(); reject(new ApiError(400, 'invalid_json', 'the request body ended early')); };
    const onError = ended;
    const onClose = ended;
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
  });
}
