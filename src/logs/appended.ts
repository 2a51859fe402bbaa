// What a server appended to its log since a mark (mark.ts) — with every line numbered from the
// start of the file, as an editor or `sed -n 19p` shows it, not from the mark.
import { stat } from 'node:fs/promises';
import { detectFileFormat } from './file-format.js';
import { FileScanner } from './file-scanner.js';
import { MAX_COUNT_BYTES, countNewlines, type LogMark } from './mark.js';
import { rangeChunks } from './source.js';
import type { FileStats, LogEvent } from './types.js';

/** At most this much appended text is read (the newest). */
export const MAX_APPENDED_BYTES = 16 * 1024 * 1024;

export interface Appended {
  events: LogEvent[];
  stats: FileStats;
  /** The number of the first line read, counted from 1 at the start of the file; null when it could not be counted. */
  firstLine: number | null;
  /** Said when the reading differs from "the lines appended since the mark": rotated, truncated, too much, too big. */
  notes: string[];
}

/** The events in the lines written since the mark, numbered from the start of the file. */
export async function readAppended(mark: LogMark): Promise<Appended> {
  const info = await stat(mark.file);
  const notes: string[] = [];
  let from = mark.size;
  let before: Promise<number | null> = mark.newlines;
  if (info.ino !== mark.ino || info.size < mark.size) {
    // logrotate moved it away (a new file under the name) or truncated it (copytruncate).
    notes.push(`${mark.file} was ${info.ino !== mark.ino ? 'rotated' : 'truncated'} meanwhile: read from its start`);
    from = 0;
    before = Promise.resolve(0);
  }
  if (info.size - from > MAX_APPENDED_BYTES) {
    const start = info.size - MAX_APPENDED_BYTES;
    notes.push(`${mark.file} grew by ${Math.round((info.size - from) / 1024 / 1024)} MiB meanwhile: read its last 16 MiB`);
    const counted = before;
    // Newlines in [0, start - 1) = those before the mark + those between.
    const extra = countNewlines(mark.file, Math.max(0, from - 1), start - 1);
    before = Promise.all([counted, extra]).then(([a, b]) => (a === null || b === null ? null : a + b));
    from = start;
  }
  const newlines = await before;
  if (newlines === null) notes.push(`${mark.file} is over ${MAX_COUNT_BYTES / 1024 ** 3} GiB: line numbers count from byte ${from}`);
  // rangeChunks starts at the first line that begins at or after `from`: the one after the newline
  // found at or after byte from-1, hence +2 (line 1 when reading from the start).
  const firstLine = from === 0 ? 1 : newlines === null ? null : newlines + 2;
  // The format from the file's first lines: the appended ones alone may be too few to tell.
  const format = await detectFileFormat(mark.file);
  const scanner = new FileScanner(mark.file, { firstLine: firstLine ?? 1, server: format?.id ?? 'auto' });
  for await (const chunk of rangeChunks(mark.file, from, Math.max(from, info.size))) scanner.push(chunk);
  scanner.end(false);
  return { events: scanner.take(), stats: scanner.stats, firstLine, notes };
}
