// What a complete response means on its own, before any fingerprint or comparison: the
// baseline cause that diagnose refines with more evidence.
import type { Cause } from '../model.js';
import type { BodyOutcome } from './body.js';
import type { ProbeError } from './types.js';

export interface ResponseFacts {
  status: number;
  headers: Record<string, string>;
  body: string;
  bodyBytes: number;
  bodyTruncated: boolean;
  firstByteMs: number | undefined;
  slowFirstByteMs: number;
}

/**
 * A body the server broke (a bad chunk, a close or reset before the announced length) or that
 * cannot be decoded (a Content-Encoding that lies, a gzip cut short): a browser shows an error
 * (ERR_INCOMPLETE_CHUNKED_ENCODING, ERR_CONTENT_LENGTH_MISMATCH, ERR_CONTENT_DECODING_FAILED)
 * whatever the status said. A body we stopped reading ourselves (the size cap, the time limit
 * while bytes still came) is not broken: the status stands.
 */
export function brokenBody(body: BodyOutcome): { cause: Cause; error: ProbeError } | null {
  const cut = body.streamError;
  if (cut && cut.code !== 'ETIMEDOUT') {
    return { cause: 'malformed-response', error: { code: cut.code, message: `the body broke off before its end: ${cut.message}` } };
  }
  if (body.decodeError !== null) {
    return { cause: 'malformed-response', error: { code: 'EDECODE', message: `the body cannot be decoded as its Content-Encoding says: ${body.decodeError}` } };
  }
  return null;
}

/**
 * A final status no HTTP client can act on: under 100 (000; llhttp takes any three digits), or an
 * interim 1xx in place of the answer (a 101 nobody asked for). 600–999 are left to the rules for
 * server errors: RFC 9110 §15 says to treat them as a 5xx (LinkedIn's 999 is a block page).
 */
export function invalidStatus(status: number): { cause: Cause; error: ProbeError } | null {
  if (status >= 200) return null;
  const what = status >= 100 ? 'an interim status as its final answer' : 'a status under 100';
  return { cause: 'malformed-response', error: { code: 'EBADSTATUS', message: `the server sent ${what}: ${String(status).padStart(3, '0')}` } };
}

export function classifyResponse(facts: ResponseFacts): Cause {
  const { status } = facts;
  if (status >= 200 && status < 400) {
    if (status < 300 && status !== 204 && isBlank(facts)) return 'blank-page';
    if (facts.firstByteMs !== undefined && facts.firstByteMs > facts.slowFirstByteMs) return 'slow-response';
    return 'ok';
  }
  if (status === 404 || status === 410) return 'not-found';
  if (status === 429) return 'rate-limited';
  if (status === 500) return 'app-error';
  if (status === 503 && facts.headers['retry-after'] !== undefined) return 'overloaded';
  if (status === 504) return 'upstream-timeout';
  return 'unknown';
}

/** 200 with nothing a visitor would see: no bytes, only whitespace, or HTML with no text and no script. */
export function isBlank(facts: Pick<ResponseFacts, 'body' | 'bodyBytes' | 'bodyTruncated' | 'headers'>): boolean {
  if (facts.bodyTruncated) return false;
  if (facts.bodyBytes === 0 || facts.body.trim() === '') return true;
  const type = facts.headers['content-type'] ?? '';
  if (!type.includes('html')) return false;
  const html = facts.body;
  // A page that renders itself from script is not blank to a browser.
  if (/<script[\s>]/i.test(html)) return false;
  if (/<(img|video|iframe|svg|canvas|object|embed|input|button)[\s>]/i.test(html)) return false;
  const visibleText = html
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<(style|title|head)[\s\S]*?<\/\1>/gi, '')
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;|&#160;/g, ' ')
    .trim();
  return visibleText === '';
}
