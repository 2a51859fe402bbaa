// Apache httpd's error log (2.4 default ErrorLogFormat, and 2.2's shorter one):
// `[Sat Nov 28 03:32:46.740213 2026] [proxy:error] [pid 1:tid 2] (111)Connection refused: [client 127.0.0.1:45366] AH00957: …`
// One failure is usually two or three entries from the same thread (AH00957 then AH00959 and
// AH01114; AH01102 then AH00898 "… returned by /path"): the first is the event, the others fill in
// its client and request, so each failure is counted once.
import type { Cause } from '../../core/model.js';
import { IsoCache, LocalClock, MONTHS, digits2, digits4, fractionMs } from '../time.js';
import type { FileParser, LineResult, LogEvent, LogParser } from '../types.js';
import { Interner, connectErrnoCause, errnoAt, ioErrnoCause, makeEvent } from './common.js';

const LINE_START = /^\[(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) [A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d(?:\.\d+)? \d{4}\] \[/;
/** Companion entries must follow within this many lines. */
const COMPANION_WINDOW = 64;

export const apacheParser = {
  id: 'apache',
  describes: 'Apache httpd error_log: mod_proxy, mod_proxy_http, mod_proxy_fcgi, mod_proxy_balancer (AH codes), MaxRequestWorkers',
  splittable: true,
  detect(sample: readonly string[]): number {
    if (sample.length === 0) return 0;
    return sample.filter((line) => LINE_START.test(line)).length / sample.length;
  },
  open(file: string): FileParser {
    return new ApacheFile(file);
  },
} satisfies LogParser;

/** One parsed entry: the fields of the prefix and the message. */
interface Entry {
  module: string;
  thread: string;
  errno: number;
  client: string | null;
  code: string;
  message: string;
}

/** An event still open for companion entries from its thread. */
interface Open { event: LogEvent; expects: Set<string> }

/** Primary entry → the companions that may follow it on the same thread. */
const COMPANIONS: Readonly<Record<string, readonly string[]>> = {
  AH00957: ['AH00959', 'AH01114', 'AH00898'],
  AH02454: ['AH00959', 'AH01079', 'AH00898'],
  AH01102: ['AH00898'],
  AH01084: ['AH00898', 'AH01097'],
  AH10124: ['AH01106', 'AH00898'],
  AH01068: ['AH01075'],
  AH01067: ['AH01075'],
  AH01070: ['AH01075'],
  AH01071: ['AH01075'],
};

class ApacheFile implements FileParser {
  readonly amendWindow = COMPANION_WINDOW;
  private readonly clock = new LocalClock();
  private readonly iso = new IsoCache();
  private readonly open = new Map<string, Open>();
  private readonly names = new Interner();

  constructor(private readonly file: string) {}

  parse(line: string, lineNumber: number): LineResult {
    if (line.charCodeAt(0) !== 91 /* [ */ || line.charCodeAt(4) !== 32) return null;
    const dateEnd = line.indexOf('] [', 20);
    if (dateEnd < 0 || dateEnd > 40) return null;
    // Cheap pre-filter: only proxy modules, the MPM and CGI write upstream failures.
    if (line.indexOf('proxy', dateEnd) < 0 && line.indexOf('MaxRequestWorkers', dateEnd) < 0
      && line.indexOf('AH02429', dateEnd) < 0 && line.indexOf('AH02430', dateEnd) < 0
      && line.indexOf('AH01220', dateEnd) < 0 && line.indexOf('AH01215', dateEnd) < 0) return 'skip';
    const entry = parseEntry(line, dateEnd + 2);
    if (!entry) return 'skip';

    const open = this.open.get(entry.thread);
    if (open && entry.code !== '' && open.expects.has(entry.code) && lineNumber - open.event.line <= COMPANION_WINDOW) {
      open.expects.delete(entry.code);
      amend(open.event, entry, this.names);
      return 'skip';
    }
    const cause = classify(entry);
    if (cause === null) return 'skip';
    const at = this.time(line, dateEnd);
    const message = entry.code ? `${entry.code}: ${entry.message}` : entry.message;
    const event = makeEvent(this.file, lineNumber, 'apache', cause, message, at, this.iso.format(at),
      this.names.of(upstreamOf(entry)), entry.client, requestOf(entry.message));
    const expects = COMPANIONS[entry.code];
    if (expects) {
      if (this.open.size > 1000) this.open.clear();
      this.open.set(entry.thread, { event, expects: new Set(expects) });
    } else {
      this.open.delete(entry.thread);
    }
    return event;
  }

  /** `[Sat Nov 28 03:32:46.740213 2026]` (local time). */
  private time(line: string, dateEnd: number): number | null {
    const month = MONTHS[line.slice(5, 8)];
    if (month === undefined) return null;
    const day = line.charCodeAt(9) === 32 ? line.charCodeAt(10) - 48 : digits2(line, 9);
    const ms = line.charCodeAt(20) === 46 ? fractionMs(line, 20) : 0;
    return this.clock.toEpoch(digits4(line, dateEnd - 4), month, day,
      digits2(line, 12), digits2(line, 15), digits2(line, 18), ms);
  }
}

/** The bracketed fields after the date, then `(errno)text: `, `[client …] `, `AHnnnnn: ` and the message. */
function parseEntry(line: string, from: number): Entry | null {
  let p = from;
  let module = '';
  let thread = '';
  let client: string | null = null;
  let errno = -1;
  // [module:level] (2.2: [level])
  if (line.charCodeAt(p) !== 91) return null;
  let close = line.indexOf('] ', p);
  if (close < 0) return null;
  const tag = line.slice(p + 1, close);
  const colon = tag.indexOf(':');
  module = colon < 0 ? '' : tag.slice(0, colon);
  p = close + 2;
  for (;;) {
    if (line.startsWith('[pid ', p)) {
      close = line.indexOf('] ', p);
      if (close < 0) return null;
      thread = line.slice(p + 5, close);
      p = close + 2;
    } else if (line.startsWith('[client ', p) || line.startsWith('[remote ', p)) {
      close = line.indexOf('] ', p);
      if (close < 0) return null;
      if (line.charCodeAt(p + 1) === 99 /* c */) client = line.slice(p + 8, close);
      p = close + 2;
    } else if (line.charCodeAt(p) === 40 /* ( */) {
      // (111)Connection refused: — the APR/OS error of this entry
      const end = line.indexOf(': ', p);
      if (end < 0) break;
      errno = errnoAt(line, p + 1);
      p = end + 2;
    } else {
      break;
    }
  }
  let code = '';
  if (line.startsWith('AH', p) && line.charCodeAt(p + 7) === 58 /* : */) {
    code = line.slice(p, p + 7);
    p += 9;
  }
  let message = line.slice(p);
  const referer = message.lastIndexOf(', referer: ');
  if (referer >= 0) message = message.slice(0, referer);
  if (line.startsWith('proxy: ', p)) message = message.slice(7); // 2.2
  return { module, thread: thread || (client ?? ''), errno, client, code, message };
}

function classify(entry: Entry): Cause | null {
  const { code, message, errno } = entry;
  switch (code) {
    case 'AH00957': case 'AH02454': return connectErrnoCause(errno);
    case 'AH01114': case 'AH01079': return 'upstream-refused';
    case 'AH00940': case 'AH01170': case 'AH01167': return 'no-healthy-upstream';
    case 'AH00934': return 'overloaded';
    case 'AH00484': case 'AH00161': return 'overloaded';
    case 'AH01102': return statusLineCause(errno);
    case 'AH01075': case 'AH01110': return errno === 70007 ? 'upstream-timeout' : ioErrnoCause(errno);
    case 'AH01084': case 'AH01097': case 'AH01073': case 'AH01074': return errno === 70007 ? 'upstream-timeout' : 'upstream-closed';
    case 'AH10124': return 'upstream-header-too-big';
    case 'AH01106': case 'AH01099': case 'AH01107': case 'AH02429': case 'AH02430': case 'AH01068': case 'AH01070':
      return 'upstream-invalid-response';
    case 'AH01067': return 'upstream-closed';
    case 'AH01071': return phpCause(message);
    case 'AH01220': return 'upstream-timeout';
    case 'AH01215': return 'upstream-closed';
    case 'AH00898': return reasonCause(message);
    case 'AH00959': return null;
    case 'AH10159': return null; // "within MinSpareThreads of MaxRequestWorkers": a warning, not a refusal
    default: break;
  }
  // Entries without a known code (2.2, or codes not listed above): the message text.
  if (message.includes('attempt to connect to') && message.includes('failed')) return connectErrnoCause(errno);
  if (message.includes('failed to make connection to backend')) return 'upstream-refused';
  if (message.includes('All workers are in error state') || message.startsWith('disabled connection for')) return 'no-healthy-upstream';
  if (message.includes('all workers are busy') || message.includes('MaxRequestWorkers setting')) return 'overloaded';
  if (message.includes('error reading status line from remote server')) return statusLineCause(errno);
  if (message.includes('header size is over the limit')) return 'upstream-header-too-big';
  if (message.startsWith('Error reading from remote server') || message.startsWith('DNS lookup failure')
    || message.startsWith('Error during SSL Handshake')) return reasonCause(message);
  if (message.startsWith('SSL Proxy connect failed')) return 'upstream-tls-failed';
  return null;
}

/**
 * AH01102 "error reading status line from remote server": (70007) the read timed out; (22)
 * EINVAL is what httpd's line reader returns for bytes that cannot be a line (a NUL in the
 * status line — seen with an upstream that sends garbage); otherwise the connection broke.
 */
function statusLineCause(errno: number): Cause | null {
  if (errno === 70007) return 'upstream-timeout';
  if (errno === 22) return 'upstream-invalid-response';
  return ioErrnoCause(errno);
}

/** The `Reason:` of ap_proxyerror, as logged in AH00898 "<reason> returned by <path>". */
function reasonCause(message: string): Cause | null {
  if (message.startsWith('Error during SSL Handshake')) return 'upstream-tls-failed';
  if (message.startsWith('DNS lookup failure')) return 'dns-nxdomain';
  if (message.startsWith('Timeout on 100-Continue')) return 'upstream-timeout';
  if (message.startsWith('Error reading from remote server')) return 'upstream-closed';
  if (message.startsWith('Corrupt status line')) return 'upstream-invalid-response';
  return null;
}

function phpCause(message: string): Cause | null {
  if (message.includes('Maximum execution time')) return 'upstream-killed';
  if (message.includes('PHP Fatal error') || message.includes('PHP Parse error')) return 'app-error';
  return null;
}

/** A companion entry adds what the first entry lacked. */
function amend(event: LogEvent, entry: Entry, names: Interner): void {
  if (event.client === null) event.client = entry.client;
  if (event.request === null) event.request = requestOf(entry.message);
  if (entry.code === 'AH00898') {
    const cause = reasonCause(entry.message);
    if (cause === 'upstream-tls-failed') {
      event.cause = cause;
      event.message = `${event.message}; ${entry.code}: ${entry.message}`;
    }
  }
  if (event.upstream === null) event.upstream = names.of(upstreamOf(entry));
}

/** `… returned by /path` or `… returned by /path (GET)` → `/path` or `GET /path`. */
function requestOf(message: string): string | null {
  const at = message.lastIndexOf(' returned by /');
  if (at < 0) return null;
  let path = message.slice(at + 13);
  const method = path.match(/^(\S+) \(([A-Z]+)\)$/);
  if (method) path = `${method[2]} ${method[1]}`;
  return path;
}

function upstreamOf(entry: Entry): string | null {
  const m = entry.message;
  let match = m.match(/attempt to connect to Unix domain socket (\S+)/);
  if (match) return `unix:${match[1]}`;
  match = m.match(/attempt to connect to (\S+)/)
    ?? m.match(/(?:from|to) remote server (\S+)/)
    ?? m.match(/(balancer:\/\/[^:\s]+)/)
    ?? m.match(/disabled connection for \((\S+?)\)/)
    ?? m.match(/pass request body failed to (\S+)/)
    ?? m.match(/connection to backend: (\S+)/)
    ?? m.match(/^server (\S+) returned/)
    ?? m.match(/DNS lookup failure for: (\S+)/);
  return match ? match[1]! : null;
}
