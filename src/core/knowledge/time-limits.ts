// Default time limits of common gateways, hosts and application servers
// (../shared/design/reference/gateways.md §21): a failure that always ends after the same time
// is usually one of these.

export interface KnownLimit {
  seconds: number;
  who: string;
  /** What a failure at this limit usually is. */
  kind: 'timeout' | 'kill';
  /** Only meaningful when this software wrote the error (absent: anyone). */
  by?: readonly string[];
}

export const KNOWN_LIMITS: readonly KnownLimit[] = [
  { seconds: 3, who: 'Caddy dial_timeout', kind: 'timeout', by: ['caddy'] },
  { seconds: 3, who: 'HAProxy connect retries (retries 3, about 1 s apart)', kind: 'timeout', by: ['haproxy'] },
  { seconds: 3.5, who: 'Varnish connect_timeout', kind: 'timeout', by: ['varnish'] },
  { seconds: 5, who: 'Envoy connect_timeout / ingress-nginx proxy-connect-timeout', kind: 'timeout' },
  { seconds: 10, who: 'AWS ALB connect / CloudFront connect attempt / Netlify function limit', kind: 'timeout' },
  { seconds: 15, who: 'Envoy route timeout / Fastly first_byte_timeout', kind: 'timeout' },
  { seconds: 19, who: 'Cloudflare TCP connect (522)', kind: 'timeout' },
  { seconds: 20, who: 'Azure Application Gateway request timeout', kind: 'timeout' },
  { seconds: 29, who: 'AWS API Gateway integration timeout', kind: 'timeout' },
  { seconds: 30, who: 'PHP max_execution_time / gunicorn timeout / Heroku H12 / CloudFront origin read / IIS ARR / Azure Front Door', kind: 'kill' },
  { seconds: 60, who: 'nginx proxy_read_timeout / Apache Timeout / AWS ALB idle timeout / Varnish first_byte_timeout', kind: 'timeout' },
  { seconds: 90, who: 'Cloudflare TCP ACK (522)', kind: 'timeout' },
  { seconds: 100, who: 'Cloudflare proxy read timeout (524)', kind: 'timeout' },
  { seconds: 120, who: 'Cloudflare proxy read timeout, newer default (524)', kind: 'timeout' },
  { seconds: 600, who: 'Google Cloud Load Balancer keep-alive', kind: 'timeout' },
];

/** Known limits within 5% (at least 0.3 s) of this duration, for the software that answered. */
export function matchKnownLimits(seconds: number, generatedBy: string | null = null): KnownLimit[] {
  return KNOWN_LIMITS.filter((limit) =>
    Math.abs(limit.seconds - seconds) <= Math.max(0.3, limit.seconds * 0.05) &&
    (!limit.by || (generatedBy !== null && limit.by.includes(generatedBy))));
}
