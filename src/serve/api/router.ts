// A route table matched segment by segment: `:name` captures one URL-decoded segment. A path
// that matches with another method gives the methods it has (for 405 and its Allow header).
import type { Access } from './auth.js';
import { invalidParameter } from './errors.js';

export interface Route<H> {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Like `/api/v1/monitors/:name/results`. */
  path: string;
  access: Access;
  handle: H;
}

interface Compiled<H> {
  route: Route<H>;
  segments: string[];
}

export type Match<H> =
  | { kind: 'found'; route: Route<H>; params: Record<string, string> }
  | { kind: 'method'; allow: string[] }
  | { kind: 'none' };

export class Router<H> {
  private readonly routes: Compiled<H>[];

  constructor(routes: readonly Route<H>[]) {
    this.routes = routes.map((route) => ({ route, segments: route.path.split('/').slice(1) }));
  }

  /** `path` is the raw request path (still percent-encoded), without the query. HEAD matches GET. */
  match(method: string, path: string): Match<H> {
    const segments = splitPath(path);
    const wanted = method === 'HEAD' ? 'GET' : method;
    const allow = new Set<string>();
    for (const compiled of this.routes) {
      const params = matchSegments(compiled.segments, segments);
      if (params === null) continue;
      if (compiled.route.method === wanted) return { kind: 'found', route: compiled.route, params: decodeParams(params) };
      allow.add(compiled.route.method);
      if (compiled.route.method === 'GET') allow.add('HEAD');
    }
    return allow.size > 0 ? { kind: 'method', allow: [...allow, 'OPTIONS'] } : { kind: 'none' };
  }
}

/** Raw segments; one trailing slash is forgiven (`/api/v1/monitors/`). */
function splitPath(path: string): string[] {
  const trimmed = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
  return trimmed.split('/').slice(1);
}

function matchSegments(pattern: readonly string[], segments: readonly string[]): Record<string, string> | null {
  if (pattern.length !== segments.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const want = pattern[i]!;
    const got = segments[i]!;
    if (want.startsWith(':')) {
      if (got === '') return null;
      params[want.slice(1)] = got;
    } else if (want !== got) {
      return null;
    }
  }
  return params;
}

/** Decoded only once the route is known, so a bad escape in a path that matches nothing stays a 404. */
function decodeParams(raw: Record<string, string>): Record<string, string> {
  const params: Record<string, string> = {};
  for (const [key, segment] of Object.entries(raw)) {
    try {
      params[key] = decodeURIComponent(segment);
    } catch {
      throw invalidParameter('path', `${JSON.stringify(segment.slice(0, 40))} is not valid percent-encoding`);
    }
  }
  return params;
}
