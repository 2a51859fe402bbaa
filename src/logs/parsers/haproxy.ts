// HAProxy's logs: HTTP log lines (`option httplog`), TCP log lines (`option tcplog`), raw on
// stdout or behind a syslog prefix, plus its server-state messages. The termination state
// (`SH--`, `sC--` …, configuration.txt §8.5) names the cause; the status and timers go in the message.
import type { Cause } from '../../core/model.js';
import { IsoCache, LocalClock, MONTHS, digits2, digits4, fractionMs, syslogTime } from '../time.js';
import type { FileParser, LineResult, LogParser } from '../types.js';
import { Interner, makeEvent } from './common.js';

/** `127.0.0.1:57160 [28/Nov/2026:03:33:44.375] ` */
const REQUEST_LINE = /\S+:\d+ \[\d\d\/[A-Z][a-z]{2}\/\d{4}:\d\d:\d\d:\d\d(?:\.\d+)?\] \S+ \S+\/\S+ /;
const STATE_LINE = /(?:Server \S+\/\S+ is DOWN|backend '?\S+?'? has no server available!)/;

export const haproxyParser = {
  id: 'haproxy',
  describes: 'HAProxy logs: option httplog / tcplog lines (termination state, status, timers), server DOWN messages',
  splittable: true,
  detect(sample: readonly string[]): number {
    if (sample.length === 0) return 0;
    return sample.filter((line) => REQUEST_LINE.test(line) || STATE_LINE.test(line)).length / sample.length;
  },
  open(file: string): FileParser {
    return new HaproxyFile(file);
  },
} satisfies LogParser;

const PHASES: Readonly<Record<string, string>> = {
  R: 'waiting for the request', Q: 'queued', C: 'connecting to the server', H: 'waiting for response headers',
  D: 'transferring data', L: 'sending the last data', T: 'tarpitted',
};

/** The cause named by a termination state (first two characters), or null for client-side and normal ends. */
export function terminationCause(state: string, server: string, status: number): Cause | null {
  const who = state[0];
  const phase = state[1];
  switch (who) {
    case 'S':
      if (phase === 'C') return server === '<NOSRV>' ? 'no-healthy-upstream' : 'upstream-refused';
      return 'upstream-closed';
    case 's':
      return phase === 'Q' ? 'overloaded' : 'upstream-timeout';
    case 'P':
      if (phase === 'H' || phase === 'D') return 'upstream-invalid-response';
      if (phase === 'C') return 'overloaded';
      return null; // PR, PT: a request blocked by a rule
    case 'R': return 'overloaded';
    case 'I': return 'unknown';
    case 'D': return 'no-healthy-upstream';
    case '-':
      // The server answered, with a 5xx of its own (or relayed from further in).
      if (status === 500) return 'app-error';
      if (status === 503) return server === '<NOSRV>' ? 'no-healthy-upstream' : 'overloaded';
      if (status >= 500 && status <= 599) return 'unknown';
      return null;
    default:
      return null; // C, c: the client gave up; L: answered locally; K, U: killed by admin/backup
  }
}

class HaproxyFile implements FileParser {
  readonly amendWindow = 0;
  private readonly clock = new LocalClock();
  private readonly iso = new IsoCache();
  private readonly names = new Interner();

  constructor(private readonly file: string) {}

  parse(line: string, lineNumber: number): LineResult {
    const open = findAcceptDate(line);
    if (open < 0) return this.stateMessage(line, lineNumber);
    const close = line.indexOf('] ', open);
    const quote = line.indexOf(' "', close);
    const head = line.slice(close + 2, quote < 0 ? line.length : quote).split(' ');
    // httplog: fe be/srv TR/Tw/Tc/Tr/Ta status bytes cc cs tsc conns queues [{headers}]
    // tcplog:  fe be/srv Tw/Tc/Tt bytes ts conns queues
    const timers = head[2] ?? '';
    const http = timers.split('/').length === 5;
    const state = http ? head[7] : head[4];
    const status = http ? Number(head[3]) : 0;
    if (!state || state.length < 2) return 'skip';
    const backendServer = head[1] ?? '';
    const slash = backendServer.indexOf('/');
    const server = slash < 0 ? backendServer : backendServer.slice(slash + 1);
    const cause = terminationCause(state, server, status);
    if (cause === null) return 'skip';
    const clientStart = line.lastIndexOf(' ', open - 2) + 1;
    const client = line.slice(clientStart, open - 1);
    const at = this.acceptDate(line, open + 1);
    let request: string | null = null;
    if (quote >= 0) {
      const end = line.indexOf('"', quote + 2);
      request = line.slice(quote + 2, end < 0 ? line.length : end);
    }
    const phase = PHASES[state[1] ?? ''] ?? '';
    const message = `${state}${http ? ` ${status}` : ''} after ${timers}${phase ? ` (${describe(state[0]!)} ${phase})` : ''}`;
    return makeEvent(this.file, lineNumber, 'haproxy', cause, message, at, this.iso.format(at),
      this.names.of(backendServer || null), client || null, request);
  }

