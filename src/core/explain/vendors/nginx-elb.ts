// nginx's non-standard codes (src/http/ngx_http_request.h, ngx_http_special_response.c) and the
// codes AWS Elastic Load Balancing generates itself (ALB troubleshooting guide).
// See ../../../../shared/design/reference/gateways.md §1 and §9.
import type { VendorCode } from '../types.js';

const NGINX = 'nginx';
const ELB = 'AWS ELB';

export const NGINX_CODES: VendorCode[] = [
  {
    code: '444', vendor: NGINX, name: 'No Response',
    meaning: 'nginx closed the connection without sending any response (`return 444;` in the config).',
    causes: ['A deliberate rule that drops unwanted requests (unknown Host, bots, blocked paths)'],
    fixes: ['Find the `return 444` rule that matched (often in the default server block for unknown hosts) and check the request\'s Host and path should match a real server block',
      'Check `server_name` covers the name the client uses'],
    whydownCauses: ['empty-response'], note: 'Never seen by the client as a status: it only appears in nginx\'s access log; the client sees a closed connection.',
  },
  {
    code: '494', vendor: NGINX, name: 'Request Header Too Large',
    meaning: 'The client\'s request headers or cookies were larger than nginx\'s buffers.',
    causes: ['Too many or too large cookies', 'Large authorization tokens'],
    fixes: ['Raise `large_client_header_buffers` (e.g. `4 16k`) in the server or http block', 'Reduce the cookies the site sets; users can clear the site\'s cookies'],
    whydownCauses: [], note: 'Logged as 494; the client sees 400 "Request Header Or Cookie Too Large".',
  },
  {
    code: '495', vendor: NGINX, name: 'SSL Certificate Error',
    meaning: 'The client sent a TLS client certificate that nginx could not verify.',
    causes: ['An expired or untrusted client certificate with `ssl_verify_client on`'], fixes: ['Check `ssl_client_certificate` holds the CA that issued the client certificates', 'Renew the client certificate'],
    whydownCauses: [], note: 'Logged as 495; the client sees 400 "The SSL certificate error".',
  },
  {
    code: '496', vendor: NGINX, name: 'SSL Certificate Required',
    meaning: 'nginx requires a TLS client certificate and the client did not send one.',
    causes: ['`ssl_verify_client on` and a client without a certificate'], fixes: ['Install the client certificate, or use `ssl_verify_client optional` if certificates are not mandatory'],
    whydownCauses: [], note: 'Logged as 496; the client sees 400 "No required SSL certificate was sent".',
  },
  {
    code: '497', vendor: NGINX, name: 'HTTP Request Sent to HTTPS Port',
    meaning: 'A plain HTTP request arrived on a port where nginx expects TLS.',
    causes: ['A link or client using http:// with the HTTPS port', 'A proxy or load balancer sending plain HTTP to the TLS port'],
    fixes: ['Use https:// for that port, or point the proxy to the plain HTTP port', 'Redirect instead of failing: `error_page 497 =301 https://$host$request_uri;`'],
    whydownCauses: [], note: 'Logged as 497; the client sees 400 "The plain HTTP request was sent to HTTPS port".',
  },
  {
    code: '498', vendor: NGINX, name: 'Canceled',
    meaning: 'nginx canceled the request internally (used for requests with an invalid host name); the client gets nginx\'s 404 page.',
    causes: ['An invalid Host in the request'], fixes: ['Check the client sends a valid Host header'],
    whydownCauses: [], note: 'Internal to nginx; rarely seen. Also used by some other software for "invalid token".',
  },
  {
    code: '499', vendor: NGINX, name: 'Client Closed Request',
    meaning: 'The client closed the connection before nginx sent the response; nginx logs 499 and sends nothing.',
    causes: ['Users or an outer proxy gave up waiting because the response was slow (e.g. a CDN or load balancer timing out first)',
      'Clients navigating away or cancelling requests (normal in small numbers)'],
    fixes: ['Compare the request time of the 499 lines (`$request_time`) with the timeouts of whatever is in front of nginx; speed up the slow requests',
      'If an outer proxy times out first, make its timeout longer than nginx\'s, or fix the slow upstream'],
    whydownCauses: ['slow-response'], note: 'Log-only code. Caddy and Traefik also use 499 for a client that went away.',
  },
];

export const ELB_CODES: VendorCode[] = [
  {
    code: '460', vendor: ELB, name: 'Client closed connection',
    meaning: 'The client closed the connection before the load balancer\'s idle timeout, while the request was still being processed.',
    causes: ['The client\'s own timeout is shorter than the target\'s response time', 'Users abandoning slow requests'],
    fixes: ['Find why targets are slow (target_processing_time in the access log)', 'Make the client timeout longer than the load balancer\'s idle timeout if long requests are expected'],
    whydownCauses: ['slow-response'], note: 'Not an IANA status: an Application Load Balancer access-log code.',
  },
  {
    code: '463', vendor: ELB, name: 'Too many X-Forwarded-For addresses',
    meaning: 'The request\'s X-Forwarded-For header held more than 30 IP addresses.',
    causes: ['A proxy loop, or a chain of proxies each appending to X-Forwarded-For'], fixes: ['Find the proxy that keeps appending (a loop between proxies) and fix its forwarding rules'],
    whydownCauses: [], note: 'Not an IANA status: generated by an Application Load Balancer.',
  },
  {
    code: '464', vendor: ELB, name: 'Incompatible protocol version',
    meaning: 'The request\'s protocol does not match the target group\'s protocol version (for example HTTP/1.1 to a gRPC or HTTP/2 target group).',
    causes: ['A target group configured for gRPC/HTTP2 receiving HTTP/1.1 requests, or the reverse'], fixes: ['Set the target group\'s protocol version to match the clients, or use a listener and target group per protocol'],
    whydownCauses: [], note: 'Not an IANA status: generated by an Application Load Balancer.',
  },
  {
    code: '561', vendor: ELB, name: 'Unauthorized (IdP error)',
    meaning: 'The identity provider returned an error during the load balancer\'s authenticate action (OIDC or Amazon Cognito).',
    causes: ['A misconfigured identity provider (client id/secret, endpoints)', 'The IdP is unreachable or rejects the token request'],
    fixes: ['Check the authenticate-oidc / authenticate-cognito action settings on the listener rule', 'Check the IdP\'s logs and that the load balancer can reach its token endpoint'],
    whydownCauses: [], note: 'Not an IANA status: generated by an Application Load Balancer.',
  },
];
