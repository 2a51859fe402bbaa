// The fingerprint's public shape and the shape of its signature tables.

export interface ResponseFacts {
  status: number;
  /** Lower-case names; repeated headers joined (set-cookie with newlines, others with ", "). */
  headers: Record<string, string>;
  /** The decoded body, or its first part. */
  body: string;
}

export type Confidence = 'high' | 'medium' | 'low';
export type WafKind = 'challenge' | 'block' | 'rate-limit';

export interface Fingerprint {
  /** Who wrote the response (a software id from the contract), null when nothing says. */
  generatedBy: string | null;
  generatorConfidence: Confidence;
  generatorEvidence: string[];
  /** The CDN, cache or load balancer in front, seen even on a healthy 200. */
  edge: string | null;
  edgeEvidence: string[];
  /** The raw Server header. */
  server: string | null;
  waf: { vendor: string; kind: WafKind; evidence: string[] } | null;
  /** Whether a cache served this response; null when no cache said anything. */
  cache: { hit: boolean; evidence: string[] } | null;
  /** A vendor's own code: Cloudflare 52x, Vercel x-vercel-error, Squid ERR_*, IIS substatus, Apache's proxy reason. */
  vendorCode: string | null;
  /** Text from the page that explains the cause, when the page has some. */
  detail: string | null;
}

// ---- signature tables ------------------------------------------------------------------------

/**
 * One observable fact. A cue matches when its test passes; `label` names it in the evidence
 * (the matched text or header value is appended).
 */
export type Cue =
  | { body: RegExp; label?: string }
  | { header: string; value: RegExp; label?: string }
  | { noHeader: string; label?: string }
  | { status: readonly number[] | 'error' | 'success'; label?: string }
  | { emptyBody: true; label?: string };

/** A rule matches when every `all` cue, at least one `any` cue (when given) and no `none` cue match. */
export interface Rule {
  all?: readonly Cue[];
  any?: readonly Cue[];
  none?: readonly Cue[];
}

/** Pulls a value out of the response: capture group 1 of `pattern`, tidied (HTML to text). */
export interface Extractor {
  field: 'vendorCode' | 'detail';
  from: 'body' | { header: string };
  pattern: RegExp;
  /** Fixed value instead of the capture (for codes a page implies). */
  value?: string;
}

export interface GeneratorSignature extends Rule {
  id: string;
  confidence: Confidence;
  extract?: readonly Extractor[];
}

export interface EdgeSignature extends Rule {
  id: string;
}

export interface WafSignature extends Rule {
  vendor: string;
  kind: WafKind;
  /** Who wrote the page, when the WAF's page is recognisable as a vendor's (e.g. cloudflare). */
  generatedBy?: string;
  extract?: readonly Extractor[];
}

export interface CacheSignature extends Rule {
  hit: boolean;
}

/** A `Server` header product and the software id it names. */
export interface ServerProduct {
  pattern: RegExp;
  id: string;
  /** The value is stamped on relayed responses too, so it never names the generator by itself. */
  relays?: boolean;
}
