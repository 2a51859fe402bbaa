// The single wording source for every cause id (see ../model.ts and the contract's cause table).
// Verdicts, log summaries and `whydown explain` all take their text from here.

import type { Cause, Hop } from '../model.js';

export interface CauseInfo {
  cause: Cause;
  /** The usual hop for this cause (the contract's table). */
  hop: Hop;
  /** Short headline, e.g. "The upstream refused the connection". */
  title: string;
  /** One plain sentence for a site owner. */
  meaning: string;
  /** 2–4 concrete actions, most likely first. */
  fixes: string[];
}

/** Every cause has an entry, and each entry's `cause` matches its key. */
type CauseTable = { [C in Cause]: CauseInfo & { cause: C } };

export const CAUSE_INFO: Record<Cause, CauseInfo> = {
  'ok': {
    cause: 'ok',
    hop: 'none',
    title: 'The site answered normally',
    meaning: 'The site answered with a 2xx or 3xx status in time; nothing on the path failed for this check.',
    fixes: [
      'Nothing to fix from here; if users still report problems, check from their network or region (a different resolver, ISP or country may take a different path)',
      'Ask an affected user for the exact URL, the time and the error they see (a screenshot, or the Ray ID / request ID on the error page)',
    ],
  },
  'slow-response': {
    cause: 'slow-response',
    hop: 'origin',
    title: 'The site answered, but slowly',
    meaning: 'The server did answer, but the first byte of the response took much longer than it should, so users wait and gateways may start timing out.',
    fixes: [
      'Find the slow part in the application: check its slow-query log, APM traces or PHP-FPM slowlog (`request_slowlog_timeout`) for this URL',
      'Check the server load (`top`, `vmstat 1`, `iostat -x 1`) for CPU, memory, swap or disk saturation',
      'Cache the page (reverse-proxy or CDN cache, application cache) so it is not rebuilt on every request',
      'Check the database and any external APIs the page calls for slow responses or lock waits',
    ],
  },
  'dns-nxdomain': {
    cause: 'dns-nxdomain',
    hop: 'dns',
    title: 'The domain name does not exist',
    meaning: 'DNS says this name does not exist (NXDOMAIN), so browsers cannot find the site at all.',
    fixes: [
      'Check the name is spelled right and that the record exists in your DNS provider\'s zone (`dig +short NAME A` and `dig NAME @<your authoritative server>`)',
      'Check the domain has not expired or been suspended at the registrar (`whois DOMAIN`, look for the expiry date and status such as clientHold/serverHold)',
      'Check the domain\'s NS records at the registrar point to the DNS provider that actually holds the zone (`dig NS DOMAIN +trace`)',
    ],
  },
  'dns-servfail': {
    cause: 'dns-servfail',
    hop: 'dns',
    title: 'DNS resolution fails',
    meaning: 'Resolvers fail to look the name up (SERVFAIL or REFUSED), usually because the domain\'s name servers are broken, unreachable or have a DNSSEC error.',
    fixes: [
      'Trace the delegation and see where it breaks: `dig NAME +trace`, and ask each listed name server directly (`dig NAME @ns1.example.net`)',
      'If the domain uses DNSSEC, check the DS record at the registrar matches the zone\'s current DNSKEY (a tool like dnsviz.net shows it); remove the DS record if DNSSEC was switched off at the DNS provider',
      'Make sure the name servers listed at the registrar exist, answer for the zone (authoritative, not REFUSED) and allow queries from anyone',
    ],
  },
  'dns-timeout': {
    cause: 'dns-timeout',
    hop: 'dns',
    title: 'DNS does not answer in time',
    meaning: 'No DNS answer came back in time, so the site\'s address could not be found.',
    fixes: [
      'Ask the domain\'s authoritative name servers directly (`dig NAME @ns1.example.net`) to see whether they respond at all',
      'Check that a firewall allows DNS to and from the name servers on UDP and TCP port 53',
      'If only your own resolver is slow, try another (`dig NAME @1.1.1.1`, `dig NAME @8.8.8.8`) and fix or replace the local resolver',
    ],
  },
  'dns-no-address': {
    cause: 'dns-no-address',
    hop: 'dns',
    title: 'The name has no address record',
    meaning: 'The name exists in DNS but has no A (IPv4) or AAAA (IPv6) record, so there is no server address to connect to.',
    fixes: [
      'Add an A record (and AAAA if the server has IPv6) for the name at your DNS provider',
      'If the name is a CNAME, check the target name resolves to an address too (`dig +short NAME A` should end in an IP)',
      'If you recently moved DNS providers, check the record was copied to the new zone',
    ],
  },
  'dns-disagreement': {
    cause: 'dns-disagreement',
    hop: 'dns',
    title: 'DNS resolvers disagree',
    meaning: 'Different resolvers return different addresses for the name and some of them lead to a server that does not serve the site, typically because a DNS change is still spreading or an old record is cached.',
    fixes: [
      'Compare the answers of each authoritative name server (`dig NAME @nsX`) and make them all serve the same, current records',
      'If you changed records recently, keep the old server running (or redirecting) until the old record\'s TTL has passed everywhere',
      'Check for split-horizon DNS, a stale hosts-file entry or a local resolver override that gives some users the wrong address',
    ],
  },
  'connect-refused': {
    cause: 'connect-refused',
    hop: 'network',
    title: 'The server refused the connection',
    meaning: 'The address was reached, but nothing accepts connections on that port: the web server is stopped, listens elsewhere, or a firewall rejects the connection.',
    fixes: [
      'Start the web server (or load balancer) and check it listens on the public address and port: `ss -ltnp | grep -E \':(80|443)\\b\'`',
      'Check the web server\'s listen configuration (nginx `listen`, Apache `Listen`) covers this address and port, including IPv6 if the name has an AAAA record',
      'Check the host firewall or cloud security group is not rejecting the port (`iptables -S`, `nft list ruleset`, security-group rules)',
      'Check DNS points to the right server; an old IP may now belong to a machine that does not serve the site',
    ],
  },
  'connect-timeout': {
    cause: 'connect-timeout',
    hop: 'network',
    title: 'Connection attempts go unanswered',
    meaning: 'Attempts to connect to the server get no reply at all, so the host is down, unreachable, or a firewall silently drops the packets.',
    fixes: [
      'Check the server is running and reachable from its own network (cloud console, `ping` from a neighbour, the provider\'s status page)',
      'Check firewalls and security groups allow inbound TCP 80/443 from everyone (or from your CDN\'s IP ranges if you use one)',
      'Check DNS points to the current server address; a stale record can point to an IP nobody answers on',
      'If the server is up but overloaded, check the listen backlog and SYN drops (`ss -ltn`, `netstat -s | grep -i listen`)',
    ],
  },
  'connect-reset': {
    cause: 'connect-reset',
    hop: 'network',
    title: 'The connection was reset',
    meaning: 'The connection was opened but then cut off with a reset before any response arrived, often by a firewall, an overloaded server or a crashing process.',
    fixes: [
      'Check the web server\'s error log and the system log (`journalctl -u nginx`, `dmesg`) for crashes or restarts at the time of the failure',
      'Check any firewall, IPS or DDoS protection in front of the server for rules that reset connections from some clients',
      'Check connection limits on the server (worker_connections, MaxRequestWorkers, `ulimit -n`) and raise them if they are reached',
    ],
  },
  'network-unreachable': {
    cause: 'network-unreachable',
    hop: 'network',
    title: 'No route to the server',
    meaning: 'The network reports there is no route to the server\'s address, so packets cannot get there at all.',
    fixes: [
      'Check the server\'s address is correct in DNS and still assigned to your server (an elastic/floating IP may have been released)',
      'Trace the path (`traceroute -T -p 443 ADDRESS` or `mtr ADDRESS`) to see where it stops, and contact that network\'s provider',
      'If the name has an AAAA record, check the server really is reachable over IPv6, or remove the AAAA record',
    ],
  },
  'tls-handshake-failed': {
    cause: 'tls-handshake-failed',
    hop: 'tls',
    title: 'The TLS handshake failed',
    meaning: 'The client and the server could not agree on a secure connection (no common protocol version or cipher, no certificate for this name, or the server does not speak TLS on this port).',
    fixes: [
      'Test the handshake directly and read the error: `openssl s_client -connect HOST:443 -servername HOST`',
      'Check the server has a certificate configured for this name (SNI): the nginx `server_name` / Apache `ServerName` of the TLS server block must match',
      'Enable modern protocols and ciphers (TLS 1.2 and 1.3, e.g. the Mozilla "intermediate" configuration)',
      'Check that port 443 really runs TLS and is not plain HTTP',
    ],
  },
  'tls-cert-expired': {
    cause: 'tls-cert-expired',
    hop: 'tls',
    title: 'The certificate has expired',
    meaning: 'The site\'s TLS certificate is past its expiry date, so browsers refuse to connect.',
    fixes: [
      'Renew the certificate (e.g. `certbot renew`, or in your provider\'s console) and reload the web server so it serves the new one',
      'Check automatic renewal works: the certbot timer or cron job, and that port 80 or the DNS challenge is reachable',
      'Check every server behind the name (load balancer, CDN origin, each node) was updated, not just one',
      'Check the server clock is correct (`timedatectl`)',
    ],
  },
  'tls-cert-not-yet-valid': {
    cause: 'tls-cert-not-yet-valid',
    hop: 'tls',
    title: 'The certificate is not valid yet',
    meaning: 'The certificate\'s start date is in the future, which usually means a clock is wrong on the server or on the client.',
    fixes: [
      'Check the clock on the client and on the server (`timedatectl`, `chronyc tracking`) and enable NTP time sync',
      'If the certificate was just issued with a future start date, wait until it is valid or reissue it',
      'Make sure the server still serves the previous, currently valid certificate until the new one starts',
    ],
  },
  'tls-cert-hostname-mismatch': {
    cause: 'tls-cert-hostname-mismatch',
    hop: 'tls',
    title: 'The certificate is for another name',
    meaning: 'The server presents a certificate that does not list this site\'s name, so browsers warn that the connection is not private.',
    fixes: [
      'Get a certificate that covers this exact name (including `www.` or the bare domain as used) and install it',
      'Check the TLS server block for this name exists and is selected (nginx `server_name`, Apache `ServerName`/`ServerAlias`); otherwise the default site\'s certificate is served',
      'Check DNS points to the right server: another host (an old server or a shared hosting default) may be answering',
    ],
  },
  'tls-cert-untrusted': {
    cause: 'tls-cert-untrusted',
    hop: 'tls',
    title: 'The certificate is not trusted',
    meaning: 'The certificate chain does not lead to a certificate authority that clients trust (self-signed, private CA, or a missing intermediate certificate).',
    fixes: [
      'Serve the full chain: the site certificate followed by the intermediate(s) (nginx `ssl_certificate` should point to `fullchain.pem`, not `cert.pem`)',
      'Replace a self-signed or private-CA certificate with one from a public CA (e.g. Let\'s Encrypt)',
      'Check the chain with `openssl s_client -connect HOST:443 -servername HOST -showcerts`',
    ],
  },
  'empty-response': {
    cause: 'empty-response',
    hop: 'origin',
    title: 'The server closed the connection without answering',
    meaning: 'The connection was accepted but closed without a single byte of response, usually because the server process crashed or deliberately dropped the request.',
    fixes: [
      'Check the web server\'s error log and the system log (`dmesg`, `journalctl`) for crashes, segfaults or OOM kills at that time',
      'Check for a rule that drops requests without answering (nginx `return 444`, a WAF or a bot filter)',
      'Check that the port speaks the protocol the client used (HTTP on 80, TLS on 443)',
    ],
  },
  'malformed-response': {
    cause: 'malformed-response',
    hop: 'origin',
    title: 'The server sent an invalid HTTP response',
    meaning: 'The server answered with bytes that are not valid HTTP, such as a different protocol on this port or a broken status line or header.',
    fixes: [
      'Check what actually listens on the port (`ss -ltnp`): another service (SSH, a database, a FastCGI or TLS port) may be answering',
      'Look at the raw response (`curl -v --http1.1 URL` or `nc HOST 80`) and fix the application or proxy that writes the invalid status line or headers',
      'Check the application does not print output (debug text, a BOM, warnings) before its HTTP headers',
    ],
  },
  'response-timeout': {
    cause: 'response-timeout',
    hop: 'origin',
    title: 'The server did not finish its response in time',
    meaning: 'The connection was made, but the server did not send a complete response within the time limit.',
    fixes: [
      'Find the slow part in the application for this URL: its slow log, APM traces or PHP-FPM slowlog (`request_slowlog_timeout`)',
      'Check the server load (`top`, `vmstat 1`) and whether all workers are busy (pm.max_children, MaxRequestWorkers, gunicorn workers)',
      'Check the database and external APIs the page depends on for slow queries, locks or timeouts',
      'Move long work (exports, reports, imports) to a background job so the request returns quickly',
    ],
  },
  'upstream-refused': {
    cause: 'upstream-refused',
    hop: 'origin',
    title: 'The upstream refused the connection',
    meaning: 'The gateway (reverse proxy or load balancer) could not connect to the application server behind it: the application is down, listens on another port, or its socket is missing.',
    fixes: [
      'Start the application server (or php-fpm) and check it listens where the gateway expects: `ss -ltnp` (or `ls -l` the unix socket path)',
      'Correct the upstream address/port or socket path in the gateway\'s config (proxy_pass / fastcgi_pass / ProxyPass / server lines) so it matches where the application listens',
      'Check the application\'s own log and `systemctl status` / `journalctl -u SERVICE` for why it stopped or failed to start',
      'For a unix socket, check the gateway\'s user may open it (listen.owner / listen.group / listen.mode in the php-fpm pool); on SELinux hosts, a TCP upstream also needs `setsebool -P httpd_can_network_connect 1`',
    ],
  },
  'upstream-closed': {
    cause: 'upstream-closed',
    hop: 'origin',
    title: 'The upstream closed the connection before answering',
    meaning: 'The application server accepted the request but closed or reset the connection before sending a complete response, usually because its worker crashed, was killed or restarted.',
    fixes: [
      'Check the application\'s log at that time for crashes, fatal errors, worker timeouts (gunicorn `WORKER TIMEOUT`, uWSGI `HARAKIRI`) or restarts',
      'Check for out-of-memory kills (`dmesg | grep -i -E \'killed process|oom\'`) and give the application more memory or fewer workers',
      'Make the application\'s keep-alive timeout longer than the gateway\'s idle timeout (or turn off upstream keep-alive) so idle connections are not closed under the gateway',
      'Check for deploys or restarts at the time of the errors and use graceful reloads',
    ],
  },
  'upstream-timeout': {
    cause: 'upstream-timeout',
    hop: 'origin',
    title: 'The upstream did not answer in time',
    meaning: 'The gateway connected to the application server, but the application did not answer within the gateway\'s time limit, so the gateway gave up (typically a 504).',
    fixes: [
      'Find out why the application is slow for this request: its slow log, APM traces, PHP-FPM slowlog, slow database queries or external API calls',
      'Check whether all application workers are busy (pm.max_children reached, gunicorn/uWSGI workers, thread pool) and add capacity if so',
      'If the request is legitimately long, raise the gateway\'s timeout for that location (nginx `proxy_read_timeout`/`fastcgi_read_timeout`, HAProxy `timeout server`, Cloudflare 100 s limit) or move the work to a background job',
    ],
  },
  'upstream-invalid-response': {
    cause: 'upstream-invalid-response',
    hop: 'origin',
    title: 'The upstream sent an invalid response',
    meaning: 'The application server answered, but with something the gateway could not accept as HTTP: the wrong protocol on that port, or broken headers or framing.',
    fixes: [
      'Check the gateway talks the protocol the upstream speaks: `proxy_pass http://` to an HTTP port, `fastcgi_pass` to a FastCGI (php-fpm) port, `https://` only if the upstream serves TLS',
      'Check the upstream address points to the right service (`ss -ltnp`), not another daemon on a neighbouring port',
      'Look at the raw upstream response (`curl -v http://UPSTREAM/`) and fix invalid headers, Content-Length or chunked encoding in the application',
      'Check the application does not print output (debug text, warnings, a BOM) before its headers',
    ],
  },
  'upstream-header-too-big': {
    cause: 'upstream-header-too-big',
    hop: 'gateway',
    title: 'The upstream\'s response headers are too big',
    meaning: 'The application sent response headers larger than the gateway\'s header buffer (often many or large Set-Cookie headers), so the gateway rejected the response.',
    fixes: [
      'Raise the gateway\'s header buffer: nginx `proxy_buffer_size 16k; proxy_buffers 8 16k;` (or `fastcgi_buffer_size` / `fastcgi_buffers` for php-fpm), Apache `ResponseFieldSize`',
      'Reduce what the application puts in headers: fewer or smaller cookies, no large data in custom headers',
      'Find the oversized header with `curl -s -D - -o /dev/null http://UPSTREAM/PATH` against the application directly',
    ],
  },
  'no-healthy-upstream': {
    cause: 'no-healthy-upstream',
    hop: 'gateway',
    title: 'No healthy upstream server is left',
    meaning: 'The load balancer has no server it considers healthy to send the request to: all failed their health checks, are marked down, or the pool is empty.',
    fixes: [
      'Check the backend servers are running and answer the health-check URL with the expected status (run the same request by hand from the load balancer host)',
      'Check the health-check settings (path, port, Host header, expected status, timeout) match what the application actually serves',
      'Check the pool is not empty: registered targets, Kubernetes service endpoints (`kubectl get endpoints`), or `server` lines in the config',
      'Check the load balancer may reach the backends (security groups, firewall, network policies)',
    ],
  },
  'upstream-tls-failed': {
    cause: 'upstream-tls-failed',
    hop: 'gateway',
    title: 'TLS between the gateway and the upstream failed',
    meaning: 'The gateway or CDN could not set up a secure connection to the server behind it, because the handshake failed or the upstream\'s certificate was rejected.',
    fixes: [
      'Check the upstream really serves TLS on that port, with a certificate valid for the name the gateway uses (`openssl s_client -connect UPSTREAM:443 -servername NAME`)',
      'Renew an expired upstream certificate, or install one the gateway trusts (a public CA, a Cloudflare Origin CA certificate, or add your private CA to the gateway)',
      'Make the gateway send SNI and check the name (nginx `proxy_ssl_server_name on;` and `proxy_ssl_name`), and allow common protocol versions and ciphers on both sides',
      'If the upstream only speaks plain HTTP, use `http://` to it (or, at a CDN, an SSL mode that matches the origin)',
    ],
  },
  'upstream-killed': {
    cause: 'upstream-killed',
    hop: 'origin',
    title: 'The request was killed at a fixed time limit',
    meaning: 'The request ran until a hard time limit and was then killed (a hosting kill script, php-fpm `request_terminate_timeout`, PHP `max_execution_time`, gunicorn `timeout`).',
    fixes: [
      'Find out why this request runs so long (slow log, APM traces, slow queries) and make it faster',
      'Move long-running work (imports, exports, reports, mail) to a background job or queue',
      'If the long run is legitimate, raise the limit consistently along the path: PHP `max_execution_time`, php-fpm `request_terminate_timeout`, gunicorn `--timeout`, and the gateway\'s read timeout',
    ],
  },
  'overloaded': {
    cause: 'overloaded',
    hop: 'origin',
    title: 'The server is overloaded',
    meaning: 'The server says it is too busy to serve the request (503, often with Retry-After), usually because every worker is busy or a resource limit is reached.',
    fixes: [
      'Check whether the worker pool is full (php-fpm `server reached pm.max_children`, Apache `MaxRequestWorkers`, gunicorn/uWSGI workers) and raise it if memory allows',
      'Check CPU, memory and database load, and find slow requests that hold workers for a long time',
      'Check whether the traffic is legitimate; block or rate-limit abusive bots and crawlers',
      'Add capacity (more instances behind the load balancer) or cache more pages',
    ],
  },
  'maintenance': {
    cause: 'maintenance',
    hop: 'origin',
    title: 'A maintenance page is shown',
    meaning: 'The site shows a planned maintenance page, so the outage is deliberate or a maintenance mode was left switched on.',
    fixes: [
      'If maintenance is over, switch maintenance mode off (e.g. remove the `.maintenance` file in WordPress, `php artisan up` in Laravel, `heroku maintenance:off`)',
      'Check the deployment or upgrade that enabled it finished without errors',
      'Send a 503 status with a Retry-After header during maintenance so search engines and monitors treat it as temporary',
    ],
  },
  'app-error': {
    cause: 'app-error',
    hop: 'origin',
    title: 'The application failed',
    meaning: 'The application itself hit an error while building the page (an HTTP 500), for example an unhandled exception, a fatal error or a failed database connection.',
    fixes: [
      'Read the application\'s error log for this request (PHP error log, framework log, `journalctl -u SERVICE`, the gateway error log showing `FastCGI sent in stderr`)',
      'Check recent deploys, configuration or plugin changes and roll back the last one if the errors started with it',
      'Check the application\'s dependencies: database connection and credentials, disk space (`df -h`), file permissions',
    ],
  },
  'rate-limited': {
    cause: 'rate-limited',
    hop: 'waf',
    title: 'Too many requests (rate limited)',
    meaning: 'A rate limit in front of the site (or in the application) is rejecting requests from this client because it sent too many in a short time.',
    fixes: [
      'Find which layer sends the 429 (CDN/WAF rule, nginx `limit_req`, API gateway, the application) and check its limit and the client\'s key (IP, token)',
      'Raise the limit or exempt legitimate clients (monitoring, your own services, clients behind one shared NAT IP)',
      'On the client side, slow down and honour the Retry-After header',
    ],
  },
  'waf-blocked': {
    cause: 'waf-blocked',
    hop: 'waf',
    title: 'A firewall rule blocks this client',
    meaning: 'A web application firewall or bot protection in front of the site blocks requests from this client (its IP, country, user agent or request pattern), while others get through.',
    fixes: [
      'Look up the block in the WAF\'s event log using the reference or Ray ID on the block page, and see which rule matched',
      'Adjust or add an exception to the rule for legitimate clients (an IP allow list, a skip rule for monitoring, a fixed false positive)',
      'Check IP, country and user-agent blocks in the CDN/WAF, the web server (`deny` rules, .htaccess) and security plugins',
    ],
  },
  'waf-challenge': {
    cause: 'waf-challenge',
    hop: 'waf',
    title: 'A bot challenge is shown instead of the content',
    meaning: 'Bot protection in front of the site answers with a challenge page (JavaScript check or captcha) instead of the content, which browsers may pass but scripts and monitors cannot.',
    fixes: [
      'If real users are challenged too, lower the security level or turn off "under attack" / challenge mode when the attack is over',
      'Exempt monitoring, APIs and known good clients from the challenge (a WAF skip rule by IP, path or a secret header)',
      'Check which rule issued the challenge in the WAF\'s event log',
    ],
  },
  'cached-error': {
    cause: 'cached-error',
    hop: 'cdn',
    title: 'An error page is served from a cache',
    meaning: 'The error came from a cache (CDN or reverse-proxy cache) and not from a fresh request to the server, so it may persist after the server has recovered.',
    fixes: [
      'Purge the affected URLs from the CDN or proxy cache once the origin is healthy again',
      'Stop caching error responses, or cache them only briefly (cache rules by status code, CloudFront Error Caching Minimum TTL, `proxy_cache_valid` per status)',
      'Check the origin directly to see whether it still fails (`curl -v --resolve HOST:443:ORIGIN_IP https://HOST/`)',
    ],
  },
  'blank-page': {
    cause: 'blank-page',
    hop: 'origin',
    title: 'The page is blank',
    meaning: 'The server answered 200 OK but sent nothing to show, which usually means the application hit a fatal error with error display switched off.',
    fixes: [
      'Check the application\'s error log (PHP error log, framework log) for a fatal error at that time; PHP fatal errors often produce a blank 200 page',
      'Check recent changes: a deploy, a plugin or theme update, or a configuration change',
      'Check disk space and memory (`df -h`, `free -m`) and the PHP `memory_limit`',
    ],
  },
  'not-found': {
    cause: 'not-found',
    hop: 'origin',
    title: 'The server says the page does not exist',
    meaning: 'The server works and answered, but with 404 Not Found or 410 Gone for this address, so visitors get an error page instead of the content.',
    fixes: [
      'Check the URL: a typo, a changed permalink or a removed page; add a redirect (301) from the old address to the new one',
      'If the whole site answers 404, check the web server\'s document root or the virtual host that answers this name (`nginx -T`, `apachectl -S`): the request may land on the default site',
      'After a deploy, check the application\'s routes and that the build actually contains the page',
    ],
  },
  'unexpected-response': {
    cause: 'unexpected-response',
    hop: 'origin',
    title: 'The answer is not what the monitor expects',
    meaning: 'The server answered, but with another status than the monitor expects, or without the text the page must contain: the site may show an error, a login page or an empty template while returning 200.',
    fixes: [
      'Open the page as a visitor would and compare with what the monitor expects (its expect.status and expect.bodyContains)',
      'If the page changed on purpose (a redesign, a new redirect), update the monitor\'s expectations',
      'If the text is missing, look for a partial render: a template error, a failed API call the page depends on, or a cache holding an old or empty page',
    ],
  },
  'redirect-loop': {
    cause: 'redirect-loop',
    hop: 'origin',
    title: 'The redirects never end',
    meaning: 'The site keeps redirecting (for example between http and https, or www and the bare domain) and never reaches a page.',
    fixes: [
      'Follow the chain (`curl -sIL URL | grep -i -E \'^(HTTP|location)\'`) and find the two rules that send requests back and forth',
      'Behind a CDN or load balancer that ends TLS, make the application trust `X-Forwarded-Proto` (or set the CDN to connect to the origin over HTTPS, e.g. Cloudflare SSL mode Full instead of Flexible)',
      'Make the site URL settings (e.g. WordPress home/siteurl, framework base URL) match the redirect rules in the web server',
    ],
  },
  'unknown': {
    cause: 'unknown',
    hop: 'unknown',
    title: 'The cause is not clear',
    meaning: 'The evidence collected does not point to one cause.',
    fixes: [
      'Read the steps and evidence in the report and check the web server and application logs for the time of the failure',
      'Run the check again with `--origin` (the origin\'s own address) and `--log` (the server\'s error log) so whydown can compare the paths and read the server\'s side',
    ],
  },
} satisfies CauseTable;

/** The wording for a cause id. */
export function describeCause(cause: Cause): CauseInfo {
  const info = CAUSE_INFO[cause];
  return { ...info, fixes: [...info.fixes] };
}
