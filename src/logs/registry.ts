// Every log parser, found by its id. `--server auto` asks each to score a file's first lines.
import { apacheParser } from './parsers/apache.js';
import { caddyParser } from './parsers/caddy.js';
import { haproxyParser } from './parsers/haproxy.js';
import { lighttpdParser } from './parsers/lighttpd.js';
import { nginxParser } from './parsers/nginx.js';
import { phpFpmParser } from './parsers/php-fpm.js';
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
} as const satisfies { [Id in ServerId]: LogParser & { id: Id } };

export function isServerId(value: string): value is ServerId {
  return (SERVER_IDS as readonly string[]).includes(value);
}

/** The parser that scores best on these lines, or null when none recognises them. */
export function detectParser(sample: readonly string[]): LogParser | null {
  let best: LogParser | null = null;
  let bestScore = 0;
  for (const id of SERVER_IDS) {
    const parser: LogParser = PARSERS[id];
    const score = parser.detect(sample);
    if (score > bestScore) {
      best = parser;
      bestScore = score;
    }
  }
  return best;
}
