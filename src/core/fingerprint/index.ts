// Who wrote this response: the generator of an error page, the edge in front of it, a WAF or
// challenge, and whether a cache served it. Signatures are data (./signatures); this file and
// ./match.ts are the one matcher that reads them.
//
// Hop attribution (gateways.md §24): the body's brand names the generator; `Server` names the
// outermost hop. A page branded differently from `Server` was written by an inner hop and relayed.
import { extract, matchAll, matchRule } from './match.js';
import {
  CACHE_SIGNATURES, EDGE_SIGNATURES, GENERATOR_SIGNATURES, SERVER_PRODUCTS, WAF_SIGNATURES,
} from './signatures/index.js';
import type { Confidence, Fingerprint, ResponseFacts } from './types.js';

export type { Confidence, Fingerprint, ResponseFacts, WafKind } from './types.js';

const RANK: Record<Confidence, number> = { high: 3, medium: 2, low: 1 };

export function fingerprint(facts: ResponseFacts): Fingerprint {
  const server = facts.headers.server ?? null;
  const waf = findWaf(facts);
  const generator = findGenerator(facts, server, waf);
  const edge = findEdge(facts);
  const found = extract(generator.extract, facts);
  const fromWaf = waf ? extract(waf.extract, facts) : { vendorCode: null, detail: null };
  return {
    generatedBy: generator.id,
    generatorConfidence: generator.confidence,
    generatorEvidence: generator.evidence,
    edge: edge?.id ?? null,
    edgeEvidence: edge?.evidence ?? [],
    server,
    waf: waf ? { vendor: waf.vendor, kind: waf.kind, evidence: waf.evidence } : null,
    cache: findCache(facts),
    vendorCode: fromWaf.vendorCode ?? found.vendorCode,
    detail: found.detail ?? fromWaf.detail,
  };
}

interface Generator {
  id: string | null;
  confidence: Confidence;
  evidence: string[];
  extract?: (typeof GENERATOR_SIGNATURES)[number]['extract'];
}

function findGenerator(facts: ResponseFacts, server: string | null, waf: ReturnType<typeof findWaf>): Generator {
  let best: Generator | null = null;
  for (const { rule, evidence } of matchAll(GENERATOR_SIGNATURES, facts)) {
    if (!best || RANK[rule.confidence] > RANK[best.confidence]) {
      best = { id: rule.id, confidence: rule.confidence, evidence, extract: rule.extract };
    }
  }
  // A firewall's own page names its writer, whatever else the page resembles.
  if (waf?.generatedBy && best?.id !== waf.generatedBy) {
    best = { id: waf.generatedBy, confidence: 'high', evidence: waf.evidence };
  }
  if (best) return best;
  // Last resort: the product in Server, for an error page nobody recognised or a healthy page.
  const product = server === null ? undefined : SERVER_PRODUCTS.find((p) => p.pattern.test(server));
  if (product && !('relays' in product && product.relays)) {
    const why = facts.status >= 400 ? 'unrecognised page; only the Server header names a product' : 'the Server header';
    return { id: product.id, confidence: 'low', evidence: [`Server: ${server} (${why})`] };
  }
  return { id: null, confidence: 'low', evidence: [] };
}

function findWaf(facts: ResponseFacts) {
  for (const rule of WAF_SIGNATURES) {
    const evidence = matchRule(rule, facts);
    if (!evidence) continue;
    return {
      vendor: rule.vendor,
      kind: rule.kind,
      evidence,
      generatedBy: 'generatedBy' in rule ? rule.generatedBy : null,
      extract: 'extract' in rule ? rule.extract : undefined,
    };
  }
  return null;
}

function findEdge(facts: ResponseFacts): { id: string; evidence: string[] } | null {
  for (const rule of EDGE_SIGNATURES) {
    const evidence = matchRule(rule, facts);
    if (evidence) return { id: rule.id, evidence };
  }
  return null;
}

function findCache(facts: ResponseFacts): Fingerprint['cache'] {
  const matches = matchAll(CACHE_SIGNATURES, facts);
  for (const hit of [true, false]) {
    const lines = matches.filter((m) => m.rule.hit === hit).flatMap((m) => m.evidence);
    if (lines.length > 0) return { hit, evidence: [...new Set(lines)] };
  }
  return null;
}
