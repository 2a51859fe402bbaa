// The public web side of `whydown serve`: status pages, their JSON and Atom feed, badges and the
// pages' assets, on the API's address. createWebHandler answers the paths it owns and returns
// false for the others, which go on to the JSON API.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { StatusPageConfig } from '../config/types.js';
import type { MonitorService } from '../engine/types.js';
import { ASSETS } from './assets.js';
import { atomFeed } from './atom.js';
import { badgeSvg, uptimeColour } from './badge.js';
import { percent, STATE_WORDS } from './format.js';
import { notFoundPage, unavailablePage } from './layout.js';
import { PageCache } from './page-cache.js';
import { sendWeb, strongEtag, type WebReply } from './respond.js';
import { statusPageHtml } from './status-html.js';
import { buildStatusView, monitorState, recentUptime, type StatusView } from './status-view.js';

export interface WebOptions {
  service: MonitorService;
  /** The status pages now in force: read at each request, as the config reloads. */
  statusPages: () => readonly StatusPageConfig[];
  log: (line: string) => void;
  /** How long a rendering is kept and may be cached by others, seconds (default 5). */
  cacheSeconds?: number;
  now?: () => number;
}

const HTML = 'text/html; charset=utf-8';
const OWNED = /^\/(?:status|badge|assets)(?:\/|$)/;
const UPTIME_SPANS: Readonly<Record<string, number>> = { '24h': 86_400_000, '7d': 7 * 86_400_000, '30d': 30 * 86_400_000 };
const YEAR = 365 * 86_400;

type Rendered = { reply: WebReply; etag: string };

export function createWebHandler(options: WebOptions): (req: IncomingMessage, res: ServerResponse) => boolean {
  const ttl = options.cacheSeconds ?? 5;
  const now = options.now ?? Date.now;
  const views = new PageCache<StatusView>(ttl * 1000, now);
  const replies = new PageCache<Rendered>(ttl * 1000, now);

  const ok = (type: string, body: string, headers?: Record<string, string>): Rendered => {
    const reply: WebReply = { status: 200, type, body, maxAge: ttl, ...(headers ? { headers } : {}) };
    return { reply, etag: strongEtag(body) };
  };

  /** The answer for a path this handler owns; null: not found. */
  const route = (path: string): Promise<Rendered> | Rendered | null => {
    const asset = ASSETS.get(path);
    if (asset) return { reply: { status: 200, type: asset.type, body: asset.body, maxAge: YEAR, immutable: true }, etag: strongEtag(asset.body) };
    const segments = decodeSegments(path);
    if (!segments) return null;
    const pages = options.statusPages();
    const view = (page: StatusPageConfig): Promise<StatusView> => views.get(pages, page.slug, () => buildStatusView(page, options.service, now()));
    if (segments[0] === 'status' && (segments.length === 2 || segments.length === 3)) {
      const name = segments[1]!;
      const json = segments.length === 2 && name.endsWith('.json');
      const slug = json ? name.slice(0, -'.json'.length) : name;
      const page = pages.find((p) => p.slug === slug);
      if (!page) return null;
      if (segments.length === 3) {
        if (segments[2] !== 'feed.atom') return null;
        return replies.get(pages, `atom:${slug}`, async () => ok('application/atom+xml; charset=utf-8', atomFeed(await view(page))));
      }
      if (json) return replies.get(pages, `json:${slug}`, async () => ok('application/json; charset=utf-8', JSON.stringify(await view(page)), { 'Access-Control-Allow-Origin': '*' }));
      return replies.get(pages, `html:${slug}`, async () => ok(HTML, statusPageHtml(await view(page))));
    }
    if (segments[0] === 'badge' && segments.length === 3) {
      const monitor = segments[1]!;
      // Only monitors some page makes public; any other name answers as if it did not exist.
      if (!pages.some((p) => p.monitors.includes(monitor))) return null;
      const kind = segments[2]!;
      if (kind === 'status.svg') {
        return replies.get(pages, `badge:${monitor}:status`, async () => {
          const state = await monitorState(options.service, monitor, now());
          return ok('image/svg+xml', badgeSvg(monitor, STATE_WORDS[state].toLowerCase(), state));
        });
      }
      const span = /^uptime-(24h|7d|30d)\.svg$/.exec(kind)?.[1];
      if (!span) return null;
      return replies.get(pages, `badge:${monitor}:${span}`, async () => {
        const uptime = await recentUptime(options.service, monitor, UPTIME_SPANS[span]!, now());
        return ok('image/svg+xml', badgeSvg(`uptime ${span}`, percent(uptime), uptimeColour(uptime)));
      });
    }
    return null;
  };

  return (req, res) => {
    const path = pathOf(req.url ?? '/');
    if (!OWNED.test(path)) return false;
    const method = req.method ?? 'GET';
    if (method !== 'GET' && method !== 'HEAD') {
      const status = method === 'OPTIONS' ? 204 : 405;
      sendWeb(req, res, { status, type: 'text/plain; charset=utf-8', body: status === 204 ? '' : `${method} is not allowed here; use GET\n`, maxAge: 0, headers: { Allow: 'GET, HEAD, OPTIONS' } });
      return true;
    }
    Promise.resolve()
      .then(() => route(path))
      .then((found) => {
        if (found) sendWeb(req, res, found.reply, found.etag);
        else if (path.startsWith('/status/') && path.endsWith('.json')) sendWeb(req, res, { status: 404, type: 'application/json; charset=utf-8', body: JSON.stringify({ error: { code: 'not_found', message: 'no such status page' } }), maxAge: 0 });
        else sendWeb(req, res, { status: 404, type: HTML, body: notFoundPage(), maxAge: 0 });
      })
      .catch((error: unknown) => {
        // The store is away or a bug: logged with its detail, the visitor gets a plain page.
        options.log(`web: could not answer ${path.slice(0, 200)}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        sendWeb(req, res, { status: 503, type: HTML, body: unavailablePage(), maxAge: 0, headers: { 'Retry-After': '5' } });
      });
    return true;
  };
}

function pathOf(url: string): string {
  let path = url;
  if (!url.startsWith('/')) {
    try {
      path = new URL(url).pathname;
    } catch {
      return url;
    }
  }
  const mark = path.indexOf('?');
  return mark < 0 ? path : path.slice(0, mark);
}

/** Decoded segments, one trailing slash forgiven; null when an escape is malformed (a 404). */
function decodeSegments(path: string): string[] | null {
  const trimmed = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
  try {
    return trimmed.split('/').slice(1).map(decodeURIComponent);
  } catch {
    return null;
  }
}
