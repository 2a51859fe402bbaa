// The check every signed-in page uses: who is signed in (from the session cookie), and whether a
// state-changing request carries that session's CSRF token and comes from this site.
//
//   const user = await currentUser(req);           // null: redirect to loginRedirect(req)
//   if (!(await verifyCsrf(req, form.get('csrf')))) // 403
//
// The dashboard's handler runs first on every request and attaches the lookup to it
// (attachSessionLookup), so other handlers need no reference to the session store.
import type { IncomingMessage } from 'node:http';
import { SESSION_COOKIE, readCookie } from './cookies.js';
import { sameOrigin, tokensEqual } from './csrf.js';
import type { Session } from './sessions.js';

export interface SignedInUser {
  name: string;
  /** The session's CSRF token: put it in every form as `<input type="hidden" name="csrf">`. */
  csrf: string;
  /** The session's key (the id's hash), for streams tied to it. */
  session: string;
}

const lookups = new WeakMap<IncomingMessage, () => Promise<SignedInUser | null>>();

/** Called by the dashboard's handler: `find` resolves the cookie's session (once, on demand). */
export function attachSessionLookup(req: IncomingMessage, find: (id: string) => Promise<Session | null>): void {
  let found: Promise<SignedInUser | null> | undefined;
  lookups.set(req, () => {
    found ??= (async () => {
      const id = readCookie(req, SESSION_COOKIE);
      if (!id) return null;
      const session = await find(id);
      return session ? { name: session.user, csrf: session.csrf, session: session.key } : null;
    })();
    return found;
  });
}

/** The signed-in user of this request, or null (no cookie, expired, signed out, or no dashboard). */
export function currentUser(req: IncomingMessage): Promise<SignedInUser | null> {
  return lookups.get(req)?.() ?? Promise.resolve(null);
}

/** A state-changing request may go on: signed in, the session's token given, and not from another site. */
export async function verifyCsrf(req: IncomingMessage, token: string | null | undefined): Promise<boolean> {
  const user = await currentUser(req);
  return user !== null && csrfMatches(req, user, token);
}

/** The same, when the user is already at hand. */
export function csrfMatches(req: IncomingMessage, user: SignedInUser, token: string | null | undefined): boolean {
  return sameOrigin(req) && tokensEqual(token ?? undefined, user.csrf);
}

/** Where an unauthenticated visitor goes: the sign-in page, then back here (same-origin paths only). */
export function loginRedirect(req: IncomingMessage): string {
  const next = safeNext(req.url ?? '/');
  return next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`;
}

/**
 * A `next` that stays on this site: a path starting with one `/` (not `//host`, not `/\host`,
 * which browsers read as another host), no scheme, no control characters. Anything else is `/`.
 */
export function safeNext(next: string | null | undefined): string {
  if (!next || next.length > 2000) return '/';
  if (!next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  if (/[\u0000-\u001f\u007f\\]/.test(next)) return '/';
  try {
    const parsed = new URL(next, 'http://whydown.invalid');
    if (parsed.host !== 'whydown.invalid') return '/';
    return `${parsed.pathname}${parsed.search}`;
  } catch {
    return '/';
  }
}
