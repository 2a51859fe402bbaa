// Varnish has no error log: its failures are in the shared-memory log. Reads what people save
// from it: `varnishlog` (grouped by vxid or request, or `-g raw`) and `varnishncsa` lines whose
// format includes `%{VSL:FetchError}x`. One event per backend fetch that logged a FetchError, and
// (cached-error) one per 5xx object stored with a TTL and per client request served a cached 5xx
// (varnish-cached-error.ts).
import type { Cause } from '../../core/model.js';
import { IsoCache, clfTime } from '../time.js';
import { ABSOLUTE_REQUEST } from './access.js';
import type { FileParser, LineResult, LogEvent, LogParser } from '../types.js';
import { Interner, makeEvent } from './common.js';
import { CachedErrorWatch } from './varnish-cached-error.js';

const BLOCK = /^\*+ +<< (?:BeReq|Request|Session) +>> \d+/;
const RECORD = /^-+ +[A-Z][A-Za-z_]+ /;
const RAW = /^ *\d+ [A-Z][A-Za-z_]+ +[bc-] /;
const NCSA = /^\S+ \S+ \S+ \[\d\d\/[A-Z][a-z]{2}\/\d{4}:\d\d:\d\d:\d\d [+-]\d{4}\] "/;
/** A quoted field holding a FetchError text (%{VSL:FetchError}x). */
const FETCH_ERROR_FIELD = /"(?:backend \S+: |HTC |http format error|first byte timeout|between bytes timeout|No backend|straight insufficient bytes|Could not get storage|[^"]*: fail errno)/;

/** Client and backend records stay this close together in a saved log. */
const LINK_WINDOW = 400;

export const varnishParser = {
  id: 'varnish',
  describes: 'Varnish: varnishlog output (FetchError records) and varnishncsa lines with %{VSL:FetchError}x',
  splittable: false,
  detect(sample: readonly string[]): number {
    if (sample.length === 0) return 0;
    let log = 0;
    let ncsa = 0;
    for (const line of sample) {
      if (BLOCK.test(line) || RECORD.test(line) || RAW.test(line)) log++;
      else if (NCSA.test(line) && (ABSOLUTE_REQUEST.test(line) || FETCH_ERROR_FIELD.test(line))) ncsa++;
    }
    // A varnishncsa line is an access log line with varnishncsa's marks: the request's target
    // is an absolute URL (varnishncsa rebuilds %r from the Host header), or a FetchError field
    // is logged. Without them it is any server's access log, not Varnish's (the access parser's).
    return (log + ncsa) / sample.length;
  },
  open(file: string): FileParser {
    return new VarnishFile(file);
  },
} satisfies LogParser;

/** The cause of a FetchError text (cache_backend.c, cache_fetch.c, cache_http1_fetch.c). */
export function fetchErrorCause(text: string): Cause | null {
  if (text.endsWith(': unhealthy') || text === 'No backend' || text.includes('returned no backend')) return 'no-healthy-upstream';
  if (text.endsWith(': busy')) return 'overloaded';
  if (text.includes(': fail errno')) return text.includes('errno 110 ') ? 'upstream-timeout' : 'upstream-refused';
  if (text.includes('timeout') || text === 'Resource temporarily unavailable') return 'upstream-timeout';
  if (text === 'overflow' || text.startsWith('HTC overflow')) return 'upstream-header-too-big';
  if (text === 'http format error' || text.startsWith('Received junk') || text.startsWith('HTC junk')
    || text.startsWith('chunked') || text.includes('Invalid')) return 'upstream-invalid-response';
  if (text.startsWith('HTC eof') || text.startsWith('HTC close') || text === 'backend closed'
    || text.includes('insufficient bytes') || text.includes('reset by peer') || text.includes('Broken pipe')) return 'upstream-closed';
  if (text === 'Could not get storage') return 'overloaded';
  return null;
}

interface Fetch {
  vxid: string;
  parent: string;
  at: number | null;
  method: string;
  url: string;
  protocol: string;
  backend: string | null;
  event: LogEvent | null;
}

