// The product in a Server header, when nothing better names the generator (low confidence).
import type { ServerProduct } from '../types.js';

export const SERVER_PRODUCTS = [
  { pattern: /^nginx\b/i, id: 'nginx' },
  { pattern: /^openresty\b/i, id: 'openresty' },
  { pattern: /^Apache-Coyote\b/, id: 'tomcat' },
  { pattern: /^Apache\b/, id: 'apache' },
  { pattern: /^lighttpd\b/, id: 'lighttpd' },
  { pattern: /^squid\b/, id: 'squid' },
  { pattern: /^Caddy$/, id: 'caddy' },
  { pattern: /^Varnish$/, id: 'varnish' },
  { pattern: /^Microsoft-IIS\b/, id: 'iis' },
  { pattern: /^Microsoft-Azure-Application-Gateway\b/, id: 'azure-app-gateway' },
  { pattern: /^(?:istio-)?envoy$/, id: 'envoy' },
  { pattern: /^kong\//, id: 'kong' },
  { pattern: /^awselb\b/, id: 'aws-elb' },
  { pattern: /^CloudFront$/, id: 'cloudfront' },
  { pattern: /^AkamaiGHost$/, id: 'akamai' },
  { pattern: /^(?:Google Frontend|gws|GSE|ESF)$/, id: 'google' },
  { pattern: /^Vercel$/, id: 'vercel' },
  { pattern: /^Netlify$/, id: 'netlify' },
  { pattern: /^Heroku$/, id: 'heroku' },
  { pattern: /^LiteSpeed\b/i, id: 'litespeed' },
  { pattern: /^gunicorn\b/, id: 'gunicorn' },
  { pattern: /^uvicorn$/, id: 'uvicorn' },
  { pattern: /^Werkzeug\b/, id: 'werkzeug' },
  { pattern: /^Kestrel$/, id: 'kestrel' },
  { pattern: /^Jetty\b/, id: 'jetty' },
  // Stamped on every proxied response, so they name the edge, never the page's writer.
  { pattern: /^cloudflare(?:-nginx)?$/, id: 'cloudflare', relays: true },
  { pattern: /^Sucuri\/Cloudproxy$/, id: 'sucuri', relays: true },
] as const satisfies readonly ServerProduct[];
