// The HTTP side of `whydown serve`: the JSON API under /api/v1, /metrics and /healthz, on
// node:http. createApiServer gives a server to listen() and the bare handler (to mount elsewhere).
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { ApiConfig } from '../config/types.js';
import type { MonitorService } from '../engine/types.js';
import type { AlertStats } from '../notify/index.js';
import { createAuthorizer } from './auth.js';
import { GracefulClose } from './closing.js';
import { DEFAULT_BODY_LIMIT, readJsonBody } from './body.js';
import type { RequestContext } from './context.js';
import { ApiError, notFound, toApiError } from './errors.js';
import { DEFAULT_MAX_MONITOR_SERIES, MonitorMetrics } from './metrics.js';
import { closeIfBodyUnread, errorReply, JSON_TYPE, send, type Reply } from './respond.js';
import { Router } from './router.js';
import { PUSH_PREFIX } from './push-route.js';
import { ROUTES } from './routes/table.js';
import type { StatusPageConfig } from '../config/types.js';
import { createWebHandler } from '../web/web.js';
import { createPagesHandler } from '../web/pages/pages.js';
import type { UiConfig } from '../config/types.js';
import { createDashboard, type Dashboard } from '../web/dashboard/dashboard.js';
import type { VantageApi } from '../vantage/api.js';

export interface ApiServerOptions {
  service: MonitorService;
  /** The API section of the config now in force: read at each request, as the config reloads. */
  api: () => ApiConfig;
  /** Per-monitor metric series for at most this many monitors (default 1000). */
  maxMonitorSeries?: number;
  /** The public status pages now in force (absent: none); read at each request, as the config reloads. */
  statusPages?: () => readonly StatusPageConfig[];
  /** The alert dispatcher's counts for /metrics (absent: no alert series). */
  alertStats?: () => AlertStats | null;
  /** Largest request body, bytes (default 1 MiB). */
  bodyLimit?: number;
  /** Where WHYDOWN_API_TOKEN is read; process.env by default. */
  env?: NodeJS.ProcessEnv;
  /** Server-side errors (5xx) with their detail; stderr by default. */
  log?: (line: string) => void;
  /** On close, how long answers under way may take before their connections are cut (default 10 s). */
  closeGraceMs?: number;
  /** `GET /check` (src/serve/web/check-route.ts), answered without a token; absent: a 404 like any unknown path. */
  check?: (req: IncomingMessage) => Promise<Reply>;
  /** `GET`/`POST /api/v1/push/{name}` (push-route.ts), answered with the monitor's own token; absent: a 404. */
  push?: (req: IncomingMessage, path: string, query: URLSearchParams) => Promise<Reply>;
  /** The `ui:` section now in force; with it the signed-in dashboard (src/serve/web/dashboard/) is served. */
  ui?: () => UiConfig;
  /** The vantage agents' side (GET /api/v1/vantages, their /metrics series); absent: none. */
  vantages?: VantageApi;
}

export interface ApiServer {
  /** Not listening yet: call listen(). */
  server: http.Server;
  handler: (req: IncomingMessage, res: ServerResponse) => void;
  metrics: MonitorMetrics;
  /** Stops listening and the metrics; ends idle connections now, busy ones after their answer. */
  close(): Promise<void>;
}

export function createApiServer(options: ApiServerOptions): ApiServer {
  const handler = createApiHandler(options);
  const closer = new GracefulClose();
  const server = http.createServer({ keepAlive: true, keepAliveInitialDelay: 30_000 }, (req, res) => {
    closer.track(res);
    handler(req, res);
  });
  // Longer than the 60 s idle timeout of common proxies and load balancers, so the server is
  // never the side that closes a connection the proxy is about to reuse.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 20_000;
  server.requestTimeout = 60_000;
  server.on('clientError', answerClientError);
  return {
    server,
    handler,
    metrics: handler.metrics,
    close: () => {
      handler.metrics.close();
      handler.dashboard?.close(); // ends the live streams, which would otherwise hold the close
      return closer.close(server, options.closeGraceMs ?? 10_000);
    },
  };
}

