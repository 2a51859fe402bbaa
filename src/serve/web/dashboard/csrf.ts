// Cross-site request forgery: every state-changing request carries the session's token (a hidden
// form field or an X-CSRF-Token header) and does not come from another site (Sec-Fetch-Site, else
// Origin, must be this site's). SameSite=Strict cookies already stop most; this is the second lock.
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export function tokensEqual(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The request does not come from another site. Browsers send Sec-Fetch-Site (all current ones);
 * older ones send Origin on a POST; a request with neither (curl, a script) is not a browser
 * forging one, and still needs the token.
 */
export function sameOrigin(req: IncomingMessage): boolean {
  const site = req.headers['sec-fetch-site'];
  if (typeof site === 'string') return site === 'same-origin' || site === 'none';
  const origin = req.headers.origin;
  if (typeof origin !== 'string') return true;
  if (origin === 'null') return false;
  const host = req.headers.host;
  try {
    return host !== undefined && new URL(origin).host === host;
  } catch {
    return false;
  }
}
