// nginx's error log: `2024/05/01 10:00:00 [error] PID#TID: *CONN <message> while <action>,
// client: …, server: …, request: "…", upstream: "…", host: "…"` (ngx_http_log_error_handler).
// This is the hot path of `whydown logs`: plain string scans, a regex only in detect().
import type { Cause } from '../../core/model.js';
import { IsoCache, LocalClock, digits2, digits4 } from '../time.js';
import type { FileParser, LineResult, LogEvent, LogParser, OpenOptions } from '../types.js';
import { Interner, connectErrnoCause, errnoAt, ioErrnoCause, makeEvent } from './common.js';

const LINE_START = /^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d \[(?:debug|info|notice|warn|error|crit|alert|emerg)\] \d+#\d+: /;

/** A PHP stack trace in `FastCGI sent in stderr` spans lines; its context comes on the last. */
const MULTILINE_WINDOW = 200;

export const nginxParser = {
  id: 'nginx',
  describes: 'nginx error_log: proxy, fastcgi, uwsgi, scgi and grpc upstreams, TCP and unix sockets',
  splittable: true,
  detect(sample: readonly string[]): number {
    if (sample.length === 0) return 0;
    // The lines of a message nginx wrote over several (php-fpm's stderr, newlines and all) are
    // its own too, up to the one that carries the entry's context (`, client: …`).
    let matched = 0;
    let continued = false;
    for (const line of sample) {
      if (LINE_START.test(line)) {
        matched++;
        continued = line.includes(' sent in stderr: "') && !line.includes(', client: ');
      } else if (continued) {
        matched++;
        if (line.includes(', client: ')) continued = false;
      }
    }
    return matched / sample.length;
  },
  open(file: string, options?: OpenOptions): FileParser {
    return new NginxFile(file, options?.detail === 'summary', options?.reuseEvents === true);
  },
} satisfies LogParser;

class NginxFile implements FileParser {
  /** Only multi-line messages are amended, with client and request, which a summary does not need. */
  readonly amendWindow: number;
  private readonly clock = new LocalClock();
  private readonly iso = new IsoCache();
  private readonly peers = new Interner();
  /** A multi-line message whose context line has not come yet. */
  private open: LogEvent | null = null;
  private inMultiline = false;

  /** The one event object handed out again and again when the caller allows it. */
  private readonly scratch: LogEvent | null;

  constructor(private readonly file: string, private readonly lean: boolean, reuse: boolean) {
    this.amendWindow = lean ? 0 : MULTILINE_WINDOW;
    this.scratch = lean && reuse ? makeEvent(file, 0, 'nginx', 'unknown', '', null, null) : null;
  }

  parse(line: string, lineNumber: number): LineResult {
    if (!isEntryStart(line)) {
      if (!this.inMultiline) return null;
      const ctx = line.indexOf(', client: ');
      if (ctx >= 0) {
        if (this.open && lineNumber - this.open.line <= MULTILINE_WINDOW) fillContext(this.open, line, ctx, false, this.peers);
        this.open = null;
        this.inMultiline = false;
      }
      return 'skip'; // the continuation of a message counted on its first line
    }
    this.open = null;
    this.inMultiline = false;
    const level = line.charCodeAt(21);
    if (level === 100 /* d */ || level === 105 /* i */ || level === 110 /* n */) return 'skip';
    let p = line.indexOf(': ', 23);
    if (p < 0) return null;
    p += 2;
    if (line.charCodeAt(p) === 42 /* * */) {
      const space = line.indexOf(' ', p);
      if (space < 0) return null;
      p = space + 1;
    }
    // Cheap pre-filter: every upstream message names an upstream (in the text, the action or the
    // `upstream:` field), except runtime DNS failures and the first line of a multi-line
    // `FastCGI sent in stderr`.
    if (line.indexOf('upstream', p) < 0 && line.charCodeAt(p) !== 70 /* F */ && line.charCodeAt(p) !== 108 /* l(imiting) */
      && !(level === 101 /* e(rror) */ && line.startsWith(' could not be resolved (', line.indexOf(' ', p)))) return 'skip';
    const ctx = line.indexOf(', client: ', p);
    const end = ctx < 0 ? line.length : ctx;
    const cause = classify(line, p, end);
    if (cause === null) {
      if (ctx < 0 && line.startsWith('FastCGI sent in stderr: "', p)) this.inMultiline = true;
      return 'skip';
    }
    const at = this.clock.toEpoch(digits4(line, 0), digits2(line, 5) - 1, digits2(line, 8),
      digits2(line, 11), digits2(line, 14), digits2(line, 17));
    let event: LogEvent;
    if (this.scratch !== null) {
      event = this.scratch;
      event.line = lineNumber;
      event.cause = cause;
      event.at = at;
      event.upstream = null;
    } else if (this.lean) {
      event = makeEvent(this.file, lineNumber, 'nginx', cause, '', at, null);
    } else {
      event = makeEvent(this.file, lineNumber, 'nginx', cause, line.slice(p, end), at, this.iso.format(at));
    }
    if (ctx >= 0) {
      fillContext(event, line, ctx, this.lean, this.peers);
    } else {
      event.upstream = quotedUpstream(line, p, end);
      if (line.startsWith('FastCGI sent in stderr: "', p)) {
        if (!this.lean) this.open = event; // its client and request come on a later line
        this.inMultiline = true;
      }
    }
    if (event.upstream === null) event.upstream = resolvedName(line, p, end);
    return event;
  }
}

