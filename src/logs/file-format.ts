// The format of a plain file, from its first lines: what reading a part of it needs (the byte
// ranges of summarizeLogs, the lines appended during `diagnose --log`), since a part alone may
// hold too few lines to tell — one PHP error nginx wrote over four lines, say.
import { SAMPLE_LINES } from './file-scanner.js';
import { LineSplitter } from './line-splitter.js';
import { detectParser } from './registry.js';
import { rangeChunks } from './source.js';
import type { LogParser } from './types.js';

const HEAD_BYTES = 256 * 1024;

export async function detectFileFormat(file: string, maxLineBytes?: number): Promise<LogParser | null> {
  const sample: string[] = [];
  const splitter = new LineSplitter({ line: (text, _n, suspect) => { if (!suspect) sample.push(text); }, tooLong: () => undefined }, maxLineBytes);
  for await (const chunk of rangeChunks(file, 0, HEAD_BYTES)) splitter.push(chunk);
  splitter.end();
  return detectParser(sample.slice(0, SAMPLE_LINES));
}
