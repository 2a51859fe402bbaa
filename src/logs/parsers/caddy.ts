// Caddy v2's log: JSON (the default for files) or console lines (`2024/05/01 10:00:00.123\tERROR\thttp.log.error\t<msg>\t{…}`).
// The entries of logger `http.log.error` from reverse_proxy carry the Go error text in `msg`.
// Access entries ("handled request") carry no reason and are skipped, as are health-check
// attempts (logged on every failed check, not per request).
import type { Cause } from '../../core/model.js';
import { IsoCache } from '../time.js';
import type { FileParser, LineResult, LogParser } from '../types.js';
import { Interner, makeEvent } from './common.js';

const CONSOLE = /^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d\.\d{3}\t[A-Z]+\t\S+\t/;
/** Caddy's own logger names (caddy.Log() modules): http.log.error, http.handlers.reverse_proxy, tls.obtain, admin, pki.… */
const CADDY_LOGGER = /"logger":"(?:http|tls|admin|pki|events|caddy)(?:[."]|$)/;

export const caddyParser = {
  id: 'caddy',
  describes: 'Caddy v2 log (JSON or console): reverse_proxy errors from http.log.error',
  splittable: true,
  detect(sample: readonly string[]): number {
    if (sample.length === 0) return 0;
    // `{"level":…,"ts":…}` is the shape of every Go program logging with zap, not only Caddy's:
    // a JSON log is Caddy's when one of its loggers (admin, http…, tls…) appears.
    const json = sample.filter((line) => line.startsWith('{"level":') && line.includes('"ts":'));
    const jsonIsCaddy = json.some((line) => CADDY_LOGGER.test(line));
    return (sample.filter((line) => CONSOLE.test(line)).length + (jsonIsCaddy ? json.length : 0)) / sample.length;
  },
  open(file: string): FileParser {
    return new CaddyFile(file);
  },
} satisfies LogParser;

/** The cause in a Go error text from Caddy's reverse proxy. */
export function goErrorCause(msg: string): Cause | null {
  if (msg === 'no upstreams available') return 'no-healthy-upstream';
  if (msg.includes('context canceled')) return null; // the client went away (status 499)
  if (msg.includes('lookup ')) {
    if (msg.includes('no such host')) return 'dns-nxdomain';
    if (msg.includes('i/o timeout')) return 'dns-timeout';
    return 'dns-servfail';
  }
  if (msg.includes('tls:') || msg.includes('x509:') || msg.includes('certificate')) return 'upstream-tls-failed';
  if (/\bdial (?:tcp[46]?|unix)[ :]/.test(msg)) {
    if (msg.includes('i/o timeout') || msg.includes('timeout')) return 'upstream-timeout';
    if (msg.includes('resource temporarily unavailable')) return 'overloaded';
    return 'upstream-refused';
  }
  if (msg.includes('timeout awaiting response headers') || msg.includes('deadline exceeded') || msg.includes('i/o timeout')) return 'upstream-timeout';
  if (msg.includes('response headers exceeded') || msg.includes('header too long')) return 'upstream-header-too-big';
  if (msg.includes('malformed') || msg.includes('transport connection broken') || msg.includes('bad status')
    || (msg.includes('unexpected') && !msg.includes('EOF'))) return 'upstream-invalid-response';
  if (msg === 'EOF' || msg.includes('EOF') || msg.includes('reset by peer') || msg.includes('broken pipe')
    || msg.includes('server closed') || msg.includes('connection closed')) return 'upstream-closed';
  return null;
}

interface CaddyEntry {
  level?: string;
  ts?: number | string;
  logger?: string;
  msg?: string;
  status?: number;
  err_trace?: string;
  request?: {
    remote_ip?: string; remote_port?: string; remote_addr?: string; client_ip?: string;
    method?: string; uri?: string; proto?: string; host?: string;
  };
}

class CaddyFile implements FileParser {
  readonly amendWindow = 0;
  private readonly iso = new IsoCache();
  private readonly names = new Interner();

  constructor(private readonly file: string) {}

  parse(line: string, lineNumber: number): LineResult {
    let entry: CaddyEntry;
    if (line.charCodeAt(0) === 123 /* { */) {
      if (line.indexOf('"http.log.error') < 0) return line.includes('"ts":') ? 'skip' : null;
      try {
        entry = JSON.parse(line) as CaddyEntry;
      } catch {
        return null;
      }
    } else {
      const console = this.consoleEntry(line);
      if (console === null) return null;
      if (console === 'skip') return 'skip';
      entry = console;
    }
    if (!entry.logger?.startsWith('http.log.error') || typeof entry.msg !== 'string') return 'skip';
    const msg = entry.msg;
    const fromProxy = (entry.err_trace ?? '').includes('reverseproxy');
    let cause = goErrorCause(msg);
    if (cause === null) {
      if (!fromProxy || (entry.status !== undefined && entry.status < 500)) return 'skip';
      cause = 'unknown';
    }
    const at = typeof entry.ts === 'number' ? Math.round(entry.ts * 1000)
      : typeof entry.ts === 'string' && !Number.isNaN(Date.parse(entry.ts)) ? Date.parse(entry.ts) : null;
    const req = entry.request ?? {};
    const client = req.remote_addr
      ?? (req.remote_ip ? (req.remote_port ? joinHostPort(req.remote_ip, req.remote_port) : req.remote_ip) : null);
    const request = req.method && req.uri ? [req.method, req.uri, req.proto].filter(Boolean).join(' ') : null;
    const status = entry.status ? ` (status ${entry.status})` : '';
    return makeEvent(this.file, lineNumber, 'caddy', cause, `${msg}${status}`, at, this.iso.format(at),
      this.names.of(upstreamIn(msg)), client, request);
  }

  /** Console format: time, level, logger, message and the fields as JSON, separated by tabs. */
  private consoleEntry(line: string): CaddyEntry | 'skip' | null {
    if (!CONSOLE.test(line)) return null;
    const parts = line.split('\t');
    if (!parts[2]?.startsWith('http.log.error')) return 'skip';
    let fields: CaddyEntry = {};
    try {
      if (parts[4]) fields = JSON.parse(parts[4]) as CaddyEntry;
    } catch {
      return null;
    }
    const ts = Date.parse(parts[0]!.replaceAll('/', '-').replace(' ', 'T'));
    return { ...fields, level: parts[1]!.toLowerCase(), logger: parts[2], msg: parts[3], ts: Number.isNaN(ts) ? undefined : ts / 1000 };
  }
}

function joinHostPort(host: string, port: string): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** The upstream named in a Go network error: `dial tcp 127.0.0.1:9000: …`, `read tcp a->b: …`, `dial unix /run/x.sock: …`. */
function upstreamIn(msg: string): string | null {
  const dial = msg.match(/dial (tcp|unix) (\S+?):? /);
  if (dial) return dial[1] === 'unix' ? `unix:${dial[2]}` : dial[2]!;
  const io = msg.match(/(?:read|write) tcp \S+->(\S+?):? /);
  if (io) return io[1]!;
  const lookup = msg.match(/lookup (\S+)/);
  return lookup ? lookup[1]! : null;
}
