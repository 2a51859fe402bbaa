// Every log parser, found by its id. `--server auto` asks each to score a file's first lines.
import { accessParser } from './parsers/access.js';
import { apacheParser } from './parsers/apache.js';
import { caddyParser } from './parsers/caddy.js';
import { haproxyParser } from './parsers/haproxy.js';
import { lighttpdParser } from './parsers/lighttpd.js';
import { nginxParser } from './parsers/nginx.js';
import { phpFpmParser } from './parsers/php-fpm.js';
import { squidParser } from './parsers/squid.js';
import { varnishParser } from './parsers/varnish.js';
import { SERVER_IDS, type LogParser, type ServerId } from './types.js';

export const PARSERS = {
  nginx: nginxParser,
  apache: apacheParser,
  haproxy: haproxyParser,
  varnish: varnishParser,
  'php-fpm': phpFpmParser,
  caddy: caddyParser,
  lighttpd: lighttpdParser,
  squid: squidParser,
  access: accessParser,
} as const satisfies { [Id in ServerId]: LogParser & { id: Id } };

export function isServerId(value: string): value is ServerId {
  return (SERVER_IDS as readonly string[]).includes(value);
}

/**
 * Enough evidence to name a format: most of the sample is in it, or a good number of its lines are
 * (a log whose entries run over several lines, like PHP stack traces in nginx's). A line or two of
 * some format in a text file is not a log of that server.
 */
const MAJORITY = 0.5;
const MIN_LINES = 10;
const MIN_SHARE = 0.05;

/** The parser that scores best on these lines, or null when none has enough evidence. Blank lines do not count. */
export function detectParser(sample: readonly string[]): LogParser | null {
  const lines = sample.filter((line) => line.trim() !== '');
  let best: LogParser | null = null;
  let bestScore = 0;
  for (const id of SERVER_IDS) {
    const parser: LogParser = PARSERS[id];
    const score = parser.detect(lines);
    if (score > bestScore) {
      best = parser;
      bestScore = score;
    }
  }
  const enough = bestScore >= MAJORITY || (bestScore * lines.length >= MIN_LINES && bestScore >= MIN_SHARE);
  return enough ? best : null;
}
