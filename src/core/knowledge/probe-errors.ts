// A failed attempt in words for a person. The error's `message` is what the library said
// (`connect ECONNREFUSED 127.0.0.1:1`, OpenSSL's `80AC…:error:0A00010B:SSL routines:ssl3_get_record:
// wrong version number:../deps/openssl/…`) and stays in the attempt for whoever debugs; a verdict
// summary says it in whydown's words and keeps only the code, which a search engine still finds.
import type { Cause } from '../model.js';

export interface FailedAttempt {
  cause: Cause;
  address: string | null;
  error: { code: string; message: string; detail?: string } | null;
}

/** Node's system errors, by code: what happened, given the address it happened with. */
const SYSTEM: Record<string, (where: string) => string> = {
  ECONNREFUSED: (where) => `nothing accepted the connection ${where}`,
  ECONNRESET: (where) => `the connection ${where} was cut off before a response`,
  EPIPE: (where) => `the connection ${where} was closed while the request was being sent`,
  ETIMEDOUT: (where) => `the connection ${where} timed out`,
  EHOSTUNREACH: (where) => `no route to the server ${where}`,
  ENETUNREACH: (where) => `no route to the server's network ${where}`,
  ENETDOWN: (where) => `this machine's network is down (connecting ${where})`,
  EADDRNOTAVAIL: (where) => `this machine cannot connect ${where} (no usable local address)`,
};

/** Messages whydown wrote itself (time limits, DNS answers, redirect loops) are kept as they are. */
const OWN_TIMEOUT = /did not finish within \d+ ms$/;

export function describeFailure(attempt: FailedAttempt): string {
  const error = attempt.error;
  if (!error) return '';
  if (error.detail) return error.detail;
  const { code } = error;
  const where = attempt.address ? `to ${attempt.address}` : '';
  if (code === 'ETIMEDOUT' && OWN_TIMEOUT.test(error.message)) return error.message;
  if (code === 'ECONNRESET' && attempt.cause === 'empty-response') return `the server ${where ? `at ${attempt.address} ` : ''}closed the connection without sending anything (${code})`;
  const system = SYSTEM[code];
  if (system) return `${tidy(system(where))} (${code})`;
  if (code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_')) return `${tlsFailure(code)} (${code})`;
  if (code.startsWith('HPE_')) return `the response is not valid HTTP (${code})`;
  if (code.startsWith('ERR_HTTP2_')) return error.message.startsWith('the server') ? error.message : `the HTTP/2 exchange failed (${code})`;
  return error.message;
}

/** `ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE` → the server ended the handshake with the alert "handshake failure". */
function tlsFailure(code: string): string {
  const alert = /_ALERT_([A-Z_]+)$/.exec(code);
  if (alert) return `the server ended the TLS handshake with the alert "${alert[1]!.toLowerCase().replace(/_/g, ' ')}"`;
  return 'the TLS handshake failed on what the server sent';
}

function tidy(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/ \)/g, ')').trim();
}

/**
 * When a TLS port answers in plain HTTP: the summary's words, with the URL to use instead. The
 * query is left out: the probe's own marks (cache-busting, log matching) live there.
 */
export function plainHttpDetail(url: URL): string {
  const port = url.port || '443'; // https:// on its default port: plain HTTP on 443, not on 80
  const plain = new URL(`${url.pathname}`, `http://${url.host}`);
  plain.port = port; // dropped again if it is 80, http's own
  return `port ${port} of ${url.hostname} speaks plain HTTP, not TLS: use ${plain.href}`;
}
