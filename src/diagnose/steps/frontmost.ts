// The narrow case in which a product named only by `Server` may be said to have written a page:
// a 5xx with no page of anyone's kind (empty, or a short plain-text body) and no mark that it came
// from further in (no relay or cache header, no application header). Then the frontmost server,
// the one whose Server header this is, wrote it — e.g. nginx's `return 503 "busy";`. Medium, not
// high: a short plain-text error from an application behind a proxy that adds nothing looks the same.
import type { Fingerprint } from '../../core/fingerprint/index.js';
import type { ProbeResult } from '../../core/probe/types.js';

/** Headers that say the response came from behind the frontmost server, or from an application. */
const FROM_FURTHER_IN = /^(?:via|age|x-cache(?:-.*)?|cache-status|cf-cache-status|x-proxy-cache|x-varnish|x-powered-by|x-runtime|x-aspnet-version|x-served-by|set-cookie|x-envoy-upstream-service-time|retry-after|x-upstream-.*)$/;
const SHORT = 256;

/** The product to name as the writer (medium), or null when the hint must stay a hint. */
export function frontmostWriter(response: ProbeResult, print: Fingerprint): { id: string; why: string } | null {
  const status = response.status;
  if (status === null || status < 500 || status > 599) return null;
  if (print.generatorConfidence !== 'low' || !print.generatedBy || !print.server || print.edge || print.waf) return null;
  const body = response.bodySample;
  const type = response.headers['content-type'] ?? '';
  const plain = body.trim() === '' || (body.length <= SHORT && (type === '' || /^text\/plain\b/i.test(type)) && !/^\s*[<{[]/.test(body));
  if (!plain) return null;
  // (a cache's mark, e.g. nginx's `X-Cache-Status: HIT` on an application's 500 kept in its cache)
  const relayMark = Object.keys(response.headers).some((name) => FROM_FURTHER_IN.test(name));
  if (relayMark) return null;
  const kind = body.trim() === '' ? 'an empty body' : `a short plain-text body (${body.length} bytes)`;
  return { id: print.generatedBy, why: `${kind} and no relay, cache or application header, so the frontmost server (Server: ${print.server}) wrote it — medium: named by its Server header, not by a page of its own` };
}
