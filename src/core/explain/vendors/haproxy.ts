// HAProxy termination states (the 2- or 4-character `%tsc` field of its HTTP log, e.g. `sH--`).
// The 1st character says who or what ended the session, the 2nd in which phase; the 3rd and 4th
// describe persistence cookies. Source: HAProxy configuration manual §8.5, see
// ../../../../shared/design/reference/gateways.md §3. Case matters: the 1st character is upper case
// for an abort or error (`S` the server aborted) and lower case for a timeout (`s` a server-side
// timeout); the others are always upper case. So a code is answered only as written; an input that
// matches codes only when its case is ignored (`sh--`) gets those codes as candidates, never one
// picked silently (`sH--` and `SH--` mean different things).
import type { Cause } from '../../model.js';
import type { VendorCode } from '../types.js';

const VENDOR = 'HAProxy';

const WHO: Record<string, string> = {
  C: 'the client aborted the connection unexpectedly',
  S: 'the server aborted the connection unexpectedly, or explicitly refused it',
  P: 'HAProxy aborted it (a connection limit, a deny rule, or a security check that blocked a dangerous or invalid response)',
  L: 'HAProxy processed the session locally instead of passing it to a server (a redirect, the stats page, an http-request return or deny)',
  R: 'a resource on the proxy ran out (memory, sockets, source ports)',
  I: 'HAProxy detected an internal error during a self-check',
  D: 'HAProxy killed it because the server was detected as down (on-marked-down shutdown-sessions)',
  U: 'HAProxy killed it on a backup server because an active server came back up (on-marked-up shutdown-backup-sessions)',
  K: 'an administrator killed it',
  c: 'the client-side timeout (`timeout client`, `timeout http-request`) expired',
  s: 'the server-side timeout (`timeout server`, `timeout connect`, `timeout queue`) expired',
  '-': 'the session ended normally',
};

const PHASE: Record<string, string> = {
  R: 'while waiting for a complete, valid request from the client',
  Q: 'while the request was queued waiting for a connection slot',
  C: 'while waiting for the connection to the server to be established',
  H: 'while waiting for complete, valid response headers from the server',
  D: 'during the data transfer',
  L: 'while sending the last data to the client after the server had finished',
  T: 'while the request was tarpitted',
  '-': 'after the end of the data transfer',
};

const CLIENT_COOKIE: Record<string, string> = {
  N: 'the client sent no persistence cookie', I: 'the client sent an invalid cookie matching no server',
  D: 'the client\'s cookie named a server that was down', V: 'the client sent a valid cookie and went to its server',
  E: 'the client\'s cookie was expired (maxidle)', O: 'the client\'s cookie was too old (maxlife)',
  U: 'a cookie was present but another rule chose the server', '-': '',
};

const SERVER_COOKIE: Record<string, string> = {
  N: 'no cookie was set', I: 'HAProxy inserted a cookie', U: 'HAProxy updated the cookie\'s date',
  P: 'the server provided a cookie, passed as-is', R: 'HAProxy rewrote the server\'s cookie', D: 'HAProxy deleted the server\'s cookie', '-': '',
};

interface Pair { name: string; detail: string; fixes: string[]; whydownCauses: Cause[] }

const SERVER_LOGS = 'Check the server\'s own logs at that time for crashes, restarts or out-of-memory kills';

