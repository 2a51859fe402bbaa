// The TLS handshake over an open socket. Verification is done here, not by Node, so that the
// certificate is kept (and reported) even when it is expired, untrusted or for another name.
import { X509Certificate } from 'node:crypto';
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import tls from 'node:tls';
import type { Cause } from '../model.js';
import { toProbeError } from './connect.js';
import { timeoutError } from './deadline.js';
import { answeredNotTls, speaksPlainHttp } from './plain-http-check.js';
import { incompleteChain, sniFinding } from './tls-chain.js';
import { judgeStaple, parseStapledOcsp } from './ocsp-staple.js';
import type { CertificateInfo, ProbeError, TlsInfo } from './types.js';

export interface HandshakeOutcome {
  socket: tls.TLSSocket | null;
  info: TlsInfo | null;
  timeMs?: number;
  /** `plainHttp`: the handshake failed because the port answered in plain HTTP (checked, not guessed). */
  failure: { cause: Cause; error: ProbeError; plainHttp?: boolean } | null;
}

export async function handshake(
  socket: net.Socket,
  host: string,
  options: { ca?: string[]; timeoutMs: number; alpn: string[] },
): Promise<HandshakeOutcome> {
  const started = performance.now();
  const servername = net.isIP(host) === 0 ? host : undefined;
  // Kept before TLS takes the socket over: a failed handshake destroys it.
  const peer = { address: socket.remoteAddress, port: socket.remotePort };
  let tlsSocket: tls.TLSSocket;
  /** The OCSP response the server stapled, if any (asked for with status_request). */
  let stapled: Buffer | null = null;
  try {
    tlsSocket = await new Promise<tls.TLSSocket>((resolve, reject) => {
      // requestOCSP is passed on to the TLSSocket by tls.connect (lib/_tls_wrap.js), though
      // @types/node only lists it for the TLSSocket constructor.
      const connectOptions: tls.ConnectionOptions & { requestOCSP: boolean } = {
        socket,
        servername,
        ALPNProtocols: options.alpn,
        rejectUnauthorized: false,
        ca: options.ca && options.ca.length > 0 ? [...tls.rootCertificates, ...options.ca] : undefined,
        requestOCSP: true,
      };
      const secure = tls.connect(connectOptions);
      // Emitted with null when the server staples nothing.
      secure.once('OCSPResponse', (response: Buffer | null) => { stapled = response ?? null; });
      const timer = setTimeout(() => {
        secure.destroy();
        reject(timeoutError('TLS handshake (the server stalled)', options.timeoutMs));
      }, options.timeoutMs);
      secure.once('secureConnect', () => {
        clearTimeout(timer);
        secure.removeAllListeners('error');
        resolve(secure);
      });
      secure.once('error', (error) => {
        clearTimeout(timer);
        secure.destroy();
        reject(error);
      });
    });
  } catch (error) {
    const failure = { cause: 'tls-handshake-failed' as const, error: toProbeError(error) };
    if (answeredNotTls(failure.error.code) && peer.address && peer.port) {
      const left = options.timeoutMs - (performance.now() - started);
      if (await speaksPlainHttp(peer.address, peer.port, host, left)) return { socket: null, info: null, failure: { ...failure, plainHttp: true } };
    }
    return { socket: null, info: null, failure };
  }
  const timeMs = performance.now() - started;
  const info = describeSession(tlsSocket, host, servername ?? null);
  let cause = verificationCause(info);
  const staple = stapled === null ? null : judgeStaple(parseStapledOcsp(stapled), tlsSocket.getPeerCertificate()?.serialNumber ?? null);
  if (staple) {
    info.finding = { kind: staple.kind, detail: staple.detail };
    // A revoked certificate is refused by clients that read the staple; a stale or foreign
    // response is only a warning (clients then ask the responder or soft-fail).
    if (staple.blocking && cause === null) {
      cause = 'tls-cert-untrusted';
      info.authorized = false;
      info.verifyError = 'CERT_REVOKED';
    }
  }
  if (cause) {
    const issuerOfLast = lastIssuer(tlsSocket);
    tlsSocket.destroy();
    // A failed verification says more than a staple's warning: that finding is dropped.
    if (!staple?.blocking) delete info.finding;
    if (cause === 'tls-cert-untrusted' && !staple?.blocking) info.finding = incompleteChain(info, issuerOfLast, options.ca ?? []) ?? undefined;
    if (cause === 'tls-cert-hostname-mismatch') info.finding = await sniFinding(info, peer, options.timeoutMs - (performance.now() - started)) ?? undefined;
    if (info.finding === undefined) delete info.finding;
    const message = info.verifyError === 'CERT_REVOKED' ? 'the certificate is revoked (stapled OCSP response)' : cause === 'tls-cert-hostname-mismatch'
      ? `the certificate is not valid for ${host} (it names ${info.chain[0]?.subjectAltNames.join(', ') || info.chain[0]?.subject || 'nothing'})`
      : `certificate verification failed: ${info.verifyError}`;
    const error: ProbeError = { code: info.verifyError ?? 'ECERT', message };
    if (info.finding) error.detail = info.finding.detail;
    return { socket: null, info, timeMs, failure: { cause, error } };
  }
  return { socket: tlsSocket, info, timeMs, failure: null };
}

