// The hops a response passed through, read from its headers: the one that wrote it (its page,
// by the fingerprint) and the ones that only relayed it. A relaying proxy leaves marks of its own
// on the way out — `Via` (one entry per hop, nearest the origin first), `X-Varnish`, `X-Cache`,
// `Age` — and a proxy that sets its own `Server` replaces the writer's. The writer first, then the
// relays from the inside out, as far as the headers tell.
import { SERVER_PRODUCTS } from './signatures/index.js';
import type { Fingerprint, ResponseFacts } from './types.js';

export interface ChainHop {
  software: string;
  role: 'wrote' | 'relayed';
  evidence: string[];
}

/** Product tokens in a Via entry (`1.1 varnish (Varnish/7.1)`, `http/1.1 traffic_server (ApacheTrafficServer/9.2.9 [c sEf ])`). */
const VIA_PRODUCTS: readonly { pattern: RegExp; id: string }[] = [
  { pattern: /\bVarnish\b/i, id: 'varnish' },
  { pattern: /ApacheTrafficServer|\btraffic_server\b/, id: 'trafficserver' },
  { pattern: /\bnghttpx\b/, id: 'nghttpx' },
  { pattern: /\(squid\b|\bsquid\//i, id: 'squid' },
  { pattern: /\bcloudfront\b/i, id: 'cloudfront' },
  { pattern: /\bvegur\b|\bheroku-router\b/, id: 'heroku' },
  { pattern: /\bkong\//, id: 'kong' },
  { pattern: /\bgoogle\b/, id: 'google' },
  { pattern: /\bCaddy\b/, id: 'caddy' },
  { pattern: /\bApache\b/, id: 'apache' },
];

/**
 * `writer` is who wrote the page as the verdict states it (null when unknown). Every other product
 * the headers name relayed the response.
 */
export function readChain(facts: ResponseFacts, print: Fingerprint, writer: string | null): ChainHop[] {
  const hops: ChainHop[] = [];
  const add = (software: string, role: ChainHop['role'], line: string): void => {
    const known = hops.find((h) => h.software === software);
    if (known) {
      if (!known.evidence.includes(line)) known.evidence.push(line);
      return;
    }
    hops.push({ software, role, evidence: [line] });
  };
  if (writer) hops.push({ software: writer, role: 'wrote', evidence: [...print.generatorEvidence] });

  // The Server header, when it is not the writer's: the hop that set it relayed the page. Caches
  // pass their backend's Server on, so it names the hop behind them: it comes before the Via entries.
  const server = facts.headers.server;
  const product = server === undefined ? undefined : SERVER_PRODUCTS.find((p) => p.pattern.test(server));
  // With no writer known, the Server hop may have written the page or relayed it: no claim.
  if (server !== undefined && product && writer && product.id !== writer) add(product.id, 'relayed', `Server: ${server} (the page is ${writer}'s)`);
  const via = facts.headers.via;
  if (via) {
    for (const entry of via.split(/,\s*(?=(?:[A-Za-z]+\/)?\d(?:\.\d)?\s)/)) {
      const id = VIA_PRODUCTS.find((p) => p.pattern.test(entry))?.id ?? pseudonym(entry);
      if (id) add(id, 'relayed', `Via: ${entry.trim()}`);
    }
  }
  const xVarnish = facts.headers['x-varnish'];
  if (xVarnish && /^\d+(?:\s+\d+)?$/.test(xVarnish)) add('varnish', 'relayed', `X-Varnish: ${xVarnish}`);
  const xCache = facts.headers['x-cache'];
  if (xCache && print.edge) add(print.edge, 'relayed', `X-Cache: ${xCache}`);
  const age = facts.headers.age;
  // Age is a cache's mark, but not whose: it joins a cache already named.
  const cache = hops.find((h) => h.role === 'relayed' && (h.software === 'varnish' || h.software === 'trafficserver' || h.software === 'squid'));
  if (age !== undefined && cache) add(cache.software, 'relayed', `Age: ${age}`);

  if (writer && print.edge && print.edge !== writer && !hops.some((h) => h.software === print.edge)) {
    for (const line of print.edgeEvidence) add(print.edge, 'relayed', line);
  }
  return hops;
}

/** The received-by name of a Via entry nobody is known by (`1.1 proxy-7` → `proxy-7`). */
function pseudonym(entry: string): string | null {
  const name = /^\s*(?:[A-Za-z]+\/)?\d(?:\.\d)?\s+([^\s(]+)/.exec(entry)?.[1];
  return name ?? null;
}