/** HAProxy's documented "common combinations", with what to do about them. */
const PAIRS: Record<string, Pair> = {
  CC: { name: 'Client aborted before the server connection was made', detail: 'Often HAProxy was trying to connect to a dead or unchecked server and the client gave up first.',
    fixes: ['Enable health checks (`check`) so dead servers are skipped', 'Check that the servers accept connections quickly'], whydownCauses: [] },
  CD: { name: 'Client aborted during data transfer', detail: 'The client (browser, network equipment) broke the connection while data was flowing; usually not a server problem.',
    fixes: ['Nothing to fix unless it is frequent; then check the network between clients and HAProxy'], whydownCauses: [] },
  cD: { name: 'Client timeout during data transfer', detail: 'The client neither sent nor acknowledged data for `timeout client`, often a client network failure or a client that left uncleanly.',
    fixes: ['Nothing to fix unless frequent; for long downloads or WebSockets raise `timeout client` (or `timeout tunnel`)'], whydownCauses: [] },
  CH: { name: 'Client aborted while waiting for the response', detail: 'The client gave up before the server started responding: the server may be too slow, or the user pressed Stop.',
    fixes: ['Check the server response time for these requests (the Tr timer in the log) and speed up slow ones'], whydownCauses: ['slow-response'] },
  cH: { name: 'Client timeout during a POST', detail: '`timeout client` expired while waiting for the client\'s request body, sometimes from MTU/MSS problems on the client side or a client timeout shorter than the server\'s response time.',
    fixes: ['Check `timeout client` is not shorter than `timeout server`', 'Look for MTU/MSS issues on the client path if uploads stall'], whydownCauses: [] },
  CQ: { name: 'Client aborted while queued', detail: 'The client gave up while waiting in the queue for a free server slot: servers are saturated or slow.',
    fixes: ['Check server `maxconn` and load; add servers or speed up slow requests'], whydownCauses: ['overloaded'] },
  CR: { name: 'Client aborted before sending a full request', detail: 'Often a probe, a browser pre-connect or an IDS cutting the connection; logged with 400.',
    fixes: ['Add `option http-ignore-probes` to the frontend to hide empty pre-connections'], whydownCauses: [] },
  cR: { name: 'Client did not send a full request in time', detail: '`timeout http-request` expired before the request was complete (408); browsers\' speculative pre-connections often cause this.',
    fixes: ['Add `option http-ignore-probes` to the frontend if these are empty pre-connections'], whydownCauses: [] },
  CT: { name: 'Client aborted while tarpitted', detail: 'The client left while its request was deliberately held by a tarpit rule.',
    fixes: ['Check the tarpit rules do not match legitimate requests'], whydownCauses: [] },
  SC: { name: 'Server refused the connection', detail: 'The server (or a device in between) refused the TCP connection with a RST or an ICMP error, or the server is unreachable; in HTTP mode the client likely got 502 or 503.',
    fixes: ['Start the backend service and check it listens on the address and port in the `server` line (`ss -ltnp`)', 'Check firewalls between HAProxy and the server', 'Enable health checks so refused servers are taken out of rotation'],
    whydownCauses: ['upstream-refused'] },
  sC: { name: 'Connect timeout to the server', detail: '`timeout connect` expired before the connection to the server completed; in HTTP mode the client likely got 503 or 504.',
    fixes: ['Check the server is up and reachable (a firewall silently dropping packets causes this)', 'Check the server\'s accept backlog is not full'],
    whydownCauses: ['upstream-timeout'] },
  SD: { name: 'Server connection died during data transfer', detail: 'HAProxy got a RST from the server or an ICMP error while data was flowing: a server crash or a network problem.',
    fixes: [SERVER_LOGS, 'Check network equipment between HAProxy and the server'], whydownCauses: ['upstream-closed'] },
  sD: { name: 'Server timeout during data transfer', detail: 'The server sent nothing for `timeout server` during the data phase; often a firewall or L4 device with a shorter idle timeout in between.',
    fixes: ['Check idle timeouts of firewalls and load balancers between HAProxy and the server', 'For long streams or WebSockets raise `timeout server` / `timeout tunnel`'],
    whydownCauses: ['upstream-timeout'] },
  SH: { name: 'Server aborted before sending full response headers', detail: 'The server closed the connection before its complete response headers, or crashed while processing the request; the client got 502.',
    fixes: [SERVER_LOGS, 'Look at the logged requests: a small set of URLs failing points to an application bug', 'Check for an IDS or firewall cutting connections'],
    whydownCauses: ['upstream-closed'] },
  sH: { name: 'Server timeout before response headers', detail: '`timeout server` expired before the server returned its response headers; the client got 504. HAProxy calls this the most common anomaly: too long transactions, usually server or database saturation.',
    fixes: ['Find the slow requests (Tr timer in the log) and fix them in the application or database', 'Raise `timeout server` only as a stop-gap for legitimately long requests'],
    whydownCauses: ['upstream-timeout'] },
  sQ: { name: 'Queue timeout', detail: 'The request waited in the queue longer than `timeout queue` (or `timeout connect`) for a free server slot; the client got 503.',
    fixes: ['Add servers or raise server `maxconn` if they can take more', 'Look for I/O or database congestion making servers slow'], whydownCauses: ['overloaded'] },
  PC: { name: 'Proxy socket limit reached', detail: 'HAProxy refused to connect to the server because the process\'s socket limit was reached.',
    fixes: ['Raise the global `maxconn` (and check `ulimit-n` is not forced too low)'], whydownCauses: ['overloaded'] },
  PD: { name: 'Proxy blocked bad chunked encoding', detail: 'HAProxy blocked an incorrectly formatted chunked message after the server sent its headers, usually an invalid response from the server.',
    fixes: ['Fix the application\'s chunked encoding (inspect the raw response with `curl --raw -v`)'], whydownCauses: ['upstream-invalid-response'] },
  PH: { name: 'Proxy blocked an invalid server response', detail: 'HAProxy blocked the server\'s response because it was invalid, incomplete or dangerous (e.g. an illegal character in a header name); the client got 502 (or 500 if a header rewrite failed).',
    fixes: ['Inspect the server\'s raw response headers (`curl -v` to the server) and fix the invalid header', 'Use `show errors` on the HAProxy runtime API to see the exact rejected response',
      'If it is a header rewrite failure, raise `tune.maxrewrite`'],
    whydownCauses: ['upstream-invalid-response'] },
  PR: { name: 'Proxy blocked the request', detail: 'HAProxy rejected the client\'s request: invalid HTTP syntax (400) or a deny rule (403).',
    fixes: ['Check which `http-request deny` rule matched, or use `show errors` for invalid requests'], whydownCauses: ['waf-blocked'] },
  PT: { name: 'Proxy tarpitted the request', detail: 'A tarpit rule held the client\'s request and then answered with an error; nothing was sent to the server.',
    fixes: ['Check the tarpit rules do not match legitimate requests'], whydownCauses: ['waf-blocked'] },
  RC: { name: 'Proxy resource exhausted before connecting', detail: 'A local resource (memory, sockets, source ports) ran out and the connection to the server could not be made.',
    fixes: ['Read HAProxy\'s error log for what ran out, and tune the system (ports range, file descriptors, memory)'], whydownCauses: ['overloaded'] },
};

