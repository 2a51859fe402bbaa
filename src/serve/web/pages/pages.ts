// The signed-in pages (incidents, a monitor) and the page side of /check, on the API's address.
// createPagesHandler answers the paths it owns and returns false for the others. Every
// signed-in page passes guardPage first; /check is public (it has its own limits).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Reply } from '../../api/respond.js';
import { ApiError } from '../../api/errors.js';
import { cursorParam, idParam } from '../../api/params.js';
import type { MonitorService } from '../../engine/types.js';
import { sendWeb, type WebReply } from '../respond.js';
import { checkPageHtml, checkPageView, wantsHtml } from './check-page.js';
import { fillActionsSlot, monitorActionsHtml } from '../dashboard/monitor-actions.js';
import { currentUser } from '../dashboard/session-guard.js';
import { messagePage, withAppHeader } from './chrome.js';
import { guardPage, type PageAuthorizer } from './guard.js';
import { incidentPageHtml } from './incident-html.js';
import { buildIncidentView, TIMELINE_CHECKS } from './incident-view.js';
import { buildIncidentsList, incidentsListHtml } from './incidents-list.js';
import { monitorPageHtml } from './monitor-html.js';
import { buildMonitorView, CHART_RESULTS, RANGES, rangeOf } from './monitor-view.js';
import { chartData } from './chart-data.js';
import { incidentReport } from './reports.js';
import { incidentScreenshot } from './screenshot.js';

export interface PagesOptions {
  service: MonitorService;
  authorize: PageAuthorizer;
  /** The JSON /check handler (check-route.ts); absent: /check is not a page either. */
  check?: (req: IncomingMessage) => Promise<Reply>;
  /** Whether a monitor is paused now (the engine's pause list); absent: never. */
  paused?: (name: string) => boolean;
  log: (line: string) => void;
  now?: () => number;
}

const HTML = 'text/html; charset=utf-8';
const JSON_TYPE = 'application/json; charset=utf-8';
const OWNED = /^\/(?:incidents|monitors)(?:\/|$)/;

