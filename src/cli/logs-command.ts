// `whydown logs <file>... [--json | --ndjson] [--server auto|nginx|…]`: parses the arguments, calls
// the logs library, prints. Exit 0 once the logs are read (whatever failures they hold); a usage
// error or an unreadable file is a WhydownError, which the dispatcher prints in one line with exit 3.
import { WhydownError } from '../core/errors.js';
import { parseCommand } from './args.js';
import { SERVER_IDS, type LogEvent } from '../logs/types.js';
import { createStyle } from '../core/render/style.js';

export const LOGS_USAGE = `usage: whydown logs <file>... [--json | --ndjson] [--server auto|${SERVER_IDS.join('|')}]

Reads server error logs and names the cause of every upstream failure (502/503/504 and friends):
counts by cause, the upstreams involved, a timeline and what to do. An access log (combined or
common) is read too, for its 5xx lines by status, path, upstream and timing — but it does not say
why requests failed: the error log does.

  <file>      a log file, a .gz file (recognised by its content), a pipe (<(zcat …)) or - for stdin;
              several allowed
  --json      print one summary object: files, lines, recognised, byCause, byUpstream, firstAt, lastAt, …
  --ndjson    print one object per upstream failure: file, line, time, server, cause, upstream, client, request, message
              (an access log's 5xx line adds kind "access", status, path, upstreamTime, requestTime; cause "unknown")
  --server    the log's format (default auto: detected per file from its first lines)

Formats: nginx error_log; Apache error_log (mod_proxy*, AH codes); HAProxy httplog/tcplog; varnishlog
and varnishncsa (with %{VSL:FetchError}x); php-fpm error_log; Caddy JSON or console log; lighttpd
error log; Squid access.log (native, with %err_code/%err_detail when appended) and cache.log;
nginx limit_req/limit_conn refusals (rate-limited); varnishlog showing a cached 5xx delivered
again (cached-error); access logs in the combined/common format, with nginx's $upstream_addr,
$upstream_response_time and $request_time when appended (bare or as ua=, urt=, rt=). Times without
a zone (nginx, Apache, HAProxy, php-fpm, lighttpd, Squid's cache.log) are read in this machine's local time zone (set
TZ to read another's) and printed in UTC. Lines over 64 KiB, binary and corrupt
lines are counted and skipped. Exit status: 0 when the logs were read (even if they hold failures),
3 for a usage error, a file that cannot be read, or one that is not a log (an image, a program).`;

const NDJSON_BATCH = 1000;

const LOGS_OPTIONS = {
  json: { type: 'boolean' },
  ndjson: { type: 'boolean' },
  server: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  debug: { type: 'boolean' },
} as const;

export async function run(args: string[]): Promise<number> {
  const parsed = parseCommand(args, 'logs', LOGS_OPTIONS, LOGS_USAGE);
  if (parsed === null) return 0;
  const { values, positionals } = parsed;
  if (positionals.length === 0) throw new WhydownError('E_USAGE', 'logs: name at least one log file, or - for stdin (see whydown logs --help)');
  if (values.json && values.ndjson) throw new WhydownError('E_USAGE', 'logs: choose one of --json and --ndjson');
  const server = values.server ?? 'auto';
  const logs = await import('../logs/index.js');
  if (server !== 'auto' && !logs.isServerId(server)) {
    throw new WhydownError('E_USAGE', `logs: unknown --server \`${server}\` (one of: auto, ${SERVER_IDS.join(', ')})`);
  }
  if (positionals.filter((input) => input === logs.STDIN).length > 1) throw new WhydownError('E_USAGE', 'logs: stdin (-) can be read only once');

  // `whydown logs … --ndjson | head`: once the reader has gone there is nothing left to do, and
  // reading on through gigabytes would only keep `head` waiting. The logs were read fine so far,
  // so 0; any other write failure (the dispatcher's guard has said which) is 3.
  process.stdout.once('error', (error: NodeJS.ErrnoException) => process.exit(error.code === 'EPIPE' ? 0 : 3));

  if (!values.ndjson) {
    // Counting only: big plain files are read by several threads at once.
    const summary = await logs.summarizeLogs(positionals, { server });
    if (values.json) process.stdout.write(`${JSON.stringify(summary.toJSON())}\n`);
    else process.stdout.write(logs.renderSummary(summary, createStyle(process.stdout)));
    return 0;
  }

  let batch: string[] = [];
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    const text = batch.join('');
    batch = [];
    if (!process.stdout.write(text)) await new Promise((resolve) => process.stdout.once('drain', resolve));
  };
  await logs.scanLogs(positionals, {
    server,
    afterChunk: async () => { if (batch.length >= NDJSON_BATCH) await flush(); },
  }, (event) => batch.push(ndjsonLine(event)));
  await flush();
  return 0;
}

/**
 * The contract's object, in the contract's order. Built by hand (ids and ISO times need no
 * escaping, the file name is the same for a whole file): twice as fast as stringifying an object.
 */
let lastFile = '';
let lastFileJson = '""';
function ndjsonLine(event: LogEvent): string {
  if (event.file !== lastFile) {
    lastFile = event.file;
    lastFileJson = JSON.stringify(event.file);
  }
  return `{"file":${lastFileJson},"line":${event.line},"time":${event.time === null ? 'null' : `"${event.time}"`},`
    + `"server":"${event.server}","cause":"${event.cause}","upstream":${str(event.upstream)},"client":${str(event.client)},`
    + `"request":${str(event.request)},"message":${JSON.stringify(event.message)}${event.kind === 'access' ? accessFields(event) : ''}}\n`;
}

/** An access log's 5xx line: the contract's keys, then what the line records instead of a cause. */
function accessFields(event: LogEvent): string {
  const num = (value: number | null | undefined): string => (value === null || value === undefined ? 'null' : String(value));
  return `,"kind":"access","status":${num(event.status)},"path":${str(event.path ?? null)},`
    + `"upstreamTime":${num(event.upstreamTime)},"requestTime":${num(event.requestTime)}`;
}

function str(value: string | null): string {
  return value === null ? 'null' : JSON.stringify(value);
}