function isEntryStart(line: string): boolean {
  return line.length > 30 && line.charCodeAt(4) === 47 && line.charCodeAt(7) === 47
    && line.charCodeAt(10) === 32 && line.charCodeAt(19) === 32 && line.charCodeAt(20) === 91;
}

/**
 * The cause named by the message between `p` and `end`, or null when it is not an upstream
 * failure. Dispatches on a few characters rather than startsWith(): on this hot path a matching
 * startsWith() costs as much as parsing the rest of the line.
 */
export function classify(line: string, p: number, end: number): Cause | null {
  const c = (i: number): number => line.charCodeAt(p + i);
  switch (c(0)) {
    case 117: // u
      if (c(8) !== 32 /* "upstream " */ || c(1) !== 112) break;
      switch (c(9)) {
        case 116: return c(10) === 105 ? 'upstream-timeout' : null; // upstream timed out
        case 112: return c(10) === 114 ? 'upstream-closed' : null; // upstream prematurely closed …
        case 115: // upstream sent … | upstream server temporarily disabled (a companion: not counted)
          if (c(13) !== 32) return null;
          if (c(14) === 116 && c(18) === 98) return 'upstream-header-too-big'; // sent too big header
          if (c(14) === 103) return 'upstream-closed'; // sent goaway
          return 'upstream-invalid-response'; // invalid header, no valid HTTP/1.0 header, unsupported FastCGI …
        case 83: return 'upstream-tls-failed'; // upstream SSL certificate verify error / does not match
        case 114: return c(10) === 101 ? 'upstream-closed' : null; // upstream rejected request (grpc)
        case 98: return 'upstream-header-too-big'; // upstream buffer is too small to read response
        default: return null;
      }
    case 110: // n
      if (c(3) === 108 && c(8) === 117 && line.startsWith('no live upstreams', p)) return 'no-healthy-upstream';
      break;
    case 70: // F
      return line.startsWith('FastCGI sent in stderr: "', p) ? phpStderrCause(line, p + 25, end) : null;
    case 108: // l: limit_req / limit_conn refusing a client (nginx answers 503, or limit_*_status)
      if (line.startsWith('limiting ', p)) return limitCause(line, p, end);
      break;
    case 104: // h
      if (line.startsWith('host not found in upstream', p)) return 'dns-nxdomain';
      break;
    case 83: // S
      if (c(4) === 100 && line.startsWith('SSL_do_handshake() failed', p)) return upstreamSide(line, p, end) ? 'upstream-tls-failed' : null;
      break;
    case 112: // p
      if (line.startsWith('peer closed connection in SSL handshake', p)) return upstreamSide(line, p, end) ? 'upstream-tls-failed' : null;
      break;
    case 99: // c
      if (c(6) === 32 && c(1) === 108) return null; // "client …": the client's side
      break;
    case 101: // e
      if (line.startsWith('epoll_wait() reported that client', p)) return null;
      break;
    default:
      break;
  }
  const resolved = line.indexOf(' could not be resolved (', p);
  if (resolved >= 0 && resolved < end) {
    const errno = errnoAt(line, resolved + 24);
    return errno === 3 ? 'dns-nxdomain' : errno === 110 ? 'dns-timeout' : 'dns-servfail';
  }
  // Any other failed system call on the upstream side: connect(), recv(), writev(), SSL_read() …
  const connect = c(0) === 99 && c(7) === 40 && c(8) === 41; // connect()
  if (connect || upstreamSide(line, p, end)) {
    const failed = line.indexOf(' failed (', p);
    if (failed >= 0 && failed < end) {
      const errno = errnoAt(line, failed + 9);
      if (connect || line.startsWith('connecting to upstream', end - 22)) return connectErrnoCause(errno);
      return ioErrnoCause(errno);
    }
  }
  return null;
}

