// The CDN, cache or load balancer in front, from headers that also appear on healthy responses.
// Outermost first: the first match names the edge.
import type { EdgeSignature } from '../types.js';

export const EDGE_SIGNATURES = [
  { id: 'cloudflare', any: [{ header: 'cf-ray', value: /\S/ }, { header: 'server', value: /^cloudflare(?:-nginx)?$/ }, { header: 'cf-cache-status', value: /\S/ }] },
  { id: 'akamai', any: [{ header: 'server', value: /^AkamaiGHost$/ }, { header: 'x-akamai-request-id', value: /\S/ }, { header: 'x-cache', value: /AkamaiGHost|akamaitechnologies\.com/ }] },
  { id: 'fastly', any: [{ header: 'x-served-by', value: /\bcache-[a-z0-9]+-[A-Z]{3}\b/ }, { header: 'x-fastly-request-id', value: /\S/ }, { header: 'x-timer', value: /^S\d+(?:\.\d+)?,VS\d/ }] },
  { id: 'cloudfront', any: [{ header: 'x-amz-cf-id', value: /\S/ }, { header: 'x-amz-cf-pop', value: /\S/ }, { header: 'via', value: /\.cloudfront\.net \(CloudFront\)/ }, { header: 'x-cache', value: /from cloudfront$/i }] },
  { id: 'azure-front-door', any: [{ header: 'x-azure-ref', value: /\S/ }] },
  { id: 'google', any: [{ header: 'via', value: /(?:^|,\s*)1\.1 google(?:,|$)/ }, { header: 'server', value: /^Google Frontend$/ }] },
  { id: 'vercel', any: [{ header: 'x-vercel-id', value: /\S/ }, { header: 'server', value: /^Vercel$/ }, { header: 'x-vercel-cache', value: /\S/ }] },
  { id: 'netlify', any: [{ header: 'x-nf-request-id', value: /\S/ }, { header: 'server', value: /^Netlify$/ }] },
  { id: 'heroku', any: [{ header: 'via', value: /\bvegur\b|\bheroku-router\b/ }, { header: 'server', value: /^Heroku$/ }] },
  { id: 'imperva', any: [{ header: 'x-iinfo', value: /\S/ }, { header: 'x-cdn', value: /Incapsula|Imperva/i }] },
  { id: 'sucuri', any: [{ header: 'x-sucuri-id', value: /\S/ }, { header: 'server', value: /^Sucuri\/Cloudproxy$/ }] },
  { id: 'aws-elb', any: [{ header: 'server', value: /^awselb\b/ }] },
  { id: 'azure-app-gateway', any: [{ header: 'server', value: /^Microsoft-Azure-Application-Gateway\b/ }] },
  { id: 'kong', any: [{ header: 'via', value: /\bkong\/[\d.]+/ }, { header: 'x-kong-proxy-latency', value: /\S/ }, { header: 'x-kong-upstream-latency', value: /\S/ }, { header: 'server', value: /^kong\// }] },
  { id: 'envoy', any: [{ header: 'x-envoy-upstream-service-time', value: /\S/ }, { header: 'server', value: /^(?:istio-)?envoy$/ }] },
  // Caddy adds its own Server header before the upstream's (seen with Caddy 2.6.2), so a relayed
  // response says `Server: Caddy, <upstream>`.
  { id: 'caddy', any: [{ header: 'server', value: /^Caddy, \S/, label: 'Caddy in front' }] },
  { id: 'varnish', any: [{ header: 'x-varnish', value: /^\d+(?:\s+\d+)?$/ }, { header: 'via', value: /\(Varnish\/[\d.]+\)/ }] },
  { id: 'trafficserver', any: [{ header: 'via', value: /\(ApacheTrafficServer\/[\d.]+/ }] },
  { id: 'squid', any: [{ header: 'via', value: /\(squid(?:\/[\d.]+)?\)/ }, { header: 'x-squid-error', value: /\S/ }] },
] as const satisfies readonly EdgeSignature[];
