// Raw HTTP/1.1 on a node:net socket: fetch a response exactly as the server sent it, and parse
// such bytes (a live response or a saved `.http` fixture) into the facts the fingerprint reads.
import * as net from 'node:net';
import type { ResponseFacts } from '../../../src/core/fingerprint/index.js';

export interface RawResponse extends ResponseFacts {
  httpVersion: string;
  statusText: string;
}

export interface FetchOptions {
  host?: string;
  /** The Host header (default `localhost`). */
  authority?: string;
  timeoutMs?: number;
}

export const USER_AGENT = 'whydown-fixture-capture/1';

/** The request line and head every capture sends. */
export function requestHead(path: string, authority = 'localhost'): string {
  return `GET ${path} HTTP/1.1\r\nHost: ${authority}\r\nUser-Agent: ${USER_AGENT}\r\nAccept: */*\r\nConnection: close\r\n\r\n`;
}

/** Every byte the server sends until it closes (or until a complete response when it does not). */
export function fetchRaw(port: number, path: string, options: FetchOptions = {}): Promise<Buffer> {
  const timeoutMs = options.timeoutMs ?? 15_000;
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = net.connect({ port, host: options.host ?? '127.0.0.1' });
    const done = (error?: Error): void => {
      clearTimeout(timer);
      socket.destroy();
      const bytes = Buffer.concat(chunks);
      if (error && bytes.length === 0) reject(error);
      else resolve(bytes);
    };
    const timer = setTimeout(() => done(new Error(`no complete response from port ${port} in ${timeoutMs} ms`)), timeoutMs);
    socket.on('connect', () => socket.write(requestHead(path, options.authority)));
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      if (isComplete(Buffer.concat(chunks))) done();
    });
    socket.on('end', () => done());
    socket.on('error', (error) => done(error));
  });
}

function isComplete(bytes: Buffer): boolean {
  const end = bytes.indexOf('\r\n\r\n');
  if (end < 0) return false;
  const head = parseHead(bytes.subarray(0, end).toString('latin1'));
  const rest = bytes.subarray(end + 4);
  if (head.headers['transfer-encoding']?.toLowerCase().includes('chunked')) return /(^|\r\n)0\r\n(.*\r\n)?\r\n$/s.test(rest.toString('latin1'));
  const length = head.headers['content-length'];
  return length !== undefined && rest.length >= Number(length);
}

function parseHead(text: string): { statusLine: string; headers: Record<string, string> } {
  const [statusLine = '', ...lines] = text.split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    // Repeated headers joined as the probe does (set-cookie with newlines, others with commas).
    headers[name] = headers[name] === undefined ? value : `${headers[name]}${name === 'set-cookie' ? '\n' : ', '}${value}`;
  }
  return { statusLine, headers };
}

/** Parses a raw response; a chunked body is decoded, other bodies are taken as they are. */
export function parseRaw(bytes: Buffer): RawResponse {
  let end = bytes.indexOf('\r\n\r\n');
  let separator = 4;
  if (end < 0) {
    // A hand-written fixture saved with bare LF line ends.
    end = bytes.indexOf('\n\n');
    separator = 2;
  }
  if (end < 0) throw new Error('no blank line after the response head');
  const headText = bytes.subarray(0, end).toString('latin1').replace(/\r?\n/g, '\r\n');
  const { statusLine, headers } = parseHead(headText);
  const match = /^HTTP\/(\d(?:\.\d)?) (\d{3})(?: (.*))?$/.exec(statusLine);
  if (!match) throw new Error(`not an HTTP status line: ${JSON.stringify(statusLine)}`);
  let body = bytes.subarray(end + separator);
  if (headers['transfer-encoding']?.toLowerCase().includes('chunked')) body = dechunk(body);
  return {
    httpVersion: match[1] ?? '1.1',
    status: Number(match[2]),
    statusText: match[3] ?? '',
    headers,
    body: body.toString('utf8'),
  };
}

function dechunk(bytes: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = bytes.indexOf('\r\n', at);
    if (lineEnd < 0) break;
    const size = parseInt(bytes.subarray(at, lineEnd).toString('latin1'), 16);
    if (!Number.isFinite(size) || size === 0) break;
    parts.push(bytes.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(parts);
}