/** The pairs HAProxy documents; bare 2-letter inputs that are also another vendor's code only match these. */
export function isNotableHaproxyPair(pair: string): boolean {
  return pair in PAIRS || pair === 'LR' || pair === 'LH' || pair === 'LC' || pair === '--';
}

/** Whether `state` is a termination state exactly as written (2 or 4 characters, case-sensitive). */
export function isHaproxyState(state: string): boolean {
  if (state.length !== 2 && state.length !== 4) return false;
  const [who, phase, clientCookie, serverCookie] = [...state];
  if (who === undefined || !(who in WHO) || phase === undefined || !(phase in PHASE)) return false;
  return state.length === 2 || (clientCookie! in CLIENT_COOKIE && serverCookie! in SERVER_COOKIE);
}

/**
 * The termination states `input` names: itself when it is one as written; otherwise every state
 * that differs from it only in letter case, closest to the input's own case first.
 */
export function haproxyStatesFor(input: string): { exact: boolean; states: string[] } {
  if (isHaproxyState(input)) return { exact: true, states: [input] };
  if (input.length !== 2 && input.length !== 4) return { exact: false, states: [] };
  let spellings = [''];
  for (const char of input) {
    const cases = [...new Set([char, char.toUpperCase(), char.toLowerCase()])];
    spellings = spellings.flatMap((start) => cases.map((c) => start + c));
  }
  const changed = (state: string) => [...state].filter((c, i) => c !== input[i]).length;
  const states = spellings.filter(isHaproxyState).sort((a, b) => changed(a) - changed(b));
  return { exact: false, states };
}

/** The explanation of a termination state written exactly (`sH--`, `SC`); undefined if it is not one. */
export function explainHaproxyState(state: string): VendorCode | undefined {
  if (!isHaproxyState(state)) return undefined;
  const [who, phase, clientCookie = '-', serverCookie = '-'] = [...state] as [string, string, string?, string?];
  const pair = who + phase;
  const known = PAIRS[pair];
  const composed = `${capitalize(WHO[who]!)} ${PHASE[phase]!}.`;
  const cookies = [CLIENT_COOKIE[clientCookie], SERVER_COOKIE[serverCookie]].filter((text) => text);
  const meaning = cookies.length ? `${composed} Persistence cookie: ${cookies.join('; ')}.` : composed;
  return {
    code: state,
    vendor: VENDOR,
    name: known?.name ?? (pair === '--' ? 'Normal termination' : `Termination state ${pair}`),
    meaning,
    causes: known ? [known.detail] : [],
    fixes: known?.fixes ?? genericFixes(who),
    whydownCauses: known?.whydownCauses ?? genericCauses(who, phase),
    note: STATE_NOTE,
  };
}

const STATE_NOTE = 'HAProxy termination state (the %tsc field of the HTTP log): 1st character = who or what ended the session (upper case: an abort or error, lower case: a timeout), 2nd = the phase.';

/**
 * HAProxy's readings of `input`: the state as written, or — when only ignoring case makes it one —
 * every such state, each saying that the input is not a code as written and naming all of them.
 */
export function explainHaproxyInput(input: string): VendorCode[] {
  const { exact, states } = haproxyStatesFor(input);
  const entries = states.map((state) => explainHaproxyState(state)!);
  if (exact || entries.length === 0) return entries;
  const options = entries.map((e) => `\`${e.code}\` (${e.name.charAt(0).toLowerCase()}${e.name.slice(1)})`);
  const question = options.length === 1 ? options[0] : `${options.slice(0, -1).join(', ')} or ${options[options.length - 1]}`;
  const warning = `\`${input}\` is not a HAProxy code as written (HAProxy's codes are case-sensitive); did you mean ${question}?`;
  return entries.map((entry) => ({ ...entry, note: `${warning} ${entry.note ?? ''}`.trim() }));
}

function genericCauses(who: string, phase: string): Cause[] {
  if (who === 'S') return phase === 'C' ? ['upstream-refused'] : ['upstream-closed'];
  if (who === 's') return phase === 'Q' ? ['overloaded'] : ['upstream-timeout'];
  if (who === 'D') return ['no-healthy-upstream'];
  return [];
}

function genericFixes(who: string): string[] {
  switch (who) {
    case 'S': case 's': case 'D': return [SERVER_LOGS, 'Check the backend\'s health-check status (`show servers state` on the runtime API)'];
    case 'P': case 'R': case 'I': return ['Read HAProxy\'s own log and `show errors` on the runtime API'];
    case 'K': return ['Check who killed sessions on the runtime API or stats page'];
    default: return [];
  }
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
