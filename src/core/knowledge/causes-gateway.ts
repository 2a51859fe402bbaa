// Wording for the causes behind a gateway's or an edge's answer: the upstream, the firewall, the
// cache, the application and the page itself (see causes.ts for the whole table).
import type { CauseTable } from './causes.js';

export const GATEWAY_CAUSES = {
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
    meaning: 'The server answered, but not as the monitor expects: another status, a page without the text it must contain, or a JSON value that differs. The site may show an error, a login page or an empty template while returning 200.',
    fixes: [
      'Open the page as a visitor would and compare with what the monitor expects (its `expect`: status, bodyContains, json)',
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
} satisfies Partial<CauseTable>;
