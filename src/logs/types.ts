// The one event shape every log parser produces, and the parser interface they implement.
import type { Cause } from '../core/model.js';

/**
 * Log sources whydown reads; `--server` takes these ids. `access` is not a server but the
 * combined/common access log format that nginx, Apache, lighttpd and others write: it says which
 * requests failed (5xx), never why.
 */
export const SERVER_IDS = ['nginx', 'apache', 'haproxy', 'varnish', 'php-fpm', 'caddy', 'lighttpd', 'squid', 'access'] as const;
export type ServerId = (typeof SERVER_IDS)[number];

/**
 * One upstream failure read from a log: exactly the object `whydown logs --ndjson` prints
 * (see the contract), plus `at` for arithmetic, which is not printed.
 */
export interface LogEvent {
  file: string;
  /** Counts from 1 within its file. */
  line: number;
  /** ISO 8601 in UTC, or null when the line carries no time. */
  time: string | null;
  server: ServerId;
  cause: Cause;
  /**
   * The upstream as the server names it: `http://127.0.0.1:8080`, `fastcgi://unix:/run/php.sock`,
   * `be_app/s1`, a VCL backend name. Parsers give it through an Interner (parsers/common.ts): a
   * small string of its own, the same object each time for the same name.
   */
  upstream: string | null;
  /** The client as the server logs it: an address, with `:port` when the server logs one. */
  client: string | null;
  /** The request line (or as much of it as the server logs: `GET /path`, a path). */
  request: string | null;
  /** The server's own words for the failure. */
  message: string;
  /** Epoch milliseconds of `time`; not part of the printed object. */
  at: number | null;
  /** Set on a 5xx line of an access log (cause `unknown`: an access log does not say why). */
  kind?: 'access';
  /** The HTTP status an access log line records. */
  status?: number;
  /** The request's path, query stripped. */
  path?: string | null;
  /** Seconds spent with the upstream(s) (`$upstream_response_time`, summed over tries), when logged. */
  upstreamTime?: number | null;
  /** Seconds the whole request took (`$request_time`, Apache `%D`/`%T`), when logged. */
  requestTime?: number | null;
}

/** What a parser made of one line. */
export type LineResult =
  | LogEvent
  /** A line of this server's log that is not about an upstream failure. */
  | 'skip'
  /** Not a line of this server's log (corrupt, foreign or a continuation it does not use). */
  | null;

/** Parses the lines of one file in order; may keep state between lines (multi-line records). */
export interface FileParser {
  /**
   * The parser may still change an event it returned, up to this many lines later (to add the
   * request or client logged on a companion line). The reader holds events back that long.
   */
  readonly amendWindow: number;
  parse(line: string, lineNumber: number): LineResult;
  /** Events still held at the end of the file (multi-line records not closed yet). */
  end?(): LogEvent[];
}

export interface LogParser {
  readonly id: ServerId;
  /** One line on what it reads, for `--help`. */
  readonly describes: string;
  /**
   * Its records are single lines (or runs of a few): a big file may be cut into byte ranges
   * parsed by several threads, losing at most the link between the lines at a cut.
   */
  readonly splittable: boolean;
  /** How sure the parser is that these first lines of a file are its format: 0 (no) … 1 (yes). */
  detect(sample: readonly string[]): number;
  open(file: string, options?: OpenOptions): FileParser;
}

export interface OpenOptions {
  /**
   * `summary`: the caller only counts (cause, upstream, `at`), so a parser may leave `client`,
   * `request` and `time` null and `message` empty when making them costs time on a hot path.
   * Default `full`.
   */
  detail?: 'full' | 'summary';
  /**
   * Each event is consumed as soon as it is returned and not kept (only its field values are): the
   * parser may return the same object every time, saving an allocation per event. Only with
   * detail `summary` and an amendWindow of 0.
   */
  reuseEvents?: boolean;
}

/** Why lines were not counted as upstream failures. */
export interface SkipCounts {
  /** Lines of a known format that are not about an upstream failure (or companions of one already counted). */
  other: number;
  /** Lines with NUL bytes or invalid UTF-8 that no parser recognised. */
  corrupt: number;
  /** Lines longer than the line limit; only their length was looked at. */
  tooLong: number;
}

export interface FileStats {
  file: string;
  /** The detected or forced format; null when none matched. */
  server: ServerId | null;
  lines: number;
  recognised: number;
  skipped: SkipCounts;
  /** A gzip stream that ended early: what was read is counted. */
  truncated: boolean;
}
