// lighttpd's error log: `2024-05-01 10:00:00: (gw_backend.c.274) establishing connection failed: socket: tcp:127.0.0.1:9000: Connection refused`
// mod_proxy, mod_fastcgi, mod_scgi (gw_backend.c since 1.4.46; mod_fastcgi.c before).
// lighttpd logs nothing for an upstream that closes without answering or answers garbage
// (seen with 1.4.69: a 500/502 and no log line, even with proxy.debug).
import type { Cause } from '../../core/model.js';
import { IsoCache, LocalClock, digits2, digits4 } from '../time.js';
import type { FileParser, LineResult, LogEvent, LogParser } from '../types.js';
import { Interner, connectErrnoCause, makeEvent } from './common.js';

const LINE_START = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d: \(\S+\.c\.\d+\) /;
const COMPANION_WINDOW = 8;

export const lighttpdParser = {
  id: 'lighttpd',
  describes: 'lighttpd error log: mod_proxy, mod_fastcgi, mod_scgi backends',
  splittable: true,
  detect(sample: readonly string[]): number {
    if (sample.length === 0) return 0;
    return sample.filter((line) => LINE_START.test(line)).length / sample.length;
  },
  open(file: string): FileParser {
    return new LighttpdFile(file);
  },
} satisfies LogParser;

const STRERROR_ERRNO: Readonly<Record<string, number>> = {
  'Connection refused': 111, 'No such file or directory': 2, 'Permission denied': 13,
  'Resource temporarily unavailable': 11, 'Connection timed out': 110, 'No route to host': 113,
};

class LighttpdFile implements FileParser {
  readonly amendWindow = COMPANION_WINDOW;
  private readonly clock = new LocalClock();
  private readonly iso = new IsoCache();
  private readonly names = new Interner();
  /** Connect failures just logged: "all handlers … are down" right after them names their request. */
  private recent: LogEvent[] = [];
  private eof: LogEvent | null = null;

  constructor(private readonly file: string) {}

  parse(line: string, lineNumber: number): LineResult {
    if (line.charCodeAt(4) !== 45 || line.charCodeAt(19) !== 58 || line.charCodeAt(21) !== 40) return null;
    const close = line.indexOf(') ', 22);
    if (close < 0) return null;
    const source = line.slice(22, close);
    if (!(source.startsWith('gw_backend') || source.startsWith('mod_') || source.startsWith('http-header-glue'))) return 'skip';
    const message = line.slice(close + 2);
    const handlersDown = message.match(/^all handlers for (.*) on (.*) are down\.$/);
    if (handlersDown) {
      // Logged after the connect failures of this request (one per backend tried); alone, it
      // means no backend was left to try.
      const recent = this.recent.filter((event) => lineNumber - event.line <= COMPANION_WINDOW && event.request === null);
      this.recent = [];
      for (const event of recent) event.request = handlersDown[1]!;
      if (recent.length > 0) return 'skip';
      return this.event(line, lineNumber, 'no-healthy-upstream', message, null, handlersDown[1]!);
    }
    const found = classify(message);
    if (!found) return 'skip';
    // Before 1.4.46 mod_fastcgi logged "unexpected end-of-file (perhaps the fastcgi process died)"
    // and then "response not received … for <request>" for the same failure.
    const eof = this.eof;
    this.eof = null;
    if (eof && found.request !== null && eof.upstream === found.upstream && lineNumber - eof.line <= COMPANION_WINDOW) {
      eof.request = found.request;
      return 'skip';
    }
    const event = this.event(line, lineNumber, found.cause, message, found.upstream, found.request);
    if (message.startsWith('unexpected end-of-file')) this.eof = event;
    if (found.connect) this.recent.push(event);
    else this.recent = [];
    return event;
  }

  private event(line: string, n: number, cause: Cause, message: string, upstream: string | null, request: string | null): LogEvent {
    const at = this.clock.toEpoch(digits4(line, 0), digits2(line, 5) - 1, digits2(line, 8),
      digits2(line, 11), digits2(line, 14), digits2(line, 17));
    return makeEvent(this.file, n, 'lighttpd', cause, message, at, this.iso.format(at), this.names.of(upstream), null, request);
  }
}

interface Found { cause: Cause; upstream: string | null; request: string | null; connect: boolean }

function classify(message: string): Found | null {
  // 1.4.46+: "establishing connection failed: socket: tcp:127.0.0.1:9000: Connection refused"
  let m = message.match(/^establishing connection failed: socket: (.+): ([^:]+)$/);
  if (m) return { cause: connectErrnoCause(STRERROR_ERRNO[m[2]!] ?? -1), upstream: m[1]!, request: null, connect: true };
  // older mod_fastcgi: "connect failed: Connection refused on unix:/tmp/php.socket-0"
  m = message.match(/^connect failed: (.+) on (\S+)$/);
  if (m) return { cause: connectErrnoCause(STRERROR_ERRNO[m[1]!] ?? -1), upstream: m[2]!, request: null, connect: true };
  m = message.match(/^(connect|read|write) timeout on socket: (\S+)/);
  if (m) return { cause: 'upstream-timeout', upstream: m[2]!, request: null, connect: false };
  m = message.match(/^response not received, request sent: \d+ on socket: (\S+) for (.*?),? closing connection$/);
  if (m) return { cause: 'upstream-closed', upstream: m[1]!, request: m[2]!.trim(), connect: false };
  m = message.match(/^unexpected end-of-file \(perhaps the \w+ process died\):.*socket: (\S+)/);
  if (m) return { cause: 'upstream-closed', upstream: m[1]!, request: null, connect: false };
  m = message.match(/^response headers too large for (.*)$/);
  if (m) return { cause: 'upstream-header-too-big', upstream: null, request: m[1]!, connect: false };
  return null;
}
