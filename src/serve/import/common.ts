// What the importers share: a monitor being built with the notes that go with it, names made
// valid and unique, and durations written the way whydown.yml writes them.
import { formatDuration } from '../config/duration.js';

/** The file is not what the importer reads (not JSON, not a backup): one line for the user. */
export class ImportError extends Error {}

/** One monitor of the other tool, as whydown config, with what did not carry over. */
export interface ImportedMonitor {
  /** The monitor as it goes into whydown.yml (plain values, in the order a user writes them). */
  config: Record<string, unknown>;
  /** What of it could not be carried over, or was changed on the way (a comment above it, and on stderr). */
  notes: string[];
  /** Comments above it only (its name in the other tool). */
  comments?: string[];
}

export interface ImportResult {
  /** "Uptime Kuma backup (version 1.23.16)". */
  source: string;
  monitors: ImportedMonitor[];
  /** Monitors skipped, notifications, settings with no whydown counterpart. */
  notes: string[];
}

const NAME_MAX = 64;

/** Gives each monitor a name whydown accepts (`[a-z0-9][a-z0-9._-]*`, at most 64), unique. */
export class Names {
  private readonly taken = new Set<string>();

  /** The name, and a comment naming the original when it had to change. */
  claim(raw: string, fallback: string, tool: string): { name: string; comment?: string } {
    let base = raw.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase()
      .replace(/[^a-z0-9._-]+/g, '-').replace(/^[^a-z0-9]+/, '').replace(/-+$/, '').slice(0, NAME_MAX);
    if (base === '') base = fallback;
    let name = base;
    for (let n = 2; this.taken.has(name); n++) name = `${base.slice(0, NAME_MAX - String(n).length - 1)}-${n}`;
    this.taken.add(name);
    return name === raw ? { name } : { name, comment: `${tool}: ${shown(raw)}` };
  }
}

/** A tag whydown accepts: 1 to 64 characters, no spaces or commas. */
export function tagOf(raw: string): string | undefined {
  const tag = raw.trim().replace(/[\s,]+/g, '-').slice(0, 64);
  return tag === '' ? undefined : tag;
}

export function seconds(s: number): string {
  return formatDuration(Math.round(s * 1000));
}

/** Text of a value for a note, bounded (a hostile file's values go to a terminal). */
export function shown(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
  const clean = text.replace(/[\x00-\x1f\x7f-\x9f]/g, ' ');
  return JSON.stringify(clean.length > 80 ? `${clean.slice(0, 79)}…` : clean);
}

/** A plain value as expect.json wants it: numbers, true/false and null typed, the rest text. */
export function scalarOf(text: string): string | number | boolean | null {
  const t = text.trim();
  if (t === 'true') return true;
  if (t === 'false') return false;
  if (t === 'null') return null;
  if (/^-?\d+(\.\d+)?$/.test(t) && Number.isFinite(Number(t))) return Number(t);
  return t.replace(/^"(.*)"$/, '$1');
}

/** The largest file an import reads: backups with thousands of monitors are a few MB. */
export const MAX_IMPORT_BYTES = 32 * 1024 * 1024;
/** Monitors one import turns out at most. */
export const MAX_IMPORT_MONITORS = 100_000;

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** Headers whydown accepts (a token name, a value without line breaks); the others noted. */
export function cleanHeaders(pairs: [string, unknown][], notes: string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of pairs) {
    const text = typeof value === 'string' ? value : String(value);
    if (!HEADER_NAME.test(name) || /[\r\n\0]/.test(text)) notes.push(`its header ${shown(name)} is not a valid HTTP header: left out`);
    else headers[name.toLowerCase()] = text.trim();
  }
  return headers;
}