  /** `Server be/s1 is DOWN, reason: Layer4 connection problem, …` and `backend be has no server available!` */
  private stateMessage(line: string, lineNumber: number): LineResult {
    const down = line.indexOf(' is DOWN');
    if (down >= 0) {
      const serverAt = line.lastIndexOf('Server ', down);
      if (serverAt < 0) return 'skip';
      const upstream = this.names.of(line.slice(serverAt + 7, down));
      const reasonAt = line.indexOf('reason: ', down);
      const reason = reasonAt < 0 ? '' : line.slice(reasonAt + 8, line.indexOf(',', reasonAt) < 0 ? line.length : line.indexOf(',', reasonAt));
      const at = syslogTime(line, this.clock);
      const message = line.slice(serverAt).split('. ')[0]!;
      return makeEvent(this.file, lineNumber, 'haproxy', healthCause(reason, line), message, at, this.iso.format(at), upstream);
    }
    const none = line.indexOf(' has no server available!');
    if (none >= 0) {
      const backendAt = line.lastIndexOf('backend ', none);
      if (backendAt < 0) return 'skip';
      const upstream = this.names.of(line.slice(backendAt + 8, none).replaceAll("'", ''));
      const at = syslogTime(line, this.clock);
      return makeEvent(this.file, lineNumber, 'haproxy', 'no-healthy-upstream', line.slice(backendAt, none + 25), at,
        this.iso.format(at), upstream);
    }
    return null;
  }

  /** `28/Nov/2026:03:33:44.375` (local time). */
  private acceptDate(line: string, p: number): number | null {
    const month = MONTHS[line.slice(p + 3, p + 6)];
    if (month === undefined) return null;
    const ms = line.charCodeAt(p + 20) === 46 ? fractionMs(line, p + 20) : 0;
    return this.clock.toEpoch(digits4(line, p + 7), month, digits2(line, p),
      digits2(line, p + 12), digits2(line, p + 15), digits2(line, p + 18), ms);
  }
}

/** The `[` of the accept date after the client address, or -1. */
function findAcceptDate(line: string): number {
  let from = 0;
  for (let tries = 0; tries < 4; tries++) {
    const open = line.indexOf(' [', from);
    if (open < 0) return -1;
    const p = open + 2;
    if (line.charCodeAt(p + 2) === 47 && line.charCodeAt(p + 6) === 47 && line.charCodeAt(p + 11) === 58
      && line.charCodeAt(open - 1) >= 48 && line.charCodeAt(open - 1) <= 57) return open + 1;
    from = p;
  }
  return -1;
}

function describe(who: string): string {
  switch (who) {
    case 'S': return 'server aborted or refused while';
    case 's': return 'server timeout while';
    case 'P': return 'proxy blocked the response while';
    case 'R': return 'proxy out of resources while';
    case 'I': return 'internal error while';
    case 'D': return 'server marked down while';
    default: return 'ended while';
  }
}

function healthCause(reason: string, line: string): Cause {
  if (reason.startsWith('Layer4 connection problem')) return line.includes('timeout') ? 'upstream-timeout' : 'upstream-refused';
  if (reason.includes('timeout')) return 'upstream-timeout';
  if (reason.startsWith('Layer6')) return 'upstream-tls-failed';
  if (reason.startsWith('Layer7 invalid response')) return 'upstream-invalid-response';
  if (reason.startsWith('Layer7 wrong status')) return 'app-error';
  return 'no-healthy-upstream';
}
