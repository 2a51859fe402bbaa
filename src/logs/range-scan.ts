// Summarises the lines of one byte range of a plain file: the unit of work of summarizeLogs,
// run on the main thread or in a worker.
import { FileScanner } from './file-scanner.js';
import { rangeChunks } from './source.js';
import { LogSummary, type SummaryPart } from './summary.js';
import type { FileStats, ServerId } from './types.js';

export interface RangeJob {
  file: string;
  start: number;
  end: number;
  server: ServerId;
  maxLineBytes?: number | undefined;
}

export interface RangeResult { stats: FileStats; part: SummaryPart }

export async function scanRange(job: RangeJob): Promise<RangeResult> {
  const summary = new LogSummary();
  const scanner = new FileScanner(job.file, { server: job.server, detail: 'summary', maxLineBytes: job.maxLineBytes, checkBinary: job.start === 0 },
    (event) => summary.add(event));
  for await (const chunk of rangeChunks(job.file, job.start, job.end)) scanner.push(chunk);
  scanner.end(false);
  return { stats: scanner.stats, part: summary.toPart() };
}
