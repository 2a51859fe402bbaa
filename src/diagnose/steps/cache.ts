// "Clear the browser cache": one attempt that asks every cache on the way to step aside
// (`Cache-Control: no-cache` and a unique query string), compared with the plain attempts, plus
// the cache headers of the failing responses themselves.
import type { ProbeResult } from '../../core/probe/types.js';
import type { ChecklistStep, DiagnoseContext, StepOutcome } from '../types.js';
import { extraAttempt, isBroken } from './extra-attempt.js';

export const CACHE_TITLE = 'Bypass caches and compare';

export interface CacheEvidence {
  bypass: ProbeResult;
  /** Cache headers on the broken plain responses that say they came from a cache. */
  servedFromCache: string[];
  /** Broken through the cache, fine around it. */
  cachedError: boolean;
}

export const cacheStep: ChecklistStep<'cache'> = { id: 'cache', title: CACHE_TITLE, needs: ['reload'], run: runCache };

async function runCache(context: DiagnoseContext): Promise<StepOutcome<CacheEvidence>> {
  const bypassPromise = extraAttempt(context, 'cache', 'nocache', {
    cacheBust: true,
    headers: { 'cache-control': 'no-cache', pragma: 'no-cache' },
  });
  const [bypass, reload] = await Promise.all([bypassPromise, context.need('reload')]);
  const broken = reload.attempts.filter(isBroken);
  const servedFromCache = [...new Set(broken.flatMap(cacheHitSigns))];
  const cachedError = broken.length > 0 && !isBroken(bypass) && (servedFromCache.length > 0 || broken.length === reload.attempts.length);
  const evidence: CacheEvidence = { bypass, servedFromCache, cachedError };
  const bypassSays = bypass.status !== null ? `${bypass.status}` : bypass.cause;
  let result: 'pass' | 'fail' | 'warn' = 'pass';
  let detail: string;
  if (cachedError) {
    result = 'fail';
    detail = `the plain requests fail but a cache-bypassing request gets ${bypassSays}: the error is served from a cache${servedFromCache.length > 0 ? ` (${servedFromCache.join('; ')})` : ''}`;
  } else if (broken.length > 0 && servedFromCache.length > 0) {
    result = 'warn';
    detail = `the error carries cache headers (${servedFromCache.join('; ')}), and bypassing the cache fails too (${bypassSays}): the cache stored a fresh failure`;
  } else if (broken.length > 0) {
    detail = `bypassing caches changes nothing (${bypassSays}): the failure is made fresh, not stored`;
  } else {
    detail = `the cache-bypassing request gets ${bypassSays}, like the plain ones`;
    if (isBroken(bypass)) result = 'warn';
  }
  return { report: { id: 'cache', title: CACHE_TITLE, result, detail, evidence: { bypassStatus: bypass.status, bypassCause: bypass.cause, servedFromCache, cachedError } }, evidence };
}

/** Signs in a response's headers that a cache answered it rather than the origin. */
export function cacheHitSigns(result: ProbeResult): string[] {
  const h = result.headers;
  const signs: string[] = [];
  const age = Number(h.age);
  if (Number.isFinite(age) && age > 0) signs.push(`Age: ${h.age}`);
  if (h['x-cache'] && /\bhit\b|tcp_.*hit|error from cloudfront/i.test(h['x-cache'])) signs.push(`X-Cache: ${h['x-cache']}`);
  if (h['cf-cache-status'] && /^(hit|stale|updating|revalidated)$/i.test(h['cf-cache-status'])) signs.push(`cf-cache-status: ${h['cf-cache-status']}`);
  if (h['x-varnish'] && h['x-varnish'].trim().split(/\s+/).length >= 2) signs.push(`X-Varnish: ${h['x-varnish']} (two transaction ids: a hit)`);
  if (h['x-cache-status'] && /hit|stale/i.test(h['x-cache-status'])) signs.push(`X-Cache-Status: ${h['x-cache-status']}`);
  return signs;
}
