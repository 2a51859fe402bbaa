// What Squid's own words mean, as data with their source. Squid 5.7 (Debian 12's `squid`):
// error page codes from errors/templates and src/error/forward.h (logged with `%err_code`), and
// cache.log messages from src/http.cc, src/neighbors.cc and src/FwdState.cc.
import type { Cause } from '../../core/model.js';

/**
 * `%err_code` (and the same names in cache.log): the failures on the server side. Codes about the
 * client (ERR_CLIENT_GONE, ERR_ACCESS_DENIED, ERR_INVALID_REQ…) are not upstream failures.
 */
export const SQUID_ERROR_CODES: Readonly<Record<string, Cause>> = {
  ERR_CONNECT_FAIL: 'upstream-refused', // errors/templates/ERR_CONNECT_FAIL: "Connection to … failed"
  ERR_CANNOT_FORWARD: 'no-healthy-upstream', // no peer could be selected or all are down
  ERR_READ_TIMEOUT: 'upstream-timeout', // read_timeout passed with no data from the server
  ERR_LIFETIME_EXP: 'upstream-timeout', // forward_timeout / client_lifetime reached
  ERR_ZERO_SIZE_OBJECT: 'upstream-closed', // the server closed without sending a byte
  ERR_READ_ERROR: 'upstream-closed', // read() on the server connection failed (reset)
  ERR_WRITE_ERROR: 'upstream-closed', // write() of the request to the server failed
  ERR_INVALID_RESP: 'upstream-invalid-response', // the response could not be parsed
  ERR_TOO_BIG: 'upstream-header-too-big', // reply_header_max_size (or the reply body limit) exceeded
  ERR_SECURE_CONNECT_FAIL: 'upstream-tls-failed', // TLS to the peer failed
  ERR_DNS_FAIL: 'dns-nxdomain', // the server's name did not resolve
  ERR_GATEWAY_FAILURE: 'upstream-invalid-response', // a gateway (ICAP/FTP) failure, treated as a bad response
};

/** cache.log messages (after the `YYYY/MM/DD HH:MM:SS| ` prefix and any `WARNING: `/`ERROR: `). */
export const SQUID_CACHE_LOG: ReadonlyArray<{ text: string; cause: Cause; source: string }> = [
  { text: 'HTTP: Invalid Response: No object data received for ', cause: 'upstream-closed', source: 'http.cc, ERR_ZERO_SIZE_OBJECT' },
  { text: 'HTTP: Invalid Response: ', cause: 'upstream-invalid-response', source: 'http.cc, HttpStateData::processReplyHeader' },
  { text: 'TCP connection to ', cause: 'upstream-refused', source: 'neighbors.cc, peerConnectFailed ("… failed")' },
  { text: 'Connection to ', cause: 'upstream-refused', source: 'neighbors.cc / CachePeer, "Connection to <peer> failed"' },
  { text: 'Detected DEAD Parent: ', cause: 'no-healthy-upstream', source: 'neighbors.cc, peerNoteDeadPeer' },
  { text: 'Detected DEAD Sibling: ', cause: 'no-healthy-upstream', source: 'neighbors.cc, peerNoteDeadPeer' },
  { text: 'negotiating TLS on FD ', cause: 'upstream-tls-failed', source: 'security/PeerConnector.cc' },
  { text: 'Error negotiating SSL on FD ', cause: 'upstream-tls-failed', source: 'ssl/PeerConnector.cc (older Squid)' },
];