/**
 * `limiting requests, excess: 0.520 by zone "one"` (ngx_http_limit_req_module.c) and `limiting
 * connections by zone "addr"` (ngx_http_limit_conn_module.c): the request was refused by a limit.
 * A dry run (`limit_req_dry_run on`) logs the same words with ", dry run", and refuses nothing.
 */
function limitCause(line: string, p: number, end: number): Cause | null {
  if (!line.startsWith('limiting requests', p) && !line.startsWith('limiting connections', p)) return null;
  const dry = line.indexOf(', dry run', p);
  return dry >= 0 && dry < end ? null : 'rate-limited';
}

/** `… while <action>`: the failing socket was on the upstream side when the action says so. */
function upstreamSide(line: string, p: number, end: number): boolean {
  return line.startsWith('upstream', end - 8) && line.lastIndexOf(' while ', end) > p;
}

/** What a PHP message passed on by FastCGI means; warnings and notices are not failures. */
function phpStderrCause(line: string, from: number, end: number): Cause | null {
  const text = line.slice(from, Math.min(end, from + 400));
  if (text.includes('Maximum execution time')) return 'upstream-killed';
  if (text.includes('PHP Fatal error') || text.includes('PHP Parse error')) return 'app-error';
  return null; // "Primary script unknown" is a 404, not an upstream failure
}

/** Fills client, request and upstream from the context that follows `, client: `. */
function fillContext(event: LogEvent, line: string, ctx: number, lean: boolean, peers: Interner): void {
  const clientStart = ctx + 10;
  let after = clientStart;
  if (!lean) {
    const clientEnd = line.indexOf(', ', clientStart);
    event.client = line.slice(clientStart, clientEnd < 0 ? line.length : clientEnd) || null;
  }
  const req = lean ? -1 : line.indexOf(', request: "', clientStart);
  if (req >= 0) {
    const start = req + 12;
    let stop = line.indexOf('", upstream: "', start);
    if (stop < 0) stop = line.indexOf('", host: "', start);
    if (stop < 0) stop = line.indexOf('", referrer: "', start);
    if (stop < 0) stop = line.endsWith('"') ? line.length - 1 : line.length;
    event.request = line.slice(start, stop);
    after = stop;
  }
  const up = line.indexOf(', upstream: "', after);
  if (up >= 0) {
    const start = up + 13;
    let stop = line.indexOf('"', start);
    if (stop < 0) stop = line.length;
    event.upstream = peers.text(line, start, peerEnd(line, start, stop));
  }
}

/** Where the peer ends in the upstream URL at [start, stop): before the URI, or the unix socket's `:`. */
function peerEnd(line: string, start: number, stop: number): number {
  const scheme = line.indexOf('://', start);
  if (scheme < 0 || scheme >= stop) return stop;
  const host = scheme + 3;
  if (line.charCodeAt(host) === 117 /* u */ && line.startsWith('unix:', host)) {
    const colon = line.indexOf(':', host + 5);
    return colon < 0 || colon > stop ? stop : colon;
  }
  const slash = line.indexOf('/', host);
  return slash < 0 || slash > stop ? stop : slash;
}

/** `host not found in upstream "app:8080" in …` */
function quotedUpstream(line: string, p: number, end: number): string | null {
  if (!line.startsWith('host not found in upstream "', p)) return null;
  const stop = line.indexOf('"', p + 28);
  return stop < 0 || stop > end ? null : line.slice(p + 28, stop);
}

/** `app.internal could not be resolved (3: Host not found)` → `app.internal`. */
function resolvedName(line: string, p: number, end: number): string | null {
  const at = line.indexOf(' could not be resolved (', p);
  return at < 0 || at > end ? null : line.slice(p, at);
}
