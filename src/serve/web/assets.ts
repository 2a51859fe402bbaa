// The status pages' stylesheet and icon, served from the package under names carrying a hash of
// their content: a page always links the version it was rendered with, so both can be cached for
// a year (`immutable`). A file, not inline style, because the pages' CSP is `default-src 'self'`.
import { createHash } from 'node:crypto';
import { loadClientAssets } from './client-assets.js';
import { STYLESHEET } from './stylesheet.js';
import { PAGES_STYLESHEET } from './pages/page-style.js';
import { DASHBOARD_STYLESHEET } from './dashboard/dashboard-style.js';

export interface Asset {
  path: string;
  type: string;
  body: string;
}

const ICON = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><circle cx="8" cy="8" r="7" fill="#1a7f4b"/></svg>';

function hashed(name: string, ext: string, type: string, body: string): Asset {
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 12);
  return { path: `/assets/${name}-${hash}.${ext}`, type, body };
}

export const CSS_ASSET = hashed('whydown', 'css', 'text/css; charset=utf-8', STYLESHEET);
export const ICON_ASSET = hashed('icon', 'svg', 'image/svg+xml', ICON);
/** The signed-in pages' extra rules (incidents, monitors, /check): src/serve/web/pages/. */
export const PAGES_CSS_ASSET = hashed('pages', 'css', 'text/css; charset=utf-8', PAGES_STYLESHEET);
/** The signed-in pages' additions to the stylesheet (src/serve/web/dashboard/). */
export const DASHBOARD_CSS_ASSET = hashed('dashboard', 'css', 'text/css; charset=utf-8', DASHBOARD_STYLESHEET);
const CLIENT_ASSETS = loadClientAssets(hashed);

/** A bundled browser file by its name in dist/web/ (`local-time.js`, `uplot.css`); undefined when not built. */
export function clientAsset(file: string): Asset | undefined {
  return CLIENT_ASSETS.get(file);
}

export const ASSETS: ReadonlyMap<string, Asset> = new Map([CSS_ASSET, ICON_ASSET, PAGES_CSS_ASSET, DASHBOARD_CSS_ASSET, ...CLIENT_ASSETS.values()].map((a) => [a.path, a]));
