// The signed-in dashboard of `whydown serve`: /login, /logout, the monitors list at /, its live
// stream at /events, and the monitor forms under /manage/. createDashboard's handler runs before
// every other web and API handler: it attaches the session lookup to each request (so other
// pages can call currentUser, session-guard.ts) and answers the paths it owns.
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiConfig, UiConfig } from '../../config/types.js';
import { ENV_TOKEN, tokenMatches } from '../../api/auth.js';
import { Limiter } from '../../engine/limiter.js';
import type { MonitorService } from '../../engine/types.js';
import { sendWeb, type WebReply } from '../respond.js';
import { Board } from './board.js';
import { clearedCookie, sessionCookie } from './cookies.js';
import { sameOrigin } from './csrf.js';
import { FormError, readForm } from './form-body.js';
import { parseListQuery, MonitorList, type ListQuery } from './list-query.js';
import { listPage } from './list-html.js';
import { LiveHub, type LiveLimits } from './live.js';
import { DEFAULT_LOGIN_LIMIT, LoginLimit } from './login-limit.js';
import { loginPage } from './login-html.js';
import { messagePage } from './message-html.js';
import { handleManage } from './manage.js';
import { DEFAULT_SCRYPT, decoyHash, parsePasswordHash, verifyPassword } from './password.js';
import { attachSessionLookup, csrfMatches, currentUser, loginRedirect, safeNext, type SignedInUser } from './session-guard.js';
import { sessionRowsOf, type SessionRows } from './session-store.js';
import { DEFAULT_SESSION_LIMITS, Sessions, type SessionLimits } from './sessions.js';

export interface DashboardOptions {
  service: MonitorService & { monitorCount?: number };
  ui: () => UiConfig;
  api: () => ApiConfig;
  env?: NodeJS.ProcessEnv;
  log: (line: string) => void;
  /** Where sessions are kept; the service's store by default. */
  sessionRows?: SessionRows;
  sessionLimits?: SessionLimits;
  loginLimit?: { max: number; windowMs: number };
  liveLimits?: LiveLimits;
  now?: () => number;
}

export interface Dashboard {
  /** True when the path was the dashboard's (answered); false: for the next handler. */
  handle(req: IncomingMessage, res: ServerResponse): boolean;
  readonly board: Board;
  readonly sessions: Sessions;
  close(): void;
}

const HTML = 'text/html; charset=utf-8';
const OWNED = /^\/(?:$|login$|logout$|events$|manage(?:\/|$))/;
/** Sessions made with an API token carry this prefix and 12 hex of the token's SHA-256. */
const TOKEN_USER = 'token:';
const tokenUser = (token: string): string => `${TOKEN_USER}${createHash('sha256').update(token).digest('hex').slice(0, 12)}`;

