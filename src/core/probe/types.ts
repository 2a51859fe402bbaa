import type { Cause, Timings } from '../model.js';
import type { TlsFindingKind } from '../knowledge/tls-findings.js';

/** curl-style `--resolve host:port:addr`. */
export interface PinnedAddress {
  host: string;
  port: number;
  address: string;
}

export interface ProbeOptions {
  /** Limit for one attempt, redirects included, in milliseconds. */
  timeoutMs: number;
  /** Extra request headers, sent with every request. */
  headers?: Record<string, string>;
  method?: string;
  /** Request body (a monitor's POST); sent with Content-Length. */
  body?: string;
  resolve?: PinnedAddress[];
  /** Resolvers to ask instead of the system's ("127.0.0.1:5353"). */
  dnsServers?: string[];
  /** Extra trusted CAs (PEM). */
  ca?: string[];
  maxRedirects?: number;
  /** First byte later than this counts as slow. */
  slowFirstByteMs?: number;
  /** Bytes of decoded body kept as a sample. */
  bodySampleBytes?: number;
  /** Add a unique marker to the query string (cache busting). */
  cacheBust?: boolean;
  /** Add `whydown-probe=<marker>` to the query string, so the server's logs name this request. */
  queryMarker?: string;
  /**
   * When given, only destinations it allows are reached (the public `/check`): it is asked for
   * every looked-up address, again for the address actually connected, on every redirect hop.
   * A refused destination ends the attempt with error code EDESTINATIONREFUSED, never a throw.
   */
  allowAddress?: (address: string, port: number) => boolean;
}

export interface CertificateInfo {
  subject: string;
  issuer: string;
  subjectAltNames: string[];
  validFrom: string;
  validTo: string;
  fingerprint256: string;
  selfSigned: boolean;
  /** Where its issuer's certificate can be fetched (Authority Information Access, "CA Issuers"). */
  caIssuers?: string[];
}

export interface TlsInfo {
  protocol: string | null;
  cipher: string | null;
  alpn: string | null;
  servername: string | null;
  /** Leaf first, kept even when verification fails. */
  chain: CertificateInfo[];
  authorized: boolean;
  /** Node's verification error code (CERT_HAS_EXPIRED, ...) or a hostname mismatch. */
  verifyError: string | null;
  hostnameMatches: boolean | null;
  /** What a failed verification turned out to be, when the chain or SNI says more (tls-chain.ts). */
  finding?: { kind: TlsFindingKind; detail: string };
}

export interface ProbeError {
  code: string;
  /** What the library or the system said, word for word. */
  message: string;
  /** whydown's own words for a finding the code does not carry (a TLS port that speaks plain HTTP). */
  detail?: string;
}

export interface DnsAnswer {
  /** Which resolver: "system" or "127.0.0.1:5353". */
  resolver: string;
  rcode: string;
  addresses: string[];
  /** Lowest TTL among the address records, in seconds. */
  ttl: number | null;
  cnames: string[];
  error: ProbeError | null;
  timeMs: number;
}

export interface RedirectHop {
  url: string;
  status: number;
  location: string;
}

/** One request of an attempt (the last of a redirect chain is the attempt's response). */
export interface ProbeResult {
  url: string;
  at: string;
  cause: Cause;
  /** The phase where it stopped, when it failed: dns, tcp, tls, http. */
  failedPhase: 'dns' | 'tcp' | 'tls' | 'http' | null;
  error: ProbeError | null;
  address: string | null;
  /** Our own end of the connection ("127.0.0.1:54321"): servers that log the client's port name it. */
  localAddress: string | null;
  /** Every address tried, with what happened. */
  connectAttempts: { address: string; error: ProbeError | null; ms: number }[];
  dns: DnsAnswer[];
  tls: TlsInfo | null;
  httpVersion: string | null;
  status: number | null;
  statusText: string | null;
  headers: Record<string, string>;
  bodySample: string;
  /** Bytes of body read (after decoding), and whether we stopped before its end. */
  bodyBytes: number;
  bodyTruncated: boolean;
  redirects: RedirectHop[];
  timings: Timings;
}
