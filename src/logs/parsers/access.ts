// Access logs of the combined/common family: `%h %l %u %t "%r" %>s %b` (Apache's `common`), with
// `"%{Referer}i" "%{User-Agent}i"` (Apache's and nginx's `combined`, lighttpd's default), and the
// fields people append to nginx's format: `$upstream_addr`, `$upstream_response_time`,
// `$request_time`, bare or labelled (`ua="…" urt="…" rt=…`).
//
// An access log records that a request failed, never why: each 5xx line is an event of cause
// `unknown` carrying its status, path and, when logged, upstream and timing. Even a 504 that took
// exactly a proxy time limit is not named a timeout here — the same line is written for an
// upstream that answered 504 itself; the error log holds the cause.
import { IsoCache, clfTime } from '../time.js';
import type { FileParser, LineResult, LogEvent, LogParser } from '../types.js';
import { Interner, makeEvent } from './common.js';

/** Host, ident, user, `[time zone]`, the quoted request, status, bytes. */
const HEAD = /^\S+ \S+ \S+ \[\d\d\/[A-Z][a-z]{2}\/\d{4}:\d\d:\d\d:\d\d [+-]\d{4}\] "(?:[^"\\]|\\.)*" \d{3} (?:\d+|-)(?: |$)/;
/** A request line whose target is an absolute URL: what varnishncsa writes (and forward proxies). */
export const ABSOLUTE_REQUEST = /\] "[A-Z]+ [a-z]+:\/\//;

/** Labels people give the appended fields (nginx's variable names and their usual short forms). */
const UPSTREAM_LABELS = new Set(['upstream_addr', 'upstream_address', 'upstream', 'ua', 'upaddr', 'up_addr']);
const UPSTREAM_TIME_LABELS = new Set(['upstream_response_time', 'upstream_time', 'urt', 'upt', 'up_time']);
const REQUEST_TIME_LABELS = new Set(['request_time', 'rt', 'req_time', 'reqtime']);

/** One item of `$upstream_addr`: `127.0.0.1:8080`, `[::1]:8080`, `unix:/run/app.sock`, or a URL (Apache's BALANCER_WORKER_NAME). */
const ADDRESS_ITEM = /^(?:unix:\S+|\[[0-9a-fA-F:.]+\]:\d+|\d{1,3}(?:\.\d{1,3}){3}:\d+|[a-z][a-z0-9+.-]*:\/\/\S+)$/;
/** nginx writes times in seconds with three decimals; lists (one per upstream tried) as for addresses. */
const TIME_ITEM = /^\d+\.\d{3}$/;
/** nginx separates the upstreams tried with `, ` and the ones of an internal redirect with ` : `. */
const LIST_SEPARATOR = /, | : /;

export const accessParser = {
  id: 'access',
  describes: 'access logs (combined/common, nginx/Apache/lighttpd): 5xx lines with status, path, upstream and timing — not their cause',
  splittable: true,
  detect(sample: readonly string[]): number {
    if (sample.length === 0) return 0;
    let score = 0;
    for (const line of sample) {
      // Absolute-URL requests are varnishncsa's signature: worth half here, so Varnish wins those files.
      if (HEAD.test(line)) score += ABSOLUTE_REQUEST.test(line) ? 0.5 : 1;
    }
    return score / sample.length;
  },
  open(file: string): FileParser {
    return new AccessFile(file);
  },
} satisfies LogParser;

/** The index of the quote that closes a request starting at `from`, skipping `\"` (Apache's escape), or -1. */
function closingQuote(line: string, from: number): number {
  let q = line.indexOf('"', from);
  while (q > 0) {
    let backslashes = 0;
    for (let i = q - 1; i >= from && line.charCodeAt(i) === 92; i--) backslashes++;
    if (backslashes % 2 === 0) return q;
    q = line.indexOf('"', q + 1);
  }
  return -1;
}

