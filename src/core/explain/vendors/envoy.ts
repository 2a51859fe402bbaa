// Envoy %RESPONSE_FLAGS% (short and long names) as seen in its access log (also Istio, Gateway API
// implementations built on Envoy). Source: envoy docs access_log/usage.rst, stream_info/utility.h,
// see ../../../../shared/design/reference/gateways.md §7.
import type { Cause } from '../../model.js';
import type { VendorCode } from '../types.js';

const VENDOR = 'Envoy';
const NOTE = 'Envoy access-log response flag (%RESPONSE_FLAGS%); also used by Istio and other Envoy-based gateways.';

type Row = [flag: string, longName: string, meaning: string, causes: string[], fixes: string[], whydownCauses: Cause[]];

const ROWS: Row[] = [
  ['UH', 'NoHealthyUpstream', 'No healthy upstream host in the cluster; Envoy answers 503 "no healthy upstream".',
    ['Every endpoint failed active health checks or was ejected by outlier detection', 'The cluster has no endpoints (a Kubernetes service without ready pods)'],
    ['Check the cluster\'s endpoints and their health (`/clusters` on the admin port, `kubectl get endpoints`)', 'Check health-check path, port and expected status match the service'],
    ['no-healthy-upstream']],
  ['UF', 'UpstreamConnectionFailure', 'Envoy could not connect to the upstream host (503, "upstream connect error or disconnect/reset before headers").',
    ['The upstream process is down or listens on another port', 'A network policy or firewall blocks the connection', 'A TLS/mTLS mismatch (see the transport failure reason)'],
    ['Check the upstream service is running and listens on the cluster\'s port', 'Check network policies, and for Istio the mTLS mode (PeerAuthentication / DestinationRule)'],
    ['upstream-refused']],
  ['UO', 'UpstreamOverflow', 'A circuit breaker tripped (too many connections, pending requests or retries), so Envoy rejected the request with 503.',
    ['Traffic above the cluster\'s circuit-breaker limits', 'A slow upstream keeping connections busy'],
    ['Raise circuit-breaker thresholds (max_connections, max_pending_requests) if the upstream can take it', 'Scale the upstream or make it faster'],
    ['overloaded']],
  ['NR', 'NoRouteFound', 'No route matched the request (404), or no matching filter chain for a connection.',
    ['A Host/path that no route covers', 'A typo in the route configuration or a missing virtual host'], ['Check the route configuration (`/config_dump`) covers this Host and path'],
    []],
  ['URX', 'UpstreamRetryLimitExceeded', 'The request was rejected after reaching the retry limit (HTTP) or the maximum connect attempts (TCP).',
    ['Every attempt failed: the upstream keeps refusing or resetting connections'], ['Look at why each attempt fails (upstream logs, the reset reason) and fix the upstream'],
    ['upstream-refused', 'upstream-closed']],
  ['NC', 'NoClusterFound', 'The route points to a cluster that does not exist.', ['A route referencing a missing or misnamed cluster'], ['Fix the cluster name in the route, or create the cluster'],
    []],
  ['DT', 'DurationTimeout', 'The request or connection exceeded its maximum duration (max_connection_duration / max_stream_duration).', ['Long-lived requests or connections'],
    ['Raise the duration limit for long-running streams'], []],
  ['DC', 'DownstreamConnectionTermination', 'The downstream (client) connection was closed before the response was complete.',
    ['Clients or an outer proxy giving up on slow requests'], ['Check whether slow upstream responses make clients give up'], []],
  ['LH', 'FailedLocalHealthCheck', 'The local service failed its health check, and Envoy answered 503.',
    ['The application behind this Envoy (the sidecar\'s local service) is failing health checks'], ['Check the local application\'s health endpoint and logs'],
    ['no-healthy-upstream']],
  ['UT', 'UpstreamRequestTimeout', 'The upstream did not answer within the route timeout (15 s by default), so Envoy answered 504 "upstream request timeout".',
    ['A slow upstream request', 'A route timeout shorter than legitimately long requests'],
    ['Find why the upstream is slow (its logs, traces)', 'Raise the route `timeout` for endpoints that are legitimately slow'],
    ['upstream-timeout']],
  ['LR', 'LocalReset', 'The connection was reset locally by Envoy.', ['Envoy itself reset the stream (for example on overload or a configuration change)'], ['Check Envoy\'s logs and stats at that time'],
    []],
  ['UR', 'UpstreamRemoteReset', 'The upstream reset the connection (503).', ['The upstream process crashed or closed the stream', 'A keep-alive race: the upstream closed an idle connection Envoy reused'],
    ['Check the upstream\'s logs for crashes or restarts', 'Make the upstream\'s idle timeout longer than Envoy\'s, or enable retries on reset'],
    ['upstream-closed']],
  ['UC', 'UpstreamConnectionTermination', 'The upstream connection was terminated (503).', ['The upstream closed the connection before responding (crash, restart, idle timeout)'],
    ['Check the upstream\'s logs for crashes or restarts', 'Make the upstream\'s keep-alive timeout longer than Envoy\'s idle timeout'],
    ['upstream-closed']],
  ['DI', 'DelayInjected', 'The request was delayed by fault injection.', ['A fault-injection rule (testing)'], ['Remove the fault-injection rule if it is not intended'], []],
  ['FI', 'FaultInjected', 'The request was aborted with a code by fault injection.', ['A fault-injection rule (testing)'], ['Remove the fault-injection rule if it is not intended'], []],
  ['RL', 'RateLimited', 'The request was rate limited (429).', ['The local or global rate limit filter matched'], ['Check the rate limit configuration and descriptors; raise the limit for legitimate clients'],
    ['rate-limited']],
  ['UAEX', 'UnauthorizedExternalService', 'The external authorization service denied the request (ext_authz).', ['The auth service rejected the credentials'], ['Check the external authorization service\'s logs for the reason'],
    []],
  ['RLSE', 'RateLimitServiceError', 'The rate limit service failed to answer, and the request was rejected.', ['The rate limit service is down or unreachable'],
    ['Check the rate limit service, or set `failure_mode_deny: false`'], []],
  ['IH', 'InvalidEnvoyRequestHeaders', 'The request had invalid values in x-envoy-* headers (400).', ['A client sending bad x-envoy-* headers'], ['Fix the client, or strip untrusted x-envoy-* headers at the edge'], []],
  ['SI', 'StreamIdleTimeout', 'The stream was idle too long (408 or 504).', ['An upstream or client going silent mid-request'], ['Check for stalled upstream responses; raise the stream idle timeout for long streams'],
    ['upstream-timeout']],
  ['DPE', 'DownstreamProtocolError', 'The client sent a request with an HTTP protocol error.', ['A malformed request'], ['Check the client'], []],
  ['UPE', 'UpstreamProtocolError', 'The upstream answered with an HTTP protocol error (502).',
    ['The upstream speaks another protocol than configured (HTTP/1 vs HTTP/2, plain vs TLS)', 'Invalid headers from the upstream'],
    ['Check the cluster\'s protocol options match the upstream (http2_protocol_options, TLS)', 'Inspect the upstream\'s raw response'],
    ['upstream-invalid-response']],
  ['UMSDR', 'UpstreamMaxStreamDurationReached', 'The upstream request reached its maximum stream duration.', ['A long-running upstream request'], ['Raise max_stream_duration for long requests'],
    ['upstream-timeout']],
  ['OM', 'OverloadManagerTerminated', 'Envoy\'s overload manager terminated the request (Envoy itself is short of memory or connections).', ['Envoy under resource pressure'],
    ['Give Envoy more resources or scale it out; check the overload manager thresholds'], ['overloaded']],
  ['DF', 'DnsResolutionFailed', 'Envoy could not resolve the upstream\'s DNS name (dynamic forward proxy).', ['The upstream hostname does not resolve'], ['Check the upstream hostname and Envoy\'s resolver'],
    []],
  ['DO', 'DropOverload', 'The request was dropped by the cluster\'s drop_overload setting.', ['Drop overload configured on the cluster'], ['Check the drop_overload configuration'], ['overloaded']],
];

export const ENVOY_CODES: VendorCode[] = ROWS.map(([code, longName, meaning, causes, fixes, whydownCauses]) => ({
  code, vendor: VENDOR, name: longName, meaning, causes, fixes, whydownCauses, note: NOTE, aliases: [longName],
}));
