// Every status in the IANA HTTP Status Code Registry
// (https://www.iana.org/assignments/http-status-codes), with what it means for a site owner.
// Names follow the registry (RFC 9110 spellings: 413 Content Too Large, 422 Unprocessable Content).
import type { Cause } from '../model.js';

export interface HttpStatus {
  status: number;
  name: string;
  meaning: string;
  causes: string[];
  fixes: string[];
  whydownCauses: Cause[];
  note?: string;
}

type Row = [status: number, name: string, meaning: string, causes?: string[], fixes?: string[],
  whydownCauses?: Cause[], note?: string];

const ROWS: Row[] = [
  // 1xx: informational
  [100, 'Continue', 'The server accepted the request headers; the client may send the request body.'],
  [101, 'Switching Protocols', 'The server agrees to switch protocols as the client asked (typically to WebSocket).'],
  [102, 'Processing', 'WebDAV: the server has accepted the request and is still working on it (deprecated interim response).'],
  [103, 'Early Hints', 'An interim response with Link headers so the browser can start loading resources before the final response.'],

  // 2xx: success
  [200, 'OK', 'The request succeeded.', [], [], ['ok']],
  [201, 'Created', 'The request succeeded and created a new resource.', [], [], ['ok']],
  [202, 'Accepted', 'The request was accepted for processing, which has not finished yet.', [], [], ['ok'],
    'AWS WAF also answers 202 with an empty body when it issues a challenge (header x-amzn-waf-action: challenge).'],
  [203, 'Non-Authoritative Information', 'Success, but a proxy modified the content the origin sent.', [], [], ['ok']],
  [204, 'No Content', 'Success, with no content to send back.', [], [], ['ok']],
  [205, 'Reset Content', 'Success; the client should reset the form or view that sent the request.', [], [], ['ok']],
  [206, 'Partial Content', 'Success, with only the byte range the client asked for.', [], [], ['ok']],
  [207, 'Multi-Status', 'WebDAV: the body holds a separate status for each of several resources.', [], [], ['ok']],
  [208, 'Already Reported', 'WebDAV: members of this collection were already listed earlier in the same response.', [], [], ['ok']],
  [226, 'IM Used', 'Success, and the response is the result of instance manipulations (delta encoding) applied to the resource.', [], [], ['ok']],

  // 3xx: redirection
  [300, 'Multiple Choices', 'The resource has several representations and the client should choose one.', [], [], ['ok']],
  [301, 'Moved Permanently', 'The resource has moved for good to the URL in the Location header.',
    ['A deliberate redirect (http to https, www to the bare domain, an old URL)'],
    ['If redirects never end, follow the chain with `curl -sIL URL` and remove the rule that sends requests back'], ['ok']],
  [302, 'Found', 'The resource is temporarily at the URL in the Location header.',
    ['A deliberate temporary redirect, such as a login page'],
    ['If redirects never end, follow the chain with `curl -sIL URL` and remove the rule that sends requests back'], ['ok']],
  [303, 'See Other', 'The result is at another URL, to be fetched with GET (typically after a form POST).', [], [], ['ok']],
  [304, 'Not Modified', 'The client\'s cached copy is still current, so no body is sent.', [], [], ['ok']],
  [305, 'Use Proxy', 'Deprecated: the resource was to be accessed through a proxy named in Location.', [], [], [],
    'Deprecated for security reasons; clients ignore it.'],
  [306, '(Unused)', 'Defined in an earlier HTTP draft ("Switch Proxy") and no longer used; the number is reserved.'],
  [307, 'Temporary Redirect', 'The resource is temporarily at another URL; the client must repeat the same method and body.', [], [], ['ok']],
  [308, 'Permanent Redirect', 'The resource has moved for good; the client must repeat the same method and body.', [], [], ['ok']],

  // 4xx: client errors
  [400, 'Bad Request', 'The server could not understand the request (invalid syntax, headers or body).',
    ['A malformed request from the client or a broken proxy', 'Request headers or cookies too large (nginx shows "400 Request Header Or Cookie Too Large")',
      'Plain HTTP sent to an HTTPS port (nginx shows "400 The plain HTTP request was sent to HTTPS port")'],
    ['Clear the site\'s cookies in the browser and retry; if that helps, reduce the cookies the site sets or raise nginx `large_client_header_buffers`',
      'Check the URL scheme and port match (https:// for port 443)', 'Read the server\'s error log for the exact reason']],
  [401, 'Unauthorized', 'The request needs authentication, and none or invalid credentials were sent.',
    ['Missing or wrong login, token or API key', 'HTTP basic auth enabled on the site or a directory'],
    ['Send valid credentials', 'Check auth settings (auth_basic, .htpasswd, an access plugin) if the page should be public']],
  [402, 'Payment Required', 'Reserved for future use; some platforms use it when an account or deployment is unpaid or disabled.',
    ['A hosting or API account out of credit (e.g. Vercel DEPLOYMENT_DISABLED)'], ['Check the hosting or API account\'s billing status']],
  [403, 'Forbidden', 'The server understood the request but refuses to serve it to this client.',
    ['A firewall, WAF or bot rule blocking this client (IP, country, user agent)', 'File permissions: the web server user cannot read the file or directory',
      'No index file and directory listing disabled', 'An allow/deny rule in the server config or .htaccess'],
    ['Check the server\'s error log: "permission denied" or "directory index ... is forbidden" point to files, otherwise look at the WAF/CDN event log',
      'Fix file ownership and permissions so the web server user can read the files (and traverse every parent directory)',
      'Check deny rules in the web server config, .htaccess and security plugins'],
    ['waf-blocked']],
  [404, 'Not Found', 'The server has nothing at this URL.',
    ['A wrong or removed URL', 'The wrong document root or a missing rewrite rule', 'The request reached the wrong virtual host (default site)',
      'PHP-FPM "Primary script unknown" (wrong SCRIPT_FILENAME or root) shows as "File not found."'],
    ['Check the URL and the document root (`root`/`DocumentRoot`) for this host', 'Check the rewrite rules the application needs (e.g. `try_files $uri $uri/ /index.php?$args;`)',
      'Check which virtual host answers: the Host name must match `server_name`/`ServerName`']],
  [405, 'Method Not Allowed', 'The URL exists but does not accept this HTTP method (for example POST to a static file).',
    ['A form or API client using the wrong method', 'A route defined only for other methods'], ['Use the method the endpoint supports (see the Allow header)']],
  [406, 'Not Acceptable', 'The server has no representation matching the client\'s Accept headers.',
    ['Strict content negotiation; some security modules (mod_security) also answer 406'], ['Check the Accept headers sent, and the WAF log if a security module is involved']],
  [407, 'Proxy Authentication Required', 'A proxy between the client and the site needs the client to authenticate.',
    ['A corporate or forward proxy requiring login'], ['Configure the client with the proxy credentials, or bypass the proxy for this site']],
  [408, 'Request Timeout', 'The server gave up waiting for the client to finish sending its request.',
    ['A slow or stalled client connection', 'An idle keep-alive connection closed by the server'], ['Retry; check client_header_timeout / client_body_timeout if uploads are slow']],
  [409, 'Conflict', 'The request conflicts with the current state of the resource (for example an edit conflict).',
    ['Concurrent updates to the same resource'], ['Reload the resource and retry the change']],
  [410, 'Gone', 'The resource was deliberately removed and will not come back.', ['A removed page or API'], ['Update links to point to the new location, or restore the resource']],
  [411, 'Length Required', 'The server requires a Content-Length header on this request.', ['A client sending a body without Content-Length'], ['Send Content-Length with the request body']],
  [412, 'Precondition Failed', 'A condition in the request headers (If-Match, If-Unmodified-Since) was not met.', ['The resource changed since the client last read it'], ['Fetch the resource again and retry']],
  [413, 'Content Too Large', 'The request body is larger than the server allows.',
    ['An upload bigger than the server\'s limit'],
    ['Raise the upload limit along the path: nginx `client_max_body_size`, Apache `LimitRequestBody`, PHP `upload_max_filesize` and `post_max_size`, the CDN/load balancer limit'],
    [], 'Formerly named "Payload Too Large" / "Request Entity Too Large".'],
  [414, 'URI Too Long', 'The URL is longer than the server is willing to handle.',
    ['Very long query strings, a redirect loop that keeps appending parameters'], ['Shorten the URL or send the data in a POST body; raise `large_client_header_buffers` if needed']],
  [415, 'Unsupported Media Type', 'The server does not accept the request body\'s format (Content-Type).', ['A client sending the wrong Content-Type'], ['Send the format the endpoint expects']],
  [416, 'Range Not Satisfiable', 'The byte range asked for is outside the resource.', ['A resumed download of a file that changed'], ['Retry the download from the start']],
  [417, 'Expectation Failed', 'The server cannot meet the Expect request header (usually "Expect: 100-continue").', ['A proxy that does not support 100-continue'], ['Send the request without the Expect header']],
  [418, '(Unused)', 'Reserved: not a real HTTP status. The number is known from the "I\'m a teapot" April-fools joke (RFC 2324) and is kept unassigned because software uses it.',
    [], [], [], 'If a site answers 418, it is a deliberate joke or a custom signal (some bot blockers use it).'],
  [421, 'Misdirected Request', 'The request reached a server that cannot answer for this host name (common with HTTP/2 connection reuse across names).',
    ['A TLS certificate covering several names while the server is not configured for all of them', 'A CDN or proxy sending the wrong SNI or Host'],
    ['Make the server configuration and the certificate cover the same host names', 'Check the proxy passes the right Host and SNI to the origin']],
  [422, 'Unprocessable Content', 'The request is well-formed but its content is invalid (for example failed form validation).', ['Invalid input data'], ['Correct the submitted data'], [],
    'Formerly named "Unprocessable Entity" (WebDAV).'],
  [423, 'Locked', 'WebDAV: the resource is locked.', ['Another client holds a lock'], ['Wait for the lock to be released or remove the stale lock']],
  [424, 'Failed Dependency', 'WebDAV: the request failed because an earlier request it depended on failed.', [], []],
  [425, 'Too Early', 'The server will not process a request that might be replayed (sent in TLS early data).', ['TLS 1.3 0-RTT early data'], ['Retry without early data']],
  [426, 'Upgrade Required', 'The server refuses this protocol and asks the client to switch (see the Upgrade header), for example to TLS or a newer HTTP version.',
    ['An old client or protocol version'], ['Use the protocol named in the Upgrade header']],
  [428, 'Precondition Required', 'The server requires conditional requests (If-Match) to avoid lost updates.', [], ['Send If-Match with the ETag you last read']],
  [429, 'Too Many Requests', 'The client sent too many requests in a given time and is being rate limited.',
    ['A rate limit in the CDN/WAF, the web server (nginx `limit_req`), an API gateway or the application', 'Many users sharing one IP (NAT, office, VPN)'],
    ['Find which layer sends the 429 and raise or scope its limit', 'Exempt monitoring and your own services', 'Clients should slow down and honour Retry-After'],
    ['rate-limited']],
  [431, 'Request Header Fields Too Large', 'The request headers (often cookies) are too large for the server.',
    ['Too many or too large cookies', 'Huge custom headers or tokens'],
    ['Clear the site\'s cookies and retry; then reduce the cookies the site sets', 'Raise the header limit (nginx `large_client_header_buffers`, Apache `LimitRequestFieldSize`, Node `--max-http-header-size`)']],
  [451, 'Unavailable For Legal Reasons', 'The resource is blocked for legal reasons (a court order, government censorship).',
    ['A legal block applied by the site, its host or a network operator'], ['Check with the host or network operator named in the response (Link rel="blocked-by")']],

  // 5xx: server errors
  [500, 'Internal Server Error', 'The server hit an unexpected error while handling the request, usually a bug or crash in the application.',
    ['An unhandled exception or fatal error in the application', 'A broken configuration (.htaccess syntax, a missing module)', 'A failed dependency such as the database',
      'Permissions or a full disk'],
    ['Read the application\'s error log and the web server\'s error log for this request', 'Roll back the last deploy or configuration change if the errors started with it',
      'Check the database connection, free disk space (`df -h`) and file permissions'],
    ['app-error']],
  [501, 'Not Implemented', 'The server does not support the functionality needed for this request (often an unknown HTTP method).',
    ['An unusual method or Transfer-Encoding the server does not handle'], ['Use a standard method; check the client and any proxy in between']],
  [502, 'Bad Gateway', 'A gateway or proxy (nginx, a load balancer, a CDN) could not get a valid response from the server behind it.',
    ['The application server is down or listens on a different port/socket (connection refused)', 'The application crashed or was killed mid-request (gunicorn worker timeout, PHP-FPM terminate, OOM)',
      'The upstream answered with something that is not valid HTTP, or with headers too big for the proxy buffer', 'TLS to the upstream failed, or no upstream server is healthy'],
    ['Read the gateway\'s error log for the exact upstream error at that time (`tail /var/log/nginx/error.log`) and run `whydown logs` on it',
      'Check the application server is running and listens where the gateway expects (`ss -ltnp`, `systemctl status`)',
      'Check the application\'s own log for crashes, worker timeouts or out-of-memory kills'],
    ['upstream-refused', 'upstream-closed', 'upstream-invalid-response', 'upstream-header-too-big', 'upstream-tls-failed', 'no-healthy-upstream'],
    'Who sends it matters: nginx, HAProxy, Traefik, Caddy and ALB use 502 for most upstream failures; Apache mod_proxy uses 503 for connect failures; Azure Application Gateway also uses 502 for timeouts.'],
  [503, 'Service Unavailable', 'The server cannot handle the request right now: it is overloaded, in maintenance, or a gateway has no backend to send it to.',
    ['Overload: every worker busy, a connection limit reached', 'A maintenance page', 'A load balancer with no healthy backends (HAProxy, Envoy, Kubernetes service without endpoints)',
      'Apache mod_proxy, Envoy, Varnish/Fastly and Heroku use 503 for backend connection failures'],
    ['Read the body and headers to see who sent it (server name, vendor branding) and check that layer\'s log',
      'Check the backends are running and passing health checks', 'Check the worker pool and server load; add capacity if it is full',
      'If it is a maintenance page, switch maintenance mode off when done'],
    ['overloaded', 'maintenance', 'no-healthy-upstream', 'upstream-refused']],
  [504, 'Gateway Timeout', 'A gateway or proxy did not get a response from the server behind it within its time limit.',
    ['A slow application request (slow database query, external API call)', 'All application workers busy, so requests wait', 'A firewall silently dropping connections from the gateway to the upstream'],
    ['Find the slow request in the application\'s slow log or traces and fix it', 'Check whether the application\'s workers are all busy',
      'Raise the gateway timeout only for requests that are legitimately long (`proxy_read_timeout`, `timeout server`)'],
    ['upstream-timeout'],
    'The elapsed time tells which layer gave up: e.g. ~60 s nginx default, ~30 s CloudFront/Heroku/gunicorn, 15 s Envoy route timeout, 10 s ALB connect.'],
  [505, 'HTTP Version Not Supported', 'The server does not support the HTTP version used in the request.', ['A very old or very new protocol version the server refuses'], ['Use HTTP/1.1']],
  [506, 'Variant Also Negotiates', 'A server configuration error in transparent content negotiation: the chosen variant negotiates again.', ['A content-negotiation misconfiguration'], ['Fix the server\'s content-negotiation configuration']],
  [507, 'Insufficient Storage', 'WebDAV: the server cannot store what is needed to complete the request.', ['A full disk or quota'], ['Free disk space or raise the quota']],
  [508, 'Loop Detected', 'WebDAV: the server found an infinite loop while processing the request.',
    ['A recursive WebDAV operation; hosting platforms also use 508 for resource limits (cPanel/CloudLinux) or loops (Vercel INFINITE_LOOP_DETECTED)'],
    ['On shared hosting, check the account\'s resource usage (entry processes, CPU) in the control panel']],
  [510, 'Not Extended', 'Obsolete: the request lacked an HTTP extension the server requires (RFC 2774, now historic).', [], [], [], 'Marked obsoleted in the registry.'],
  [511, 'Network Authentication Required', 'A network in between (hotel or airport Wi-Fi, a captive portal) wants the client to log in first.',
    ['A captive portal on the client\'s network'], ['Log in to the network\'s portal, then retry'], []],
];

export const HTTP_STATUSES: readonly HttpStatus[] = ROWS.map(
  ([status, name, meaning, causes = [], fixes = [], whydownCauses = [], note]) =>
    note === undefined
      ? { status, name, meaning, causes, fixes, whydownCauses }
      : { status, name, meaning, causes, fixes, whydownCauses, note },
);

const BY_STATUS = new Map(HTTP_STATUSES.map((entry) => [entry.status, entry]));

export function httpStatus(status: number): HttpStatus | undefined {
  return BY_STATUS.get(status);
}
