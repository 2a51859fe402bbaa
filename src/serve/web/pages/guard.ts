// The one gate every signed-in page passes (incidents, monitors, their downloads and data). For
// now it accepts what the JSON API's read access accepts (api.publicRead, or a Bearer token);
// the dashboard's session check replaces this body at merge, so no page decides for itself.
import type { IncomingMessage } from 'node:http';
import type { Access } from '../../api/auth.js';
import type { ApiError } from '../../api/errors.js';
import { escapeHtml } from '../escape.js';
import { layout } from '../layout.js';
import type { WebReply } from '../respond.js';

export type PageAuthorizer = (headers: IncomingMessage['headers'], access: Access) => ApiError | null;

/** null: the request may see the page; else the answer to send instead (401, never the page). */
export function guardPage(req: IncomingMessage, authorize: PageAuthorizer): WebReply | null {
  const denied = authorize(req.headers, 'read');
  if (denied === null) return null;
  return {
    status: 401,
    type: 'text/html; charset=utf-8',
    body: signInNeededPage(),
    maxAge: 0,
    headers: { 'WWW-Authenticate': 'Bearer realm="whydown"' },
  };
}

function signInNeededPage(): string {
  return layout({
    title: 'Sign-in needed',
    body: `<header class="site" role="banner"><h1>${escapeHtml('Sign-in needed')}</h1></header>
<main id="main"><p>This page shows monitors and incidents: it needs an API token (Authorization: Bearer) or <code>api.publicRead: true</code>.</p></main>`,
  });
}
