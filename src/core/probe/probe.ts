// One attempt at a URL: the request, then its redirects up to a limit, with loops detected.
import { performance } from 'node:perf_hooks';
import { Deadline } from './deadline.js';
import { requestOnce } from './request.js';
import { warmUp } from './warmup.js';
import { parseDnsServer } from './target.js';
import type { ProbeOptions, ProbeResult, RedirectHop } from './types.js';

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

export async function probe(target: URL, options: ProbeOptions): Promise<ProbeResult> {
  await warmUp();
  const deadline = new Deadline(options.timeoutMs);
  const resolvers = (options.dnsServers ?? []).map(parseDnsServer);
  const started = performance.now();
  const maxRedirects = options.maxRedirects ?? 10;
  const redirects: RedirectHop[] = [];
  const seen = new Set<string>();
  let url = withQueryMarks(target, options);

  for (;;) {
    seen.add(url.href);
    const result = await requestOnce(url, { options, resolvers, deadline });
    const location = result.headers.location;
    if (result.status === null || !REDIRECT_STATUSES.has(result.status) || location === undefined) {
      return withChain(result, redirects, started);
    }
    let next: URL;
    try {
      next = new URL(location, url);
    } catch {
      return withChain(result, redirects, started); // a broken Location ends the chain where it is
    }
    redirects.push({ url: url.href, status: result.status, location: next.href });
    if (seen.has(next.href) || redirects.length > maxRedirects) {
      result.cause = 'redirect-loop';
      result.error = {
        code: 'EREDIRECTLOOP',
        message: seen.has(next.href)
          ? `${url.href} redirects back to ${next.href}, which was already visited`
          : `more than ${maxRedirects} redirects`,
      };
      return withChain(result, redirects, started);
    }
    if (next.protocol !== 'http:' && next.protocol !== 'https:') return withChain(result, redirects, started);
    url = next;
  }
}

function withChain(result: ProbeResult, redirects: RedirectHop[], started: number): ProbeResult {
  result.redirects = redirects;
  if (redirects.length > 0) result.timings.total = performance.now() - started;
  return result;
}

export const PROBE_MARK = 'whydown-probe';

function withQueryMarks(url: URL, options: ProbeOptions): URL {
  if (!options.cacheBust && !options.queryMarker) return url;
  const marked = new URL(url.href);
  if (options.cacheBust) marked.searchParams.set('whydown-nocache', Date.now().toString(36) + Math.random().toString(36).slice(2, 6));
  if (options.queryMarker) marked.searchParams.set(PROBE_MARK, options.queryMarker);
  return marked;
}