/** `/a/b?x=1` → `/a/b`; an absolute URL → its path; `-` or a garbled request → null. */
export function requestPath(request: string): string | null {
  const space = request.indexOf(' ');
  if (space < 0) return null;
  const end = request.indexOf(' ', space + 1);
  let target = request.slice(space + 1, end < 0 ? request.length : end);
  const scheme = target.indexOf('://');
  if (scheme > 0 && scheme < 10) {
    const slash = target.indexOf('/', scheme + 3);
    target = slash < 0 ? '/' : target.slice(slash);
  }
  const cut = target.search(/[?#]/);
  if (cut >= 0) target = target.slice(0, cut);
  return target.startsWith('/') || target === '*' ? target : null;
}

interface Extras { upstream: string | null; upstreamTime: number | null; requestTime: number | null }

/** The fields after status and bytes: referer and user agent (quoted), then what was appended. */
export function readExtras(tail: string): Extras {
  const extras: Extras = { upstream: null, upstreamTime: null, requestTime: null };
  const tokens = tokenize(tail);
  let afterAddress = false;
  let quotedSeen = 0;
  const lone: number[] = [];
  for (const { text, quoted, label } of tokens) {
    const wasAfterAddress = afterAddress;
    afterAddress = false;
    if (label !== null) {
      if (UPSTREAM_LABELS.has(label)) extras.upstream = addressOf(text);
      else if (UPSTREAM_TIME_LABELS.has(label)) extras.upstreamTime = timeOf(text);
      else if (REQUEST_TIME_LABELS.has(label)) extras.requestTime = timeOf(text);
      continue;
    }
    // Referer and user agent are the first two quoted fields; anything may be in them.
    if (quoted && quotedSeen < 2) {
      quotedSeen++;
      continue;
    }
    const address = addressOf(text);
    if (address !== null) {
      extras.upstream = address;
      afterAddress = true;
      continue;
    }
    const time = timeOf(text);
    if (time === null) continue;
    // `$upstream_response_time` is written next to `$upstream_addr`, and only it can be a list.
    if ((wasAfterAddress || text.includes(',') || text.includes(' : ')) && extras.upstreamTime === null) extras.upstreamTime = time;
    else lone.push(time);
  }
  // Bare times with nothing to tell them apart: the first is the request's (`$request_time
  // $upstream_response_time` is the usual order), the next the upstream's.
  if (lone.length > 0 && extras.requestTime === null) extras.requestTime = lone.shift()!;
  if (lone.length > 0 && extras.upstreamTime === null) extras.upstreamTime = lone.shift()!;
  return extras;
}

interface Token { text: string; quoted: boolean; label: string | null }

function tokenize(tail: string): Token[] {
  const tokens: Token[] = [];
  // A bare value runs to the next space, unless a list goes on (`a:1, b:2`, `a:1 : b:2`).
  const pattern = /(?:([A-Za-z_][\w-]*)=)?(?:"((?:[^"\\]|\\.)*)"|(\S+?(?:(?:,| :) \S+?)*)(?=\s|$))/g;
  for (const match of tail.matchAll(pattern)) {
    const quoted = match[2] !== undefined;
    tokens.push({ text: quoted ? match[2]! : match[3]!, quoted, label: match[1]?.toLowerCase() ?? null });
  }
  return tokens;
}

/** An `$upstream_addr` value (possibly a list), or null when it is not one. */
function addressOf(text: string): string | null {
  if (text === '' || text === '-') return null;
  return text.split(LIST_SEPARATOR).every((item) => ADDRESS_ITEM.test(item)) ? text : null;
}

/** Seconds in a time field; a list (one per upstream tried) is summed; `-` items count nothing. */
function timeOf(text: string): number | null {
  let total = 0;
  let any = false;
  for (const item of text.split(LIST_SEPARATOR)) {
    if (item === '-') continue;
    if (!TIME_ITEM.test(item)) return null;
    total += Number(item);
    any = true;
  }
  return any ? Math.round(total * 1000) / 1000 : null;
}

class AccessFile implements FileParser {
  readonly amendWindow = 0;
  private readonly iso = new IsoCache();
  private readonly names = new Interner();

  constructor(private readonly file: string) {}

  parse(line: string, lineNumber: number): LineResult {
    const open = line.indexOf(' [');
    const close = open < 0 ? -1 : line.indexOf('] "', open);
    if (close < 0) return line.trim() === '' ? 'skip' : null;
    const end = closingQuote(line, close + 3);
    if (end < 0 || line.charCodeAt(end + 1) !== 32) return null;
    const status = Number(line.slice(end + 2, end + 5));
    if (!(status >= 100 && status <= 599) || (line.length > end + 5 && line.charCodeAt(end + 5) !== 32)) return null;
    // Most lines end here: only a server error is an event.
    if (status < 500) return 'skip';
    const request = line.slice(close + 3, end);
    const bytesEnd = line.indexOf(' ', end + 6);
    const extras = bytesEnd < 0 ? { upstream: null, upstreamTime: null, requestTime: null } : readExtras(line.slice(bytesEnd + 1));
    const host = line.slice(0, line.indexOf(' '));
    const at = clfTime(line, open + 2);
    const upstream = this.names.of(extras.upstream);
    const message = `status ${status}${upstream ? `, upstream ${upstream}` : ''}`
      + `${extras.upstreamTime !== null ? ` after ${extras.upstreamTime.toFixed(3)} s` : ''}; the access log does not say why`;
    const event: LogEvent = makeEvent(this.file, lineNumber, 'access', 'unknown', message, at, this.iso.format(at),
      upstream, host === '-' ? null : host, request === '-' ? null : request);
    event.kind = 'access';
    event.status = status;
    event.path = requestPath(request);
    event.upstreamTime = extras.upstreamTime;
    event.requestTime = extras.requestTime;
    return event;
  }
}
