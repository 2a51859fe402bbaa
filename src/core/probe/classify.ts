// What a complete response means on its own, before any fingerprint or comparison: the
// baseline cause that diagnose refines with more evidence.
import type { Cause } from '../model.js';

export interface ResponseFacts {
  status: number;
  headers: Record<string, string>;
  body: string;
  bodyBytes: number;
  bodyTruncated: boolean;
  firstByteMs: number | undefined;
  slowFirstByteMs: number;
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
