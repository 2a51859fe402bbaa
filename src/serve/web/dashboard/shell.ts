// The signed-in pages' chrome: a header with Monitors / Incidents / Sign out and the user's name,
// a skip link, both stylesheets, the page's islands. Everything given must already be escaped.
import { CSS_ASSET, DASHBOARD_CSS_ASSET, ICON_ASSET, clientAsset } from '../assets.js';
import { escapeHtml } from '../escape.js';

export interface ShellPage {
  title: string;
  /** The signed-in user and the session's CSRF token (for the sign-out form); null on /login. */
  user: { name: string; csrf: string } | null;
  /** Which header link is this page's. */
  current?: 'monitors' | 'incidents';
  body: string;
  /** Islands by their file in dist/web/ (`dashboard-live.js`); left out when not built. */
  scripts?: readonly string[];
}

/**
 * The header of every signed-in page (the dashboard's and the incident and monitor pages'):
 * Monitors / Incidents, who is signed in, Sign out. `nav` without a user: a visitor let in by an
 * API token or api.publicRead gets the links but no sign-out.
 */
export function appHeader(user: ShellPage['user'], current?: ShellPage['current'], nav = user !== null): string {
  const link = (href: string, label: string, key: ShellPage['current']): string =>
    `<li><a href="${href}"${current === key ? ' aria-current="page"' : ''}>${label}</a></li>`;
  if (!nav) return `<header class="app" role="banner"><a class="brand" href="/">whydown</a></header>`;
  const who = user
    ? `<li class="muted">Signed in as <strong>${escapeHtml(user.name)}</strong></li>
<li><form class="inline" method="post" action="/logout"><input type="hidden" name="csrf" value="${escapeHtml(user.csrf)}"><button type="submit">Sign out</button></form></li>`
    : '';
  return `<header class="app" role="banner"><a class="brand" href="/">whydown</a>
<nav aria-label="Main"><ul>${link('/', 'Monitors', 'monitors')}${link('/incidents', 'Incidents', 'incidents')}
${who}</ul></nav></header>`;
}

export function shell(page: ShellPage): string {
  const scripts = (page.scripts ?? []).map((file) => clientAsset(file)?.path).filter((path): path is string => path !== undefined)
    .map((path) => `<script type="module" src="${escapeHtml(path)}"></script>`).join('\n');
  const header = appHeader(page.user, page.current);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(page.title)} · whydown</title>
<link rel="stylesheet" href="${CSS_ASSET.path}">
<link rel="stylesheet" href="${DASHBOARD_CSS_ASSET.path}">
<link rel="icon" href="${ICON_ASSET.path}" type="image/svg+xml">
${scripts}
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<div class="wrap wide">
${header}
<main id="main">
${page.body}
</main>
</div>
</body>
</html>
`;
}
