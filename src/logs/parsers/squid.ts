// Squid: its native access.log (`squid` logformat: `%ts.%03tu %6tr %>a %Ss/%03>Hs %<st %rm %ru
// %[un %Sh/%<a %mt`, optionally followed by `%err_code/%err_detail`) and its cache.log
// (`2026/12/06 03:10:15| WARNING: …`, `… kid1| …` with SMP workers). Codes and messages are data
// in squid-codes.ts. The access log says how a request ended; with `%err_code` appended it says
// why exactly, without it a 504 is a timeout and a 502/503 that reached no server (HIER_NONE) a
// refused upstream, while a 5xx from a server that was reached stays `unknown` (closed, reset or
// garbled: the line does not tell them apart; the origin may also have sent it itself).
import type { Cause } from '../../core/model.js';
import { IsoCache, LocalClock, digits2, digits4 } from '../time.js';
import type { FileParser, LineResult, LogEvent, LogParser } from '../types.js';
import { Interner, makeEvent } from './common.js';
import { SQUID_CACHE_LOG, SQUID_ERROR_CODES } from './squid-codes.js';

/** `1796526615.640      0 127.0.0.1 TCP_MISS/502 3401 GET http://… - HIER_NONE/- text/html` */
const ACCESS = /^\d{9,11}\.\d{3} +\d+ \S+ [A-Z_]+\/\d{3} \d+ \S+ \S+ \S+ [A-Z_]+\/\S+/;
/** `2026/12/06 03:10:15| …` or `2026/12/06 03:10:15 kid1| …` */
const CACHE = /^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d(?: kid\d+)?\| /;

export const squidParser = {
  id: 'squid',
  describes: 'Squid: access.log (native format, with %err_code/%err_detail when appended) and cache.log',
  splittable: true,
  detect(sample: readonly string[]): number {
    if (sample.length === 0) return 0;
    let matched = 0;
    let inCacheEntry = false;
    for (const line of sample) {
      if (ACCESS.test(line)) matched++;
      else if (CACHE.test(line)) {
        matched++;
        inCacheEntry = true;
      } else if (inCacheEntry && line.startsWith('    ')) matched++; // `    current master transaction: …`
    }
    return matched / sample.length;
  },
  open(file: string): FileParser {
    return new SquidFile(file);
  },
} satisfies LogParser;

class SquidFile implements FileParser {
  readonly amendWindow = 0;
  private readonly clock = new LocalClock();
  private readonly iso = new IsoCache();
  private readonly peers = new Interner();
  /** Continuation lines belong to the cache.log entry before them. */
  private inCacheEntry = false;

  constructor(private readonly file: string) {}

  parse(line: string, lineNumber: number): LineResult {
    const first = line.charCodeAt(0);
    if (first === 32) return this.inCacheEntry ? 'skip' : null;
    if (line.length > 21 && line.charCodeAt(4) === 47 && line.charCodeAt(7) === 47) {
      this.inCacheEntry = true;
      return this.cacheLine(line, lineNumber);
    }
    this.inCacheEntry = false;
    if (first >= 48 && first <= 57) return this.accessLine(line, lineNumber);
    return line.trim() === '' ? 'skip' : null;
  }

  /** One access.log line; null when it is not one. */
  private accessLine(line: string, lineNumber: number): LineResult {
    if (!worthSplitting(line)) return 'skip';
    const f = fields(line, 12);
    if (f.length < 10) return null;
    const [stamp, elapsed, client, result, , method, url, , hierarchy, , extra] = f as [string, string, string, string, string, string, string, string, string, string, string?];
    const slash = result.indexOf('/');
    const status = Number(result.slice(slash + 1));
    const dot = stamp.indexOf('.');
    if (slash < 0 || !Number.isInteger(status) || dot < 0 || hierarchy.indexOf('/') < 0) return null;
    const errCode = extra !== undefined && extra.startsWith('ERR_') ? extra.slice(0, extra.indexOf('/') < 0 ? extra.length : extra.indexOf('/')) : null;
    const hierCode = hierarchy.slice(0, hierarchy.indexOf('/'));
    const peer = hierarchy.slice(hierarchy.indexOf('/') + 1);
    let cause: Cause | null = null;
    let message: string;
    if (errCode !== null) {
      cause = SQUID_ERROR_CODES[errCode] ?? null;
      if (cause === null) return 'skip'; // a client-side code (ERR_CLIENT_GONE, ERR_ACCESS_DENIED…)
      // Squid 5.7 logs a connect that failed before any server answered as ERR_READ_ERROR with HIER_NONE.
      if (hierCode === 'HIER_NONE' && cause === 'upstream-closed') cause = 'upstream-refused';
      message = `${result} ${errCode}${extra!.length > errCode.length ? extra!.slice(errCode.length) : ''} ${hierarchy}`;
    } else {
      if (status < 500 || status > 599) return 'skip';
      if (status === 504) cause = 'upstream-timeout';
      else if (hierCode === 'HIER_NONE') cause = 'upstream-refused';
      else cause = 'unknown';
      message = cause === 'unknown'
        ? `${result} ${hierarchy}: Squid reached the server; add %err_code/%err_detail to the logformat to see why`
        : `${result} ${hierarchy}`;
    }
    const at = Number(stamp.slice(0, dot)) * 1000 + Number(stamp.slice(dot + 1, dot + 4));
    if (!Number.isFinite(at) || at < 0 || at > 8.64e15) return null; // not Squid's `%ts.%03tu`
    const event: LogEvent = makeEvent(this.file, lineNumber, 'squid', cause, message, at, this.iso.format(at),
      peer === '-' ? null : this.peers.text(peer, 0, peer.length), client, `${method} ${url}`);
    event.status = status;
    event.path = pathOf(url);
    // Squid's %tr is the whole request, in ms. (Not marked kind "access": the access summary's
    // advice to read the error log does not fit Squid, whose own line says what to add.)
    event.requestTime = Number(elapsed) / 1000;
    return event;
  }