export function createDashboard(options: DashboardOptions): Dashboard {
  const now = options.now ?? Date.now;
  const env = options.env ?? process.env;
  const limits = options.sessionLimits ?? DEFAULT_SESSION_LIMITS;
  const sessions = new Sessions(options.sessionRows ?? sessionRowsOf(options.service.store), limits, now);
  const board = new Board(options.service.events, now);
  const list = new MonitorList(options.service, board, now);
  const live = new LiveHub(options.service.events, (name) => list.rowsFor([name])[0], options.liveLimits);
  const offEnd = sessions.onEnd((key) => live.endSession(key));
  const attempts = new LoginLimit({ ...(options.loginLimit ?? DEFAULT_LOGIN_LIMIT), now });
  // scrypt takes 32 MiB a time: at most two at once, the rest wait (a crowd of attempts queues).
  const hashing = new Limiter(2);
  const prune = setInterval(() => { sessions.prune().catch((error: unknown) => options.log(`dashboard: could not prune sessions: ${String(error)}`)); }, 3_600_000);
  prune.unref();

  /** The decoy is made like the first user's hash (the usual case: all made by hash-password alike). */
  const decoyParams = (): { N: number; r: number; p: number } => {
    const first = options.ui().users[0];
    const parsed = first ? parsePasswordHash(first.passwordHash) : null;
    return parsed && typeof parsed !== 'string' ? parsed : DEFAULT_SCRYPT;
  };
  void decoyHash(decoyParams()).catch(() => undefined); // ready before the first unknown name

  const tokens = (): string[] => [...options.api().tokens, env[ENV_TOKEN] ?? ''].filter((t) => t !== '');

  /** A session's user is still allowed: listed in ui.users, or its token still configured. */
  const stillAllowed = (user: string): boolean => user.startsWith(TOKEN_USER)
    ? tokens().some((token) => tokenUser(token) === user)
    : options.ui().users.some((u) => u.name === user);

  const find = async (id: string) => {
    const session = await sessions.find(id);
    if (!session) return null;
    if (!stillAllowed(session.user)) {
      await sessions.end(session.key);
      return null;
    }
    return { ...session, user: session.user.startsWith(TOKEN_USER) ? 'API token' : session.user };
  };

  const reply = (req: IncomingMessage, res: ServerResponse, status: number, body: string, headers?: Record<string, string>): void => {
    const answer: WebReply = { status, type: HTML, body, maxAge: 0, ...(headers ? { headers } : {}) };
    sendWeb(req, res, answer);
  };
  const redirect = (req: IncomingMessage, res: ServerResponse, to: string, headers: Record<string, string> = {}): void => {
    sendWeb(req, res, { status: 303, type: 'text/plain; charset=utf-8', body: '', maxAge: 0, headers: { Location: to, ...headers } });
  };

  const login = async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    const hasUsers = options.ui().users.length > 0;
    if (req.method === 'GET' || req.method === 'HEAD') {
      const next = safeNext(url.searchParams.get('next'));
      if (await currentUser(req)) return redirect(req, res, next);
      const signedOut = url.searchParams.has('signed-out');
      return reply(req, res, 200, loginPage({ next, hasUsers, ...(signedOut ? { message: { kind: 'info', text: 'You are signed out.' } } : {}) }));
    }
    if (req.method !== 'POST') return reply(req, res, 405, messagePage(null, 'Not allowed', 'Use the sign-in form.'), { Allow: 'GET, HEAD, POST' });
    // No session yet, so no token to check: a sign-in from another site is refused by origin.
    if (!sameOrigin(req)) return reply(req, res, 403, messagePage(null, 'Refused', 'This sign-in did not come from this site.'));
    const form = await readForm(req, 8192);
    const next = safeNext(form.get('next'));
    const token = form.get('token');
    const name = (form.get('name') ?? '').trim().slice(0, 64);
    const address = `address:${req.socket.remoteAddress ?? 'unknown'}`;
    const keys = token !== null ? [address] : [address, `user:${name}`];
    const wait = attempts.retryAfter(keys);
    if (wait > 0) {
      return reply(req, res, 429, loginPage({ next, hasUsers, name, message: { kind: 'error', text: `Too many failed sign-ins. Try again in ${Math.ceil(wait / 60)} min.` } }), { 'Retry-After': String(wait) });
    }
    let user: string | null = null;
    if (token !== null) {
      if (token !== '' && token.length <= 1024 && tokenMatches(token, tokens())) user = tokenUser(token);
    } else {
      const password = (form.get('password') ?? '').slice(0, 1024);
      const known = options.ui().users.find((u) => u.name === name);
      // An unknown name is checked against a decoy hash: it answers in the same time as a wrong password.
      const hash = known?.passwordHash ?? (await decoyHash(decoyParams()));
      const right = await hashing.run(() => verifyPassword(password, hash));
      if (right && known) user = known.name;
    }
    if (user === null) {
      attempts.fail(keys);
      const text = token !== null ? 'That API token is not valid.' : 'Wrong user name or password.';
      return reply(req, res, 401, loginPage({ next, hasUsers, name, message: { kind: 'error', text } }));
    }
    if (token === null) attempts.succeed(`user:${name}`);
    const { id } = await sessions.create(user);
    options.log(`dashboard: ${user.startsWith(TOKEN_USER) ? 'an API token' : user} signed in from ${req.socket.remoteAddress ?? 'unknown'}`);
    return redirect(req, res, next, { 'Set-Cookie': sessionCookie(req, id, Math.floor(limits.absoluteMs / 1000)) });
  };

  const logout = async (req: IncomingMessage, res: ServerResponse, user: SignedInUser | null): Promise<void> => {
    if (req.method !== 'POST') return reply(req, res, 405, messagePage(user, 'Not allowed', 'Sign out with the Sign out button.'), { Allow: 'POST' });
    if (!user) return redirect(req, res, '/login', { 'Set-Cookie': clearedCookie(req) });
    const form = await readForm(req, 8192);
    if (!csrfMatches(req, user, form.get('csrf'))) return reply(req, res, 403, messagePage(user, 'Refused', 'This request has no valid form token; reload the page and try again.'));
    await sessions.end(user.session);
    return redirect(req, res, '/login?signed-out', { 'Set-Cookie': clearedCookie(req) });
  };

  const monitors = async (req: IncomingMessage, res: ServerResponse, user: SignedInUser, url: URL): Promise<void> => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return reply(req, res, 405, messagePage(user, 'Not allowed', 'This page is read with GET.'), { Allow: 'GET, HEAD' });
    const query: ListQuery = parseListQuery(url.searchParams);
    const page = list.page(query);
    // The history of monitors not yet shown since the start is read from the store once, in the
    // background: the page does not wait for it, and the live stream sends the fuller rows.
    const unseeded = page.rows.filter((row) => !board.isSeeded(row.name)).map((row) => row.name);
    if (unseeded.length > 0) {
      board.seed(options.service.store, unseeded, (name) => live.refresh(name))
        .catch((error: unknown) => options.log(`dashboard: could not read recent checks: ${error instanceof Error ? error.message : String(error)}`));
    }
    const notice = url.searchParams.get('done');
    return reply(req, res, 200, listPage(page, user, notice ? notice.slice(0, 200) : undefined));
  };

  const events = (req: IncomingMessage, res: ServerResponse, user: SignedInUser, url: URL): void => {
    const names = (url.searchParams.get('monitors') ?? '').split(',').map((n) => n.trim()).filter((n) => n !== '' && n.length <= 200);
    live.open(req, res, user.session, names);
  };

  const route = async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    const path = url.pathname;
    if (path === '/login') return login(req, res, url);
    const user = await currentUser(req);
    if (path === '/logout') return logout(req, res, user);
    if (!user) {
      // A stream is not a page: it gets a 401 (its island retries later), not the sign-in form.
      if (path === '/events') return reply(req, res, 401, messagePage(null, 'Signed out', 'Sign in first.'));
      if (req.method === 'GET' || req.method === 'HEAD') return redirect(req, res, loginRedirect(req));
      return reply(req, res, 403, messagePage(null, 'Refused', 'You are not signed in (or your session has ended); sign in and try again.'));
    }
    if (path === '/') return monitors(req, res, user, url);
    if (path === '/events') return events(req, res, user, url);
    return handleManage(req, res, { service: options.service, user, reply, redirect, invalidate: () => list.invalidate(), forget: (name) => board.forget(name) });
  };

  return {
    board,
    sessions,
    handle(req, res) {
      attachSessionLookup(req, find);
      let url: URL;
      try {
        url = new URL(req.url ?? '/', 'http://whydown.invalid');
      } catch {
        return false;
      }
      if (!OWNED.test(url.pathname) || !(req.url ?? '/').startsWith('/')) return false;
      route(req, res, url).catch((error: unknown) => {
        if (error instanceof FormError) return reply(req, res, error.status, messagePage(null, 'Refused', error.message));
        options.log(`dashboard: could not answer ${url.pathname.slice(0, 200)}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        if (res.headersSent) res.destroy();
        else reply(req, res, 503, messagePage(null, 'Unavailable', 'The dashboard cannot answer right now; try again in a few seconds.'), { 'Retry-After': '5' });
      });
      return true;
    },
    close() {
      clearInterval(prune);
      offEnd();
      live.close();
      board.close();
    },
  };
}