class VarnishFile implements FileParser {
  readonly amendWindow = LINK_WINDOW;
  private readonly iso = new IsoCache();
  private readonly names = new Interner();
  /** The backend fetch being read (grouped output). */
  private fetch: Fetch | null = null;
  /** The client request block being read: its vxid. */
  private request: string | null = null;
  /** Client address by request vxid, and fetch events waiting for their client, by parent vxid. */
  private readonly clients = new Map<string, string>();
  private readonly waiting = new Map<string, LogEvent>();
  /** `-g raw`: the fetch state by vxid. */
  private readonly raw = new Map<string, Fetch>();
  /** 5xx objects stored in the cache and delivered again from it. */
  private readonly cached: CachedErrorWatch;

  constructor(private readonly file: string) {
    this.cached = new CachedErrorWatch(file, this.iso, (vxid) => this.clients.get(vxid) ?? null);
  }

  parse(line: string, lineNumber: number): LineResult {
    const first = line.charCodeAt(0);
    if (first === 42 /* * */) return this.block(line);
    if (first === 45 /* - */ && RECORD.test(line)) {
      const body = line.replace(/^-+ +/, '');
      return this.record(body, lineNumber, this.fetch);
    }
    if (RAW.test(line)) return this.rawRecord(line, lineNumber);
    if (NCSA.test(line)) return this.ncsa(line, lineNumber);
    if (line.trim() === '') return 'skip';
    return null;
  }

  private block(line: string): LineResult {
    const match = line.match(/<< (\w+) +>> (\d+)/);
    if (!match) return null;
    this.fetch = null;
    this.request = null;
    if (match[1] === 'BeReq') this.fetch = newFetch(match[2]!);
    else if (match[1] === 'Request') {
      this.request = match[2]!;
      this.cached.openRequest(this.request);
    }
    return 'skip';
  }

  /** One record `Tag   value` of the current block. */
  private record(body: string, lineNumber: number, fetch: Fetch | null): LineResult {
    const space = body.indexOf(' ');
    const tag = space < 0 ? body : body.slice(0, space);
    const value = space < 0 ? '' : body.slice(space).trimStart();
    if (fetch) return this.fetchRecord(fetch, tag, value, lineNumber);
    if (tag === 'ReqStart' && this.request) {
      const [address, port] = value.split(' ');
      const client = port ? `${address}:${port}` : address ?? '';
      this.remember(this.request, client);
    }
    if (this.request) return this.cached.requestRecord(this.request, tag, value, lineNumber);
    return 'skip';
  }

  private fetchRecord(fetch: Fetch, tag: string, value: string, lineNumber: number): LineResult {
    switch (tag) {
      case 'Begin': fetch.parent = value.split(' ')[1] ?? ''; break;
      case 'Timestamp': {
        const seconds = Number(value.split(' ')[1]);
        if (seconds > 0) fetch.at = Math.round(seconds * 1000);
        break;
      }
      case 'BereqMethod': fetch.method = value; break;
      case 'BereqURL': fetch.url = value; break;
      case 'BereqProtocol': fetch.protocol = value; break;
      case 'BackendOpen': fetch.backend = value.split(' ')[1] ?? null; break;
      case 'FetchError': return this.fetchError(fetch, value, lineNumber);
      case 'BerespStatus':
      case 'TTL':
        this.cached.fetchRecord(fetch.vxid, tag, value);
        break;
      case 'End': {
        const request = fetch.url ? [fetch.method, fetch.url, fetch.protocol].filter(Boolean).join(' ') : null;
        return this.cached.fetchEnd(fetch.vxid, fetch.event !== null, lineNumber, fetch.at, this.names.of(fetch.backend), request, this.clients.get(fetch.parent) ?? null) ?? 'skip';
      }
      default: break;
    }
    return 'skip';
  }