  /** One cache.log entry's first line. */
  private cacheLine(line: string, lineNumber: number): LineResult {
    const bar = line.indexOf('| ', 19);
    if (bar < 0 || bar > 30) return null;
    let p = bar + 2;
    if (line.startsWith('WARNING: ', p)) p += 9;
    else if (line.startsWith('ERROR: ', p)) p += 7;
    let cause: Cause | null = null;
    for (const known of SQUID_CACHE_LOG) {
      if (!line.startsWith(known.text, p)) continue;
      // "TCP connection to 127.0.0.1/8080 failed", "Connection to peer failed": only failures.
      if ((known.text === 'TCP connection to ' || known.text === 'Connection to ') && !line.includes(' failed', p)) continue;
      cause = known.cause;
      break;
    }
    if (cause === null) {
      const code = /\bERR_[A-Z_]+/.exec(line.slice(p));
      cause = code ? SQUID_ERROR_CODES[code[0]] ?? null : null;
    }
    if (cause === null) return 'skip';
    const at = this.clock.toEpoch(digits4(line, 0), digits2(line, 5) - 1, digits2(line, 8), digits2(line, 11), digits2(line, 14), digits2(line, 17));
    const message = line.slice(p);
    const url = /\b(?:for|of) (https?:\/\/\S+)/.exec(message)?.[1] ?? null;
    return makeEvent(this.file, lineNumber, 'squid', cause, message, at, this.iso.format(at), this.peers.of(peerIn(message)), null, url);
  }
}

/**
 * Most lines are successes: read the status and any ERR_ code in place, and split the line into
 * fields only for a 5xx or a server-side code (the hot path of a big access.log). A line too odd
 * to pre-read is split anyway, so the full check decides.
 */
function worthSplitting(line: string): boolean {
  let i = 0;
  for (let field = 0; field < 3; field++) {
    while (line.charCodeAt(i) === 32) i++;
    i = line.indexOf(' ', i);
    if (i < 0) return true;
  }
  const slash = line.indexOf('/', i);
  if (slash < 0) return true;
  if (line.charCodeAt(slash + 1) === 53 /* 5xx */) return true;
  const err = line.indexOf(' ERR_', slash);
  if (err < 0) return false;
  const stop = line.indexOf('/', err);
  return SQUID_ERROR_CODES[line.slice(err + 1, stop < 0 ? line.length : stop)] !== undefined;
}

/** Up to `max` space-separated fields (runs of spaces are one separator: `%6tr` pads). */
function fields(line: string, max: number): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < line.length && out.length < max) {
    while (line.charCodeAt(i) === 32) i++;
    if (i >= line.length) break;
    let end = line.indexOf(' ', i);
    if (end < 0) end = line.length;
    out.push(line.slice(i, end));
    i = end;
  }
  return out;
}

function pathOf(url: string): string | null {
  const scheme = url.indexOf('://');
  const start = scheme < 0 ? 0 : url.indexOf('/', scheme + 3);
  if (start < 0) return '/';
  const query = url.indexOf('?', start);
  return url.slice(start, query < 0 ? url.length : query);
}

/** `TCP connection to 127.0.0.1/8080 failed` → `127.0.0.1:8080`; `Detected DEAD Parent: origin` → `origin`. */
function peerIn(message: string): string | null {
  const tcp = /connection to (\S+?)\/(\d+) failed/i.exec(message);
  if (tcp) return `${tcp[1]}:${tcp[2]}`;
  const dead = /^Detected DEAD (?:Parent|Sibling): (\S+)/.exec(message);
  if (dead) return dead[1]!;
  const named = /^Connection to (\S+) failed/.exec(message);
  return named ? named[1]! : null;
}