export function createApiHandler(options: ApiServerOptions): ApiServer['handler'] & { metrics: MonitorMetrics; dashboard: Dashboard | null } {
  const router = new Router(ROUTES);
  const authorize = createAuthorizer({ api: options.api, ...(options.env ? { env: options.env } : {}) });
  const metrics = new MonitorMetrics(options.service, options.maxMonitorSeries ?? DEFAULT_MAX_MONITOR_SERIES, options.alertStats);
  const bodyLimit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const log = options.log ?? ((line: string) => { process.stderr.write(`${line}\n`); });

  const answer = async (req: IncomingMessage): Promise<Reply> => {
    const { path, query } = splitUrl(req.url ?? '/');
    const method = req.method ?? 'GET';
    // Public by design (it has its own limits and destination policy): no token is asked.
    if (options.check && path === '/check') return await options.check(req);
    // A push monitor's job has that monitor's token, not an API token.
    if (options.push && path.startsWith(PUSH_PREFIX)) return await options.push(req, path, query);
    const match = router.match(method, path);
    if (match.kind === 'none') throw notFound(`nothing at ${path.slice(0, 200)}`);
    if (match.kind === 'method') {
      const allow = match.allow.join(', ');
      if (method === 'OPTIONS') return { status: 204, headers: { Allow: allow } };
      return errorReply(new ApiError(405, 'method_not_allowed', `${method} is not allowed here; use ${allow}`), { Allow: allow });
    }
    const denied = authorize(req.headers, match.route.access);
    if (denied) throw denied;
    const ctx: RequestContext = {
      service: options.service, metrics, params: match.params, query,
      body: () => readJsonBody(req, bodyLimit),
      ...(options.vantages ? { vantages: options.vantages } : {}),
    };
    return await match.route.handle(ctx);
  };

  // Status pages, badges and their assets (src/serve/web/); every other path is the JSON API's.
  const web = createWebHandler({ service: options.service, statusPages: options.statusPages ?? (() => NO_PAGES), log });
  // The incident and monitor pages, and /check as a page for a browser (src/serve/web/pages/).
  const pages = createPagesHandler({ service: options.service, authorize, log, paused: (name) => options.service.pausedAt?.(name) !== undefined, ...(options.check ? { check: options.check } : {}) });

  // The signed-in dashboard: first, as it also attaches the session lookup other pages use.
  const ui = options.ui;
  const dashboard = ui ? createDashboard({ service: options.service, ui, api: options.api, log, ...(options.env ? { env: options.env } : {}) }) : null;

  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    if (dashboard?.handle(req, res)) return;
    if (pages(req, res) || web(req, res)) return;
    answer(req)
      .catch((error: unknown) => {
        const apiError = toApiError(error, log);
        return errorReply(apiError, ERROR_HEADERS[apiError.status]);
      })
      .then((reply) => {
        closeIfBodyUnread(req, res, bodyLimit);
        send(res, reply);
      })
      .catch((error: unknown) => { // only a bug in the lines above gets here
        log(`API: could not answer: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        res.destroy();
      });
  };
  return Object.assign(handler, { metrics, dashboard });
}

const ERROR_HEADERS: Partial<Record<number, Record<string, string>>> = {
  401: { 'WWW-Authenticate': 'Bearer realm="whydown"' }, // RFC 6750: a 401 names the scheme it wants
  429: { 'Retry-After': '1' },
  503: { 'Retry-After': '5' },
};

const NO_QUERY = new URLSearchParams();
const NO_PAGES: readonly StatusPageConfig[] = [];

/** The raw path (percent-encoded; the router decodes names) and the query. */
function splitUrl(url: string): { path: string; query: URLSearchParams } {
  if (!url.startsWith('/')) {
    // absolute-form (`GET http://host/path`), as a proxy may send it
    try {
      const parsed = new URL(url);
      return { path: parsed.pathname, query: parsed.searchParams };
    } catch {
      return { path: url, query: NO_QUERY };
    }
  }
  const mark = url.indexOf('?');
  return mark < 0 ? { path: url, query: NO_QUERY } : { path: url.slice(0, mark), query: new URLSearchParams(url.slice(mark + 1)) };
}

/** Malformed HTTP never reaches the handler; it too gets a JSON answer, then the connection closes. */
function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const [status, reason, code] = error.code === 'HPE_HEADER_OVERFLOW' ? [431, 'Request Header Fields Too Large', 'headers_too_large']
    : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? [408, 'Request Timeout', 'timeout']
      : [400, 'Bad Request', 'bad_request'];
  const body = JSON.stringify({ error: { code, message: `the request is not valid HTTP (${error.code ?? 'parse error'})` } });
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nContent-Type: ${JSON_TYPE}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}