  private fetchError(fetch: Fetch, text: string, lineNumber: number): LineResult {
    if (fetch.event) {
      // A second FetchError of the same fetch ("Resource temporarily unavailable", then
      // "straight insufficient bytes"): one failure, described by both.
      if (lineNumber - fetch.event.line <= LINK_WINDOW) fetch.event.message += `; ${text}`;
      return 'skip';
    }
    const cause = fetchErrorCause(text) ?? 'unknown';
    const backend = text.match(/^backend ([^:\s]+):/)?.[1] ?? fetch.backend;
    const request = fetch.url ? [fetch.method, fetch.url, fetch.protocol].filter(Boolean).join(' ') : null;
    const event = makeEvent(this.file, lineNumber, 'varnish', cause, `FetchError ${text}`, fetch.at,
      this.iso.format(fetch.at), this.names.of(backend), this.clients.get(fetch.parent) ?? null, request);
    fetch.event = event;
    if (event.client === null && fetch.parent) {
      if (this.waiting.size > 10_000) this.waiting.clear();
      this.waiting.set(fetch.parent, event);
    }
    return event;
  }

  private remember(requestVxid: string, client: string): void {
    const waiting = this.waiting.get(requestVxid);
    if (waiting) {
      waiting.client = client;
      this.waiting.delete(requestVxid);
    }
    if (this.clients.size > 10_000) this.clients.clear();
    this.clients.set(requestVxid, client);
  }

  /** `-g raw`: `     3 FetchError     b backend default: fail errno 111 (Connection refused)` */
  private rawRecord(line: string, lineNumber: number): LineResult {
    const match = line.match(/^ *(\d+) (\S+) +([bc-]) ?(.*)$/);
    if (!match) return null;
    const [, vxid, tag, side, value] = match as unknown as [string, string, string, string, string];
    if (side === 'c') {
      if (tag === 'ReqStart') {
        const [address, port] = value.split(' ');
        this.remember(vxid, port ? `${address}:${port}` : address ?? '');
      }
      if (tag === 'Begin') this.cached.openRequest(vxid);
      return this.cached.requestRecord(vxid, tag, value, lineNumber);
    }
    if (side !== 'b') return 'skip';
    let fetch = this.raw.get(vxid);
    if (tag === 'Begin' || !fetch) {
      if (this.raw.size > 10_000) this.raw.clear();
      fetch = newFetch(vxid);
      this.raw.set(vxid, fetch);
    }
    const result = this.fetchRecord(fetch, tag, value, lineNumber);
    if (tag === 'End') this.raw.delete(vxid);
    return result;
  }

  /** varnishncsa: `%h %l %u %t "%r" %s %b "%{Referer}i" "%{User-agent}i" "%{VSL:FetchError}x"` and the like. */
  private ncsa(line: string, lineNumber: number): LineResult {
    const dateAt = line.indexOf(' [');
    const requestAt = line.indexOf('] "', dateAt);
    const requestEnd = line.indexOf('" ', requestAt + 3);
    if (dateAt < 0 || requestAt < 0 || requestEnd < 0) return null;
    const request = line.slice(requestAt + 3, requestEnd);
    const status = Number(line.slice(requestEnd + 2, line.indexOf(' ', requestEnd + 2)));
    const quoted = [...line.slice(requestEnd + 1).matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1]!);
    let cause: Cause | null = null;
    let text = '';
    for (const field of quoted) {
      cause = fetchErrorCause(field);
      if (cause) {
        text = field;
        break;
      }
    }
    if (!cause) {
      // A 5xx whose format has no FetchError field: a failure, but the log does not say why.
      // (With an empty FetchError field, "-", it is the client side of a fetch logged elsewhere.)
      if (!(status >= 500 && status <= 599) || quoted.length > 2) return 'skip';
      cause = 'unknown';
      text = `status ${status}; add "%{VSL:FetchError}x" to the varnishncsa format to see why`;
    }
    // %h is the client in client mode, but the backend's address in backend mode (-b), which is
    // where FetchErrors are.
    const host = line.slice(0, line.indexOf(' '));
    const address = host === '-' ? null : host;
    const at = clfTime(line, dateAt + 2);
    const backend = text.match(/^backend ([^:\s]+):/)?.[1] ?? null;
    if (cause === 'unknown') {
      return makeEvent(this.file, lineNumber, 'varnish', cause, text, at, this.iso.format(at), null, address, request);
    }
    return makeEvent(this.file, lineNumber, 'varnish', cause, `FetchError ${text}`, at, this.iso.format(at),
      this.names.of(backend ?? address), null, request);
  }
}

function newFetch(vxid: string): Fetch {
  return { vxid, parent: '', at: null, method: '', url: '', protocol: '', backend: null, event: null };
}