export function createPagesHandler(options: PagesOptions): (req: IncomingMessage, res: ServerResponse) => boolean {
  const now = options.now ?? Date.now;
  const page = (status: number, body: string, headers?: Record<string, string>): WebReply => ({ status, type: HTML, body, maxAge: 0, ...(headers ? { headers } : {}) });
  const notFound = (what: string) => page(404, messagePage('Not found', what));

  const route = async (path: string, query: URLSearchParams): Promise<WebReply> => {
    const segments = decodeSegments(path);
    if (!segments) return notFound('There is nothing at this address.');
    const [top, second, third] = segments;
    if (top === 'incidents' && segments.length === 1) {
      const monitor = query.get('monitor')?.trim() || null;
      const view = await buildIncidentsList(options.service, monitor, cursorParam(query, 'id'), now());
      return page(200, incidentsListHtml(view));
    }
    if (top === 'incidents' && (segments.length === 2 || segments.length === 3)) {
      const id = idParam(second!);
      const incident = await options.service.store.getIncident(id);
      if (!incident) return notFound(`There is no incident ${id}.`);
      if (segments.length === 3) {
        const n = Number(query.get('n') ?? '0');
        if (third === 'screenshot.png') {
          const shot = Number.isSafeInteger(n) && n >= 0 ? await incidentScreenshot(incident, n) : null;
          return shot ?? notFound('There is no screenshot for this incident (none was taken, or it was removed).');
        }
        const format = third === 'report.md' ? 'md' : third === 'report.html' ? 'html' : null;
        const reply = format && Number.isSafeInteger(n) && n >= 0 ? incidentReport(incident, format, n) : null;
        return reply ?? notFound('There is no such report for this incident.');
      }
      const end = incident.closedAt ?? new Date(now()).toISOString();
      const checks = await options.service.store.listResults(incident.monitor, { since: incident.openedAt, before: new Date(Date.parse(end) + 1), limit: TIMELINE_CHECKS + 1 });
      return page(200, incidentPageHtml(buildIncidentView(incident, checks, now())));
    }
    if (top === 'monitors' && segments.length === 3 && second && third === 'chart.json') {
      // The chart's data alone, for a page that redraws without a reload (the dashboard's live view).
      const range = rangeOf(query.get('range'));
      if ((await options.service.store.getMonitor(second)) === null) return { status: 404, type: JSON_TYPE, body: JSON.stringify({ error: { code: 'not_found', message: 'no monitor of that name' } }), maxAge: 0 };
      const results = await options.service.store.listResults(second, { since: new Date(now() - RANGES[range]), limit: CHART_RESULTS });
      return { status: 200, type: JSON_TYPE, body: JSON.stringify({ range, checks: results.length, ...chartData(results) }), maxAge: 0 };
    }
    if (top === 'monitors' && segments.length === 2 && second) {
      const view = await buildMonitorView(options.service, second, rangeOf(query.get('range')), now(), options.paused?.(second) ?? false);
      return view ? page(200, monitorPageHtml(view)) : notFound('There is no monitor of that name.');
    }
    return notFound('There is nothing at this address.');
  };

  const answer = (req: IncomingMessage, res: ServerResponse, work: () => Promise<WebReply>, path: string): void => {
    work()
      .catch((error: unknown): WebReply => {
        // A malformed id or cursor is the visitor's mistake: a 400 page with the one line.
        if (error instanceof ApiError && error.status < 500) return page(error.status, messagePage('Bad request', error.message));
        options.log(`web: could not answer ${path.slice(0, 200)}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        return page(503, messagePage('Unavailable', 'This page cannot be read right now; try again in a few seconds.'), { 'Retry-After': '5' });
      })
      .then(async (reply) => {
        if (reply.type === HTML && typeof reply.body === 'string') {
          // The header is the visitor's own: signed in (with sign-out), or let in by a token.
          const user = await currentUser(req).catch(() => null);
          const current = path.startsWith('/incidents') ? 'incidents' : path.startsWith('/monitors') ? 'monitors' : undefined;
          let body = withAppHeader(reply.body, user, current, path !== '/check');
          const monitor = user && reply.status === 200 ? /^\/monitors\/([^/]+)\/?$/.exec(path)?.[1] : undefined;
          if (user && monitor !== undefined) {
            const name = decodeURIComponent(monitor);
            const view = { name, paused: options.paused?.(name) ?? false, readOnly: options.service.sourceOf(name) === 'config' };
            body = fillActionsSlot(body, monitorActionsHtml(user, view));
          }
          return { ...reply, body };
        }
        return reply;
      })
      .then((reply) => sendWeb(req, res, reply));
  };

  return (req, res) => {
    const url = req.url ?? '/';
    const mark = url.indexOf('?');
    const path = mark < 0 ? url : url.slice(0, mark);
    const query = new URLSearchParams(mark < 0 ? '' : url.slice(mark + 1));
    const method = req.method ?? 'GET';
    if (path === '/check' && options.check && wantsHtml(req.headers.accept) && (method === 'GET' || method === 'HEAD')) {
      const check = options.check;
      answer(req, res, async () => {
        const asked = query.get('url') ?? '';
        const reply = await check(req);
        if (reply.status === 404) return page(404, messagePage('Not found', 'There is nothing at this address.'));
        // No question yet: the form alone.
        if (asked.trim() === '' && reply.status === 400) return page(200, checkPageHtml({ asked: '', answer: null, problem: null }));
        const view = checkPageView(asked, reply);
        return page(reply.status, checkPageHtml(view), reply.headers ? { ...reply.headers } : undefined);
      }, path);
      return true;
    }
    if (!OWNED.test(path)) return false;
    if (method !== 'GET' && method !== 'HEAD') {
      sendWeb(req, res, { status: 405, type: 'text/plain; charset=utf-8', body: `${method} is not allowed here; use GET\n`, maxAge: 0, headers: { Allow: 'GET, HEAD' } });
      return true;
    }
    void guardPage(req, options.authorize).then((denied) => {
      if (denied) sendWeb(req, res, denied);
      else answer(req, res, () => route(path, query), path);
    }, () => {
      sendWeb(req, res, { status: 503, type: 'text/plain; charset=utf-8', body: 'The sign-in check failed; try again in a few seconds.\n', maxAge: 0 });
    });
    return true;
  };
}

/** Decoded segments, one trailing slash forgiven; null when an escape is malformed. */
function decodeSegments(path: string): string[] | null {
  const trimmed = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
  try {
    return trimmed.split('/').slice(1).map(decodeURIComponent);
  } catch {
    return null;
  }
}
