// The one gate every signed-in page passes (incidents, monitors, their downloads and data): a
// dashboard session (src/serve/web/dashboard/session-guard.ts), or what the JSON API's read
// access accepts (api.publicRead, or a Bearer token — scripts and curl keep working). A browser
// without either is sent to the sign-in page and back; anything else gets a 401.
import type { IncomingMessage } from 'node:http';
import type { Access } from '../../api/auth.js';
import type { ApiError } from '../../api/errors.js';
import { currentUser, loginRedirect } from '../dashboard/session-guard.js';
import { escapeHtml } from '../escape.js';
import { layout } from '../layout.js';
import type { WebReply } from '../respond.js';

export type PageAuthorizer = (headers: IncomingMessage['headers'], access: Access) => ApiError | null;

/** null: the request may see the page; else the answer to send instead (a redirect or 401, never the page). */
export async function guardPage(req: IncomingMessage, authorize: PageAuthorizer): Promise<WebReply | null> {
  if ((await currentUser(req)) !== null) return null;
  if (authorize(req.headers, 'read') === null) return null;
  if (req.headers.authorization === undefined && wantsHtml(req)) {
    return { status: 303, type: 'text/plain; charset=utf-8', body: 'Sign in first.\n', maxAge: 0, headers: { Location: loginRedirect(req) } };
  }
  return {
    status: 401,
    type: 'text/html; charset=utf-8',
    body: signInNeededPage(),
    maxAge: 0,
    headers: { 'WWW-Authenticate': 'Bearer realm="whydown"' },
  };
}

/** A browser navigating (it asks for HTML), not a script reading data. */
function wantsHtml(req: IncomingMessage): boolean {
  return /\btext\/html\b/.test(req.headers.accept ?? '');
}

function signInNeededPage(): string {
  return layout({
    title: 'Sign-in needed',
    body: `<header class="site" role="banner"><h1>${escapeHtml('Sign-in needed')}</h1></header>
<main id="main"><p>This page shows monitors and incidents: <a href="/login">sign in</a>, or send an API token (Authorization: Bearer).</p></main>`,
  });
}
