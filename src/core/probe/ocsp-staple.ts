// The OCSP response a server staples to its handshake (RFC 6066 §8, RFC 6960 §4.2), read just far
// enough to say what it claims about the site's certificate: good, revoked or unknown, for which
// serial, and until when. The responder's signature is not checked here (that needs the issuer's
// key and OpenSSL's OCSP API, which Node does not expose): a revoked status is what the server
// itself sends, and a browser that honours the staple refuses the site on it.
// Hand-written DER reading, bounded: any malformed input gives null, never a throw.

export interface StapledOcsp {
  /** `successful` or the responder's error status (malformedRequest, tryLater, …). */
  responseStatus: string;
  certStatus: 'good' | 'revoked' | 'unknown' | null;
  /** The serial the response is about (upper-case hex, as Node prints serials). */
  serial: string | null;
  thisUpdate: string | null;
  nextUpdate: string | null;
  revokedAt: string | null;
}

const RESPONSE_STATUS = ['successful', 'malformedRequest', 'internalError', 'tryLater', '(4)', 'sigRequired', 'unauthorized'];
const MAX_BYTES = 64 * 1024;

interface Tlv { tag: number; start: number; end: number; next: number }

function read(der: Buffer, at: number, limit: number): Tlv | null {
  if (at + 2 > limit) return null;
  const tag = der[at]!;
  let length = der[at + 1]!;
  let start = at + 2;
  if (length & 0x80) {
    const bytes = length & 0x7f;
    if (bytes === 0 || bytes > 3 || start + bytes > limit) return null;
    length = 0;
    for (let i = 0; i < bytes; i++) length = length * 256 + der[start + i]!;
    start += bytes;
  }
  const end = start + length;
  return end > limit ? null : { tag, start, end, next: end };
}

/** The children of a constructed value. */
function children(der: Buffer, parent: Tlv): Tlv[] | null {
  const out: Tlv[] = [];
  for (let at = parent.start; at < parent.end;) {
    const child = read(der, at, parent.end);
    if (!child || out.length > 64) return null;
    out.push(child);
    at = child.next;
  }
  return out;
}

function generalizedTime(der: Buffer, tlv: Tlv | undefined): string | null {
  if (!tlv || tlv.tag !== 0x18) return null;
  const m = /^(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(?:\.\d+)?Z$/.exec(der.toString('latin1', tlv.start, tlv.end));
  if (!m) return null;
  const ms = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

export function parseStapledOcsp(der: Buffer): StapledOcsp | null {
  if (der.length === 0 || der.length > MAX_BYTES) return null;
  const outer = read(der, 0, der.length);
  if (!outer || outer.tag !== 0x30) return null;
  const top = children(der, outer);
  const status = top?.[0];
  if (!top || !status || status.tag !== 0x0a) return null;
  const responseStatus = RESPONSE_STATUS[der[status.start] ?? 99] ?? 'unknown';
  const none: StapledOcsp = { responseStatus, certStatus: null, serial: null, thisUpdate: null, nextUpdate: null, revokedAt: null };
  if (responseStatus !== 'successful') return none;
  // responseBytes [0] EXPLICIT SEQUENCE { responseType OID, response OCTET STRING (BasicOCSPResponse) }
  const bytes = top[1] && top[1].tag === 0xa0 ? children(der, top[1]) : null;
  const wrapped = bytes?.[0] && bytes[0].tag === 0x30 ? children(der, bytes[0]) : null;
  const octets = wrapped?.[1];
  if (!octets || octets.tag !== 0x04) return null;
  const basic = read(der, octets.start, octets.end);
  const basicParts = basic && basic.tag === 0x30 ? children(der, basic) : null;
  const tbs = basicParts?.[0] && basicParts[0].tag === 0x30 ? children(der, basicParts[0]) : null;
  if (!tbs) return null;
  // ResponseData: [0] version?, responderID ([1] or [2]), producedAt, responses SEQUENCE OF, …
  let i = tbs[0]?.tag === 0xa0 ? 1 : 0;
  i += 2; // responderID, producedAt
  const responses = tbs[i] && tbs[i]!.tag === 0x30 ? children(der, tbs[i]!) : null;
  const single = responses?.[0] && responses[0].tag === 0x30 ? children(der, responses[0]) : null;
  if (!single || single.length < 3) return null;
  const certId = single[0]!.tag === 0x30 ? children(der, single[0]!) : null;
  const serialTlv = certId?.[3];
  const serial = serialTlv && serialTlv.tag === 0x02
    ? der.toString('hex', serialTlv.start, serialTlv.end).replace(/^(00)+(?=.)/, '').toUpperCase()
    : null;
  const statusTlv = single[1]!;
  let certStatus: StapledOcsp['certStatus'] = null;
  let revokedAt: string | null = null;
  if (statusTlv.tag === 0x80) certStatus = 'good';
  else if (statusTlv.tag === 0x82) certStatus = 'unknown';
  else if (statusTlv.tag === 0xa1) {
    certStatus = 'revoked';
    revokedAt = generalizedTime(der, children(der, statusTlv)?.[0]);
  }
  const next = single[3] && single[3].tag === 0xa0 ? children(der, single[3])?.[0] : undefined;
  return { responseStatus, certStatus, serial, thisUpdate: generalizedTime(der, single[2]), nextUpdate: generalizedTime(der, next), revokedAt };
}

export interface OcspJudgement {
  kind: 'ocsp-revoked' | 'ocsp-stale' | 'ocsp-invalid';
  detail: string;
  /** Revoked: clients that read the staple refuse the site. The others are warnings (clients soft-fail). */
  blocking: boolean;
}

/** What a stapled response means for the leaf `serial` at `now`; null when it is good and current. */
export function judgeStaple(staple: StapledOcsp | null, serial: string | null, now = Date.now()): OcspJudgement | null {
  if (staple === null) return { kind: 'ocsp-invalid', detail: 'the stapled OCSP response is not a valid OCSP response', blocking: false };
  if (staple.responseStatus !== 'successful') {
    return { kind: 'ocsp-invalid', detail: `the stapled OCSP response is an error from the responder (${staple.responseStatus}), not a status`, blocking: false };
  }
  if (serial !== null && staple.serial !== null && staple.serial !== serial.toUpperCase()) {
    return { kind: 'ocsp-invalid', detail: `the stapled OCSP response is about another certificate (serial ${staple.serial}, the site's is ${serial.toUpperCase()})`, blocking: false };
  }
  if (staple.certStatus === 'revoked') {
    return { kind: 'ocsp-revoked', detail: `the certificate is revoked: the OCSP response the server staples says so${staple.revokedAt ? ` (revoked ${staple.revokedAt})` : ''}`, blocking: true };
  }
  if (staple.nextUpdate !== null && Date.parse(staple.nextUpdate) < now) {
    return { kind: 'ocsp-stale', detail: `the stapled OCSP response is out of date: its nextUpdate was ${staple.nextUpdate}`, blocking: false };
  }
  if (staple.certStatus === 'unknown') {
    return { kind: 'ocsp-invalid', detail: 'the stapled OCSP response says the responder does not know this certificate', blocking: false };
  }
  return null;
}
