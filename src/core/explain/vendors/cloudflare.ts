// Cloudflare's own status codes (520–530, not in the IANA registry) and a few 1xxx error codes
// (shown in the page body). Source: developers.cloudflare.com support/troubleshooting/http-status-codes,
// see ../../../../shared/design/reference/gateways.md §8.
import type { VendorCode } from '../types.js';

const VENDOR = 'Cloudflare';
const NOT_IANA = 'Not an IANA status code: Cloudflare\'s own. The page is Cloudflare-branded and carries a Ray ID.';

export const CLOUDFLARE_CODES: VendorCode[] = [
  {
    code: '520', vendor: VENDOR, name: 'Web server is returning an unknown error',
    meaning: 'Cloudflare reached the origin, but the origin returned an empty, unknown or unexpected response.',
    causes: ['The origin web server crashed or reset the connection', 'The origin (or its firewall) closed connections from Cloudflare IPs',
      'Response headers too large, or a response without status line or body', 'An invalid HTTP/2 response from the origin'],
    fixes: ['Request the origin directly (`curl -v --resolve HOST:443:ORIGIN_IP https://HOST/`) and read its error log at the time of the Ray ID',
      'Allow Cloudflare\'s IP ranges in the origin firewall and any rate limiter (cloudflare.com/ips)',
      'Reduce response header size (cookies) and check the origin sends a complete HTTP response'],
    whydownCauses: ['empty-response', 'malformed-response', 'connect-reset'], note: NOT_IANA,
  },
  {
    code: '521', vendor: VENDOR, name: 'Web server is down',
    meaning: 'The origin refused Cloudflare\'s connection: nothing listens on the origin port, or a firewall rejects Cloudflare.',
    causes: ['The origin web server is stopped', 'Port 80 (SSL mode Flexible) or 443 (Full) is not listening on the origin', 'Cloudflare IPs are blocked at the origin'],
    fixes: ['Start the origin web server and check it listens on 80/443 (`ss -ltnp`)', 'Allow Cloudflare\'s IP ranges in the origin firewall (cloudflare.com/ips)',
      'Check the origin IP in the Cloudflare DNS record is the current server'],
    whydownCauses: ['connect-refused'], note: NOT_IANA,
  },
  {
    code: '522', vendor: VENDOR, name: 'Connection timed out',
    meaning: 'Cloudflare could not connect to the origin in time: no answer to its TCP connection within 19 s, or the request was not acknowledged within 90 s.',
    causes: ['The origin is down or overloaded', 'A firewall or rate limiter at the origin drops packets from Cloudflare', 'The origin IP in the Cloudflare DNS record is wrong or outdated'],
    fixes: ['Check the origin IP in the Cloudflare DNS record and that the server is running', 'Allow Cloudflare\'s IP ranges in the origin firewall, security group and fail2ban-like tools',
      'Check the origin load and its listen backlog'],
    whydownCauses: ['connect-timeout'], note: NOT_IANA,
  },
  {
    code: '523', vendor: VENDOR, name: 'Origin is unreachable',
    meaning: 'Cloudflare has no route to the origin\'s address.',
    causes: ['A wrong origin IP in the DNS record', 'A routing problem between Cloudflare and the origin network (e.g. a VPC route capturing Cloudflare\'s ranges)'],
    fixes: ['Check the origin IP in the Cloudflare DNS record', 'Ask the hosting provider to check routing to that IP'],
    whydownCauses: ['network-unreachable'], note: NOT_IANA,
  },
  {
    code: '524', vendor: VENDOR, name: 'A timeout occurred',
    meaning: 'Cloudflare connected to the origin, but the origin did not send an HTTP response before Cloudflare\'s proxy read timeout (100 s by default; newer docs say 120 s).',
    causes: ['A slow application request at the origin (long report, export, slow query)', 'The origin\'s workers are all busy'],
    fixes: ['Find and speed up the slow request in the origin\'s slow log or traces', 'Move long work to a background job and poll for the result',
      'Serve long-running endpoints from a hostname that is not proxied by Cloudflare (grey cloud); Enterprise plans can raise the timeout'],
    whydownCauses: ['upstream-timeout'], note: NOT_IANA,
  },
  {
    code: '525', vendor: VENDOR, name: 'SSL handshake failed',
    meaning: 'The TLS handshake between Cloudflare and the origin failed (SSL mode Full or Full strict).',
    causes: ['No certificate installed on the origin, or port 443 closed', 'The origin does not support SNI or shares no cipher/protocol with Cloudflare'],
    fixes: ['Install a certificate on the origin (a Cloudflare Origin CA certificate works) and check 443 serves TLS: `openssl s_client -connect ORIGIN_IP:443 -servername HOST`',
      'Enable TLS 1.2/1.3 and common ciphers on the origin', 'If the origin cannot serve TLS, change the SSL mode (Flexible) only as a temporary measure'],
    whydownCauses: ['upstream-tls-failed'], note: NOT_IANA,
  },
  {
    code: '526', vendor: VENDOR, name: 'Invalid SSL certificate',
    meaning: 'Cloudflare could not validate the origin\'s certificate (SSL mode Full strict).',
    causes: ['The origin certificate is expired, self-signed, or for another name', 'The origin does not send its intermediate certificates'],
    fixes: ['Install a valid certificate for the hostname on the origin (a public CA or a Cloudflare Origin CA certificate)', 'Serve the full chain and renew an expired certificate',
      'Check with `openssl s_client -connect ORIGIN_IP:443 -servername HOST -showcerts`'],
    whydownCauses: ['upstream-tls-failed'], note: NOT_IANA,
  },
  {
    code: '527', vendor: VENDOR, name: 'Railgun error',
    meaning: 'The connection between Cloudflare and the origin\'s Railgun listener failed (Railgun is a retired product).',
    causes: ['The Railgun listener could not reach the origin or Cloudflare'], fixes: ['Check the Railgun listener service and its log, or stop using Railgun'],
    whydownCauses: [], note: `${NOT_IANA} Railgun is retired and this code is no longer in Cloudflare's current docs.`,
  },
  {
    code: '530', vendor: VENDOR, name: 'Origin DNS error / 1xxx error',
    meaning: 'Cloudflare returned an error together with a 1xxx error code in the page body, most often because it could not resolve the origin (1016) or the tunnel to it is down (1033).',
    causes: ['Error 1016: the origin hostname (a CNAME target) does not resolve', 'Error 1033: the Cloudflare Tunnel (cloudflared) is not running or not connected'],
    fixes: ['Read the 1xxx code in the page body and look it up (`whydown explain 1016`)', 'Fix the origin hostname\'s DNS record, or start cloudflared and check `cloudflared tunnel info`'],
    whydownCauses: ['dns-nxdomain', 'upstream-refused'], note: NOT_IANA,
  },
  {
    code: '1015', vendor: VENDOR, name: 'You are being rate limited',
    meaning: 'A Cloudflare rate-limiting rule blocked this client for sending too many requests (HTTP status 429).',
    causes: ['A rate-limiting rule on the site matched this client'], fixes: ['Check Security > Events for the rule and raise its threshold or exempt legitimate clients', 'Clients should slow down and retry later'],
    whydownCauses: ['rate-limited'], note: 'Cloudflare 1xxx codes appear in the page body; the HTTP status is different (here usually 429).',
  },
  {
    code: '1016', vendor: VENDOR, name: 'Origin DNS error',
    meaning: 'Cloudflare cannot resolve the origin\'s hostname (for example the CNAME target of the proxied record).',
    causes: ['The CNAME target or origin hostname does not exist or has no A/AAAA record'], fixes: ['Fix the DNS record that points to the origin so it resolves to the origin\'s IP'],
    whydownCauses: ['dns-nxdomain', 'dns-no-address'], note: 'Cloudflare 1xxx codes appear in the page body (often with HTTP status 530).',
  },
  {
    code: '1020', vendor: VENDOR, name: 'Access denied',
    meaning: 'A Cloudflare firewall (WAF custom) rule blocked this client.',
    causes: ['A WAF rule matching the client\'s IP, country, user agent or request'], fixes: ['Find the matching rule in Security > Events (search the Ray ID) and change it or add an exception'],
    whydownCauses: ['waf-blocked'], note: 'Cloudflare 1xxx codes appear in the page body; the HTTP status is usually 403.',
  },
  {
    code: '1033', vendor: VENDOR, name: 'Argo Tunnel error',
    meaning: 'Cloudflare cannot reach the origin through Cloudflare Tunnel because no cloudflared connector is connected.',
    causes: ['cloudflared is stopped, crashed or cannot reach Cloudflare', 'The DNS record points to a deleted tunnel'],
    fixes: ['Start cloudflared on the origin and check `cloudflared tunnel info NAME` shows connections', 'Check the DNS record points to the current tunnel ID'],
    whydownCauses: ['upstream-refused'], note: 'Cloudflare 1xxx codes appear in the page body (often with HTTP status 530).',
  },
  {
    code: '1101', vendor: VENDOR, name: 'Worker threw exception',
    meaning: 'A Cloudflare Worker on this route threw an unhandled JavaScript exception.',
    causes: ['A bug in the Worker script'], fixes: ['Read the Worker\'s logs (`wrangler tail`) and fix the exception', 'Roll back to the previous Worker version'],
    whydownCauses: ['app-error'], note: 'Cloudflare 1xxx codes appear in the page body (HTTP status 500).',
  },
];
