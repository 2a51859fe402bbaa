// php-fpm's own log (the global `error_log`):
// `[28-Nov-2026 03:59:59] WARNING: [pool www] child 18232, script '/srv/x.php' (request: "GET /x.php") execution timed out (2.049735 sec), terminating`
// Pool exhausted, requests killed at request_terminate_timeout, slow requests, crashed children
// and PHP fatal errors (with catch_workers_output).
import type { Cause } from '../../core/model.js';
import { IsoCache, LocalClock, MONTHS, digits2, digits4, fractionMs } from '../time.js';
import type { FileParser, LineResult, LogEvent, LogParser } from '../types.js';
import { Interner, makeEvent } from './common.js';

const LINE_START = /^\[\d\d-[A-Z][a-z]{2}-\d{4} \d\d:\d\d:\d\d(?:\.\d+)?\] (?:DEBUG|NOTICE|WARNING|ERROR|ALERT): /;
/** Signals that mean a child died (SIGTERM/SIGQUIT are php-fpm's own, after a timeout or reload). */
const CRASH_SIGNALS = /exited on signal (?:4|6|7|8|9|11) /;

export const phpFpmParser = {
  id: 'php-fpm',
  describes: "php-fpm's error_log: pm.max_children reached, request_terminate_timeout, slowlog, crashed children, PHP fatal errors",
  splittable: true,
  detect(sample: readonly string[]): number {
    if (sample.length === 0) return 0;
    return sample.filter((line) => LINE_START.test(line)).length / sample.length;
  },
  open(file: string): FileParser {
    return new PhpFpmFile(file);
  },
} satisfies LogParser;

export function phpFpmCause(message: string): Cause | null {
  if (message.includes('reached pm.max_children setting') || message.includes('reached max_children setting')) return 'overloaded';
  if (message.includes('execution timed out') && message.includes('terminating')) return 'upstream-killed';
  if (message.includes('executing too slow')) return 'slow-response';
  if (CRASH_SIGNALS.test(message)) return 'upstream-closed';
  if (message.includes('said into stderr: "')) {
    if (message.includes('Maximum execution time')) return 'upstream-killed';
    if (message.includes('PHP Fatal error') || message.includes('PHP Parse error')) return 'app-error';
  }
  return null;
}

class PhpFpmFile implements FileParser {
  readonly amendWindow = 0;
  private readonly clock = new LocalClock();
  private readonly iso = new IsoCache();
  private readonly names = new Interner();

  constructor(private readonly file: string) {}

  parse(line: string, lineNumber: number): LineResult {
    if (line.charCodeAt(0) !== 91 || line.charCodeAt(3) !== 45 || line.charCodeAt(7) !== 45) return null;
    const close = line.indexOf('] ', 20);
    if (close < 0) return null;
    const levelEnd = line.indexOf(': ', close);
    if (levelEnd < 0) return null;
    const message = line.slice(levelEnd + 2);
    const cause = phpFpmCause(message);
    if (cause === null) return 'skip';
    const month = MONTHS[line.slice(4, 7)];
    const ms = line.charCodeAt(21) === 46 ? fractionMs(line, 21) : 0;
    const at = month === undefined ? null
      : this.clock.toEpoch(digits4(line, 8), month, digits2(line, 1), digits2(line, 13), digits2(line, 16), digits2(line, 19), ms);
    const event: LogEvent = makeEvent(this.file, lineNumber, 'php-fpm', cause, message, at, this.iso.format(at));
    const pool = message.match(/^\[pool ([^\]]+)\]/);
    if (pool) event.upstream = this.names.of(`pool ${pool[1]}`);
    const request = message.match(/\(request: "([^"]*)"\)/);
    if (request) event.request = request[1]!;
    return event;
  }
}
