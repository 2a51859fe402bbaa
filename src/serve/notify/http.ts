// The HTTP side of the channels: one POST with Node's fetch, its answer judged into a delivery
// outcome. Messages name the host only, never the full URL: Slack, Discord, Teams and Telegram
// carry their secret in the URL itself.
import type { SendContext, DeliveryOutcome } from './notifier.js';
import { abortedOutcome, failure } from './notifier.js';

export interface HttpRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

export interface HttpAnswer {
  status: number;
  headers: Headers;
  /** The start of the body (receivers only say ok or why not; a huge body is not read whole). */
  body: string;
}

export const USER_AGENT = 'whydown-alerts';
const BODY_LIMIT = 16 * 1024;
/** Retry-After beyond this is clamped: an alert that waits longer has lost its point. */
const RETRY_AFTER_MAX_MS = 10 * 60_000;

export type Judge = (answer: HttpAnswer) => DeliveryOutcome;

export async function postHttp(request: HttpRequest, context: SendContext, judge: Judge = judgeStatus): Promise<DeliveryOutcome> {
  const url = new URL(request.url);
  const headers: Record<string, string> = { 'user-agent': USER_AGENT, ...request.headers };
  // fetch refuses a URL with user:password in it; send those as Basic auth instead.
  if (url.username || url.password) {
    const credentials = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
    headers.authorization ??= `Basic ${Buffer.from(credentials).toString('base64')}`;
    url.username = '';
    url.password = '';
  }
  let response: Response;
  try {
    // redirect: manual, so a moved hook is reported (with where to) rather than followed as a GET.
    response = await fetch(url, { method: 'POST', headers, body: request.body, redirect: 'manual', signal: context.signal });
  } catch (error) {
    if (context.signal.aborted) return abortedOutcome(context.signal, context.timeoutMs);
    return networkFailure(error, url);
  }
  let body = '';
  try {
    body = await readStart(response);
  } catch {
    if (context.signal.aborted) return abortedOutcome(context.signal, context.timeoutMs);
    // The status line arrived; a body cut short does not change the verdict on it.
  }
  return judge({ status: response.status, headers: response.headers, body });
}

/** 2xx delivered; 408, 425, 429 and 5xx worth another try; any other status will not change. */
export function judgeStatus(answer: HttpAnswer): DeliveryOutcome {
  const { status } = answer;
  if (status >= 200 && status < 300) return { ok: true, detail: `HTTP ${status}` };
  if (status >= 300 && status < 400) {
    const location = answer.headers.get('location');
    return failure(`HTTP ${status}: redirected${location ? ` to ${hostOf(location)}` : ''}; put the new URL in the config`, false);
  }
  const retryable = status === 408 || status === 425 || status === 429 || status >= 500;
  return failure(`HTTP ${status}${snippet(answer.body)}`, retryable, retryable ? retryAfterMs(answer.headers) : undefined);
}

/** Retry-After in seconds or as an HTTP date (RFC 9110 §10.2.3). */
export function retryAfterMs(headers: Headers, now = Date.now()): number | undefined {
  const value = headers.get('retry-after')?.trim();
  if (!value) return undefined;
  const ms = /^\d+$/.test(value) ? Number(value) * 1000 : Date.parse(value) - now;
  return Number.isFinite(ms) && ms > 0 ? Math.min(ms, RETRY_AFTER_MAX_MS) : undefined;
}

/** ": <first line of the body>", short, for failure messages. */
export function snippet(body: string): string {
  const line = body.replace(/\s+/g, ' ').trim().slice(0, 200);
  return line ? `: ${line}` : '';
}

const NETWORK_WORDS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'DNS lookup failed',
  ETIMEDOUT: 'connection timed out',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  UND_ERR_SOCKET: 'connection closed before an answer',
  CERT_HAS_EXPIRED: 'TLS certificate expired',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'TLS certificate is self-signed',
  ERR_TLS_CERT_ALTNAME_INVALID: 'TLS certificate is for another name',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'TLS certificate chain is not trusted',
};

/** fetch throws "fetch failed" and keeps the reason in `cause`. */
function networkFailure(error: unknown, url: URL): DeliveryOutcome {
  const cause: unknown = error instanceof Error && error.cause !== undefined ? error.cause : error;
  const code = typeof cause === 'object' && cause !== null && 'code' in cause && typeof cause.code === 'string' ? cause.code : undefined;
  const words = (code && NETWORK_WORDS[code]) ?? (cause instanceof Error ? cause.message : String(cause));
  // A TLS certificate problem will not fix itself between retries; everything else may.
  const retryable = !code || !/CERT|TLS/.test(code);
  return failure(`${words} at ${url.host}${code && NETWORK_WORDS[code] ? ` (${code})` : ''}`, retryable);
}

async function readStart(response: Response): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (size < BODY_LIMIT) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
  }
  if (size >= BODY_LIMIT) await reader.cancel().catch(() => {});
  return Buffer.concat(chunks).toString('utf8').slice(0, BODY_LIMIT);
}

function hostOf(location: string): string {
  try {
    return new URL(location).host;
  } catch {
    return 'another address';
  }
}
