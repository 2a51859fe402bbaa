// A certificate that fails verification, looked at closer: a chain that stops at the leaf (the
// intermediate was not sent), or a name the server has no certificate for (it falls back to its
// default one without SNI). Only run after a failure, so a healthy handshake pays nothing.
import { X509Certificate } from 'node:crypto';
import tls from 'node:tls';
import { TLS_FINDINGS } from '../knowledge/tls-findings.js';
import type { TlsInfo } from './types.js';

/** OpenSSL's words for "the issuer of a certificate in the chain was not found". */
const ISSUER_NOT_FOUND = new Set(['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'UNABLE_TO_GET_ISSUER_CERT']);

let bundledSubjects: Set<string> | null = null;

/** The subjects of the CAs this probe trusts (Node's bundle plus `--ca`). */
function trustedSubjects(extra: readonly string[]): Set<string> {
  bundledSubjects ??= new Set(tls.rootCertificates.flatMap(subjectOf));
  const all = new Set(bundledSubjects);
  for (const pem of extra) for (const subject of subjectOf(pem)) all.add(subject);
  return all;
}

function subjectOf(pem: string): string[] {
  try {
    return [new X509Certificate(pem).subject];
  } catch {
    return []; // a bad --ca file is reported where it is read, not here
  }
}

/**
 * The chain ends at a certificate that is neither self-signed nor issued by a trusted CA: the
 * server left out the intermediate. `issuerOfLast` is the last certificate's issuer in
 * X509Certificate's form (`CN=…`, one attribute a line). Node's chain also holds trusted roots it
 * added itself; with the issuer not found there are none, so its length is what the server sent.
 */
export function incompleteChain(info: TlsInfo, issuerOfLast: string | null, extraCa: readonly string[]): TlsInfo['finding'] | null {
  if (!info.verifyError || !ISSUER_NOT_FOUND.has(info.verifyError)) return null;
  const last = info.chain[info.chain.length - 1];
  if (!last || last.selfSigned || issuerOfLast === null) return null;
  const sent = info.chain.length;
  const aia = last.caIssuers ?? [];
  // An intermediate sent whose issuer is unknown is most often a private root the client lacks,
  // not a missing certificate: called incomplete only when the chain stops at the site's own
  // certificate, or the last certificate names where its issuer is published (AIA).
  if (sent > 1 && aia.length === 0) return null;
  if (trustedSubjects(extraCa).has(issuerOfLast)) return null;
  const issuer = issuerOfLast.replace(/\n/g, ', ');
  const what = `${TLS_FINDINGS['incomplete-chain'].title}: the server sent ${sent === 1 ? '1 certificate (the site\'s own)' : `${sent} certificates, the last "${last.subject}"`}, issued by "${issuer}", which it did not send and which is not a trusted CA`;
  const fetchable = aia.length > 0
    ? `; the certificate says where to fetch it (AIA ${aia.join(', ')}), so browsers may still work while curl, apps and APIs fail`
    : '; browsers that have the intermediate cached may still work while curl, apps and APIs fail (or "' + issuer + '" is a private CA that clients must be told to trust)';
  return { kind: 'incomplete-chain', detail: what + fetchable };
}

/** Longest the second handshake may take: the server just answered one. */
const CHECK_MS = 2000;

/**
 * A certificate for another name: handshake once more with the same address without SNI. The same
 * certificate again means the server has none for this name and sent its default; another one
 * means the server block for this name holds the wrong certificate. Never throws; null when the
 * second handshake gives nothing to compare.
 */
export async function sniFinding(info: TlsInfo, peer: { address?: string; port?: number }, limitMs: number): Promise<TlsInfo['finding'] | null> {
  const leaf = info.chain[0];
  if (!leaf || info.servername === null || !peer.address || !peer.port) return null;
  const fingerprint = await leafWithoutSni(peer.address, peer.port, Math.min(CHECK_MS, limitMs));
  if (fingerprint === null) return null;
  const names = leaf.subjectAltNames.map((n) => n.replace(/^[A-Za-z ]+:/, '')).join(', ') || leaf.subject;
  if (fingerprint === leaf.fingerprint256) {
    return {
      kind: 'no-certificate-for-name',
      detail: `${TLS_FINDINGS['no-certificate-for-name'].title}: asked for ${info.servername}, it sent its default certificate (the one it sends without SNI), for ${names}`,
    };
  }
  return {
    kind: 'wrong-certificate-for-name',
    detail: `${TLS_FINDINGS['wrong-certificate-for-name'].title}: asked for ${info.servername} (SNI), it sent a certificate for ${names}, not its default one`,
  };
}

/**
 * A diagnosis meets the same mismatch on each of its attempts: the answer without SNI is kept a
 * little while per address, so the second handshake is made once, not once per attempt.
 */
const REMEMBER_MS = 30_000;
const remembered = new Map<string, { fingerprint: string; at: number }>();

async function leafWithoutSni(address: string, port: number, timeoutMs: number): Promise<string | null> {
  const key = `${address}|${port}`;
  const known = remembered.get(key);
  if (known && Date.now() - known.at < REMEMBER_MS) return known.fingerprint;
  const fingerprint = await handshakeWithoutSni(address, port, timeoutMs);
  if (fingerprint !== null) {
    if (remembered.size >= 256) remembered.clear();
    remembered.set(key, { fingerprint, at: Date.now() });
  }
  return fingerprint;
}

function handshakeWithoutSni(address: string, port: number, timeoutMs: number): Promise<string | null> {
  if (timeoutMs <= 0) return Promise.resolve(null);
  return new Promise((resolve) => {
    // No servername: Node then sends no SNI extension (an IP address is never sent as SNI).
    const socket = tls.connect({ host: address, port, rejectUnauthorized: false, servername: '' });
    const done = (result: string | null): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => done(null), timeoutMs);
    socket.once('secureConnect', () => done(socket.getPeerCertificate()?.fingerprint256 ?? null));
    socket.once('error', () => done(null));
  });
}
