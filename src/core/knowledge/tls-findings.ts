// What a certificate failure turns out to be once the chain and the name are looked at closely,
// in words for a site owner: the fixes come before the cause's own general ones. Sources:
// RFC 5246 §7.4.2 / RFC 8446 §4.4.2 (the server sends its chain, the root may be left out),
// RFC 5280 §4.2.2.1 (Authority Information Access, "CA Issuers"), RFC 6066 §3 (SNI), and what
// nginx and Apache do without a matching server block (the default server's certificate),
// RFC 6066 §8 and RFC 6960 §4.2 (a stapled OCSP response, its thisUpdate/nextUpdate).

export type TlsFindingKind = 'incomplete-chain' | 'no-certificate-for-name' | 'wrong-certificate-for-name'
  | 'ocsp-revoked' | 'ocsp-stale' | 'ocsp-invalid';

export interface TlsFindingInfo {
  /** Short name of the case, shown first in the summary. */
  title: string;
  /** Fixes, most likely first; they come before the cause's own. */
  fixes: string[];
}

export const TLS_FINDINGS: Record<TlsFindingKind, TlsFindingInfo> = {
  'incomplete-chain': {
    title: 'the certificate chain is incomplete (the intermediate certificate is missing)',
    fixes: [
      'Install the intermediate certificate: send the full chain, the site certificate followed by the intermediate (nginx `ssl_certificate fullchain.pem;`, Apache 2.4.8+ `SSLCertificateFile fullchain.pem`, HAProxy: the leaf, the intermediate and the key in one .pem)',
      'Browsers may still open the site (they fetch the missing intermediate through AIA or have it cached), while curl, apps, API clients and other servers fail: test with `curl -v https://HOST/` or `openssl s_client -connect HOST:443 -servername HOST`, not only a browser',
    ],
  },
  'no-certificate-for-name': {
    title: 'the server has no certificate for this name (SNI)',
    fixes: [
      'Add a TLS server block for this name with its own certificate (nginx `server_name` in a `listen 443 ssl` server, Apache `ServerName`/`ServerAlias` in the `<VirtualHost *:443>`), then reload',
      'Check the name is spelled the same in DNS, in the server block and in the certificate (`www.` or not)',
    ],
  },
  'wrong-certificate-for-name': {
    title: 'the server\'s certificate for this name is for another name',
    fixes: [
      'The server block for this name points at the wrong certificate file: set it to a certificate that lists this name (nginx `ssl_certificate`, Apache `SSLCertificateFile`)',
    ],
  },
  'ocsp-revoked': {
    title: 'the certificate is revoked',
    fixes: [
      'Get a new certificate from the CA (or renew it) and install it with its chain: the stapled OCSP response says this one is revoked, and browsers that read it refuse the site',
      'Find out why it was revoked (a key compromise, a mis-issuance, a reissue that revoked the old one) before reusing its key',
    ],
  },
  'ocsp-stale': {
    title: 'the stapled OCSP response is out of date',
    fixes: [
      'Let the server fetch a fresh response: nginx refreshes `ssl_stapling` itself (check that it can reach the OCSP responder and has a `resolver`); a static `ssl_stapling_file` must be regenerated before its nextUpdate',
    ],
  },
  'ocsp-invalid': {
    title: 'the stapled OCSP response does not fit the certificate',
    fixes: [
      'Check what the server staples (`openssl s_client -connect HOST:443 -servername HOST -status`): a response for another certificate or an error status is of no use to clients; remove a stale `ssl_stapling_file` or let the server fetch its own',
    ],
  },
};
