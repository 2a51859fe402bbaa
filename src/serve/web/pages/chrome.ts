// The frame of the signed-in pages: the shared layout, the pages' own stylesheet, and a header
// with the navigation. Pages stay pure functions of their view: they put a marker where the
// header goes, and the handler puts in the dashboard's header for whoever asked (withAppHeader).
import { clientAsset, DASHBOARD_CSS_ASSET, PAGES_CSS_ASSET } from '../assets.js';
import { appHeader, type ShellPage } from '../dashboard/shell.js';
import { escapeHtml as e } from '../escape.js';
import { layout } from '../layout.js';

export interface SignedInPage {
  title: string;
  body: string;
  /** Extra `<link>`/`<script src>` lines, escaped. */
  head?: string;
}

const HEADER_MARK = '<!--whydown:app-header-->';

export function pageHeader(): string {
  return `${HEADER_MARK}\n`;
}

/** The page with the signed-in header in place of its marker (a page without one is returned as it is). */
export function withAppHeader(html: string, user: ShellPage['user'], current: ShellPage['current'] | undefined, nav: boolean): string {
  const at = html.indexOf(HEADER_MARK);
  return at < 0 ? html : html.slice(0, at) + appHeader(user, current, nav) + html.slice(at + HEADER_MARK.length);
}

export function signedInPage(page: SignedInPage): string {
  return framed(page, pageHeader());
}

/** A page anyone may open (/check): the same look, without the signed-in navigation. */
export function publicPage(page: SignedInPage): string {
  return framed(page, '');
}

function framed(page: SignedInPage, header: string): string {
  return layout({
    title: `${page.title} · whydown`,
    head: [`<link rel="stylesheet" href="${e(DASHBOARD_CSS_ASSET.path)}">`, `<link rel="stylesheet" href="${e(PAGES_CSS_ASSET.path)}">`, script('local-time.js'), page.head ?? ''].filter(Boolean).join('\n'),
    header,
    body: page.body,
  });
}

/** A page with a heading and a sentence: not found, bad request, unavailable. */
export function messagePage(title: string, text: string): string {
  return signedInPage({ title, body: `<main id="main"><h1>${e(title)}</h1><p>${e(text)}</p></main>` });
}

/** `<time>` in UTC, rewritten to the reader's zone by the local-time island when it runs. */
export function time(iso: string): string {
  return `<time datetime="${e(iso)}" data-local>${e(`${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`)}</time>`;
}

/** A bundled island's `<script>`, deferred; nothing when this copy was not built (the page works without). */
export function script(file: string): string {
  const path = clientAsset(file)?.path;
  return path ? `<script src="${e(path)}" defer></script>` : '';
}
