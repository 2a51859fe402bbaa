// Telling a mistyped command from a host name. `whydown <url>` takes a bare host too
// (`whydown example.com`), so without this `whydown explian 502` or `whydown version` would go
// and diagnose https://explian/. A host has a dot, a port, is `localhost` or an IP address; a
// single word with none of these is read as a command, and a near miss gets a suggestion.
import net from 'node:net';
import { WhydownError } from '../core/errors.js';
import { editDistance } from '../core/render/text.js';

/** What a user may have meant, as they should type it. */
const KNOWN = ['diagnose', 'explain', 'logs', 'serve', 'notify', 'config', 'import', 'hash-password', 'help', '--version'];

/** Words people type for an option: `whydown version` means `whydown --version`. */
const ALIASES: Record<string, string> = { version: '--version' };

/** True for what should be diagnosed: a URL, or something with a dot, a port, localhost, an IP. */
export function looksLikeTarget(word: string): boolean {
  if (word.includes('://') || word.includes('.') || word.includes(':') || word.includes('/')) return true;
  return word.toLowerCase() === 'localhost' || net.isIP(word) !== 0;
}

/** The usage error for a word that is neither a command nor a target. */
export function unknownCommand(word: string): WhydownError {
  const guess = suggest(word);
  const shown = word.length > 40 ? `${word.slice(0, 40)}…` : word;
  return new WhydownError('E_USAGE', guess
    ? `unknown command \`${shown}\`; did you mean \`${guess}\`?`
    : `unknown command \`${shown}\` (see whydown --help; to diagnose a host without a dot, write its URL: http://${shown}/)`);
}

export function suggest(word: string): string | null {
  const lower = word.toLowerCase();
  // `whydown 502`: a status code on its own is a question for explain.
  if (/^[1-5]\d\d$/.test(word)) return `whydown explain ${word}`;
  if (ALIASES[lower]) return ALIASES[lower];
  let best: { name: string; distance: number } | null = null;
  for (const name of KNOWN) {
    const distance = editDistance(lower, name.replace(/^--/, ''));
    if (!best || distance < best.distance) best = { name, distance };
  }
  // Two edits for a word of five letters or more, one below: "serv" → serve, not "logs" → "help".
  if (!best || best.distance > (lower.length >= 5 ? 2 : 1)) return null;
  return best.name;
}