function describeSession(socket: tls.TLSSocket, host: string, servername: string | null): TlsInfo {
  const peer = socket.getPeerCertificate(true);
  const chain = walkChain(peer);
  const leaf = peer && Object.keys(peer).length > 0 ? peer : null;
  let hostnameMatches: boolean | null = null;
  if (leaf) hostnameMatches = tls.checkServerIdentity(host, leaf) === undefined;
  const authorizationError = socket.authorizationError ? String(socket.authorizationError) : null;
  let verifyError = authorizationError;
  if (!verifyError && hostnameMatches === false) verifyError = 'ERR_TLS_CERT_ALTNAME_INVALID';
  const cipher = socket.getCipher();
  return {
    protocol: socket.getProtocol() ?? null,
    cipher: cipher?.standardName ?? cipher?.name ?? null,
    alpn: typeof socket.alpnProtocol === 'string' ? socket.alpnProtocol : null,
    servername,
    chain,
    authorized: socket.authorized && hostnameMatches !== false,
    verifyError,
    hostnameMatches,
  };
}

function walkChain(leaf: tls.DetailedPeerCertificate): CertificateInfo[] {
  const chain: CertificateInfo[] = [];
  const seen = new Set<string>();
  let current: tls.DetailedPeerCertificate | undefined = leaf;
  while (current && Object.keys(current).length > 0 && !seen.has(current.fingerprint256) && chain.length < 10) {
    seen.add(current.fingerprint256);
    chain.push({
      subject: formatName(current.subject),
      issuer: formatName(current.issuer),
      subjectAltNames: (current.subjectaltname ?? '').split(', ').filter(Boolean),
      validFrom: new Date(current.valid_from).toISOString(),
      validTo: new Date(current.valid_to).toISOString(),
      fingerprint256: current.fingerprint256,
      selfSigned: current.issuerCertificate === current,
      ...caIssuersOf(current),
    });
    current = current.issuerCertificate;
  }
  return chain;
}

/** The AIA "CA Issuers" URLs, when the certificate has them. */
function caIssuersOf(cert: tls.DetailedPeerCertificate): { caIssuers?: string[] } {
  const urls = cert.infoAccess?.['CA Issuers - URI'];
  return urls && urls.length > 0 ? { caIssuers: urls.slice(0, 4) } : {};
}

/** The issuer of the last certificate of the chain, in X509Certificate's form (`CN=…`). */
function lastIssuer(socket: tls.TLSSocket): string | null {
  let cert = socket.getPeerCertificate(true);
  for (let i = 0; i < 10 && cert?.issuerCertificate && cert.issuerCertificate !== cert; i++) cert = cert.issuerCertificate;
  try {
    return cert?.raw ? new X509Certificate(cert.raw).issuer : null;
  } catch {
    return null;
  }
}

function formatName(name: tls.Certificate | undefined): string {
  if (!name) return '';
  return Object.entries(name).map(([key, value]) => `${key}=${Array.isArray(value) ? value.join('+') : value}`).join(', ');
}

/** What a browser would refuse, in the order it would complain. */
function verificationCause(info: TlsInfo): Cause | null {
  if (info.authorized) return null;
  switch (info.verifyError) {
    case null: return null;
    case 'CERT_HAS_EXPIRED': return 'tls-cert-expired';
    case 'CERT_NOT_YET_VALID': return 'tls-cert-not-yet-valid';
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
    case 'HOSTNAME_MISMATCH': return 'tls-cert-hostname-mismatch';
    // UNABLE_TO_VERIFY_LEAF_SIGNATURE, SELF_SIGNED_CERT_IN_CHAIN, DEPTH_ZERO_SELF_SIGNED_CERT, ...
    default: return 'tls-cert-untrusted';
  }
}
