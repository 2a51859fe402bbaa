// `whydown logs --json` and the human summary only count, so a big plain file is cut into byte
// ranges read by several threads at once (one per core, up to four), each with its own parser,
// and their counts are merged. Line-oriented formats only: a record that spans lines (varnishlog
// blocks) must not be cut. Small files, gzip and stdin are read in one pass.
import { availableParallelism } from 'node:os';
import { WhydownError } from '../core/errors.js';
import { runWorkerOnce, workerScriptBeside } from '../core/worker-thread.js';
import { detectFileFormat } from './file-format.js';
import { scanRange, type RangeJob, type RangeResult } from './range-scan.js';
import { scanLogs, type ReadLogsOptions } from './read-logs.js';
import { PARSERS } from './registry.js';
import { checkInputs } from './check-inputs.js';
import { STDIN, plainFileSize } from './source.js';
import { LogSummary } from './summary.js';
import type { FileStats, LogParser } from './types.js';

/** Below this, one thread is as quick as starting others. */
const MIN_SPLIT_BYTES = 64 * 1024 * 1024;

export interface SummarizeOptions extends Omit<ReadLogsOptions, 'detail' | 'afterChunk'> {
  /** Threads for a big plain file (default: one per core, up to 4; 1 reads everything on this thread). */
  threads?: number;
  /** Files from this size up are cut into ranges (default 64 MiB). */
  minSplitBytes?: number;
}

export async function summarizeLogs(inputs: readonly string[], options: SummarizeOptions = {}): Promise<LogSummary> {
  await checkInputs(inputs, options);
  const summary = new LogSummary();
  const threads = Math.max(1, Math.min(options.threads ?? availableParallelism(), 4));
  for (const input of inputs) {
    const size = input === STDIN || threads === 1 ? null : await plainFileSize(input);
    const parser = size !== null && size >= (options.minSplitBytes ?? MIN_SPLIT_BYTES) ? await parserOf(input, options) : null;
    if (parser?.splittable && size !== null) {
      const stats = await summarizeInRanges(input, size, parser, threads, options, summary);
      options.onFile?.(stats);
      summary.addFile(stats);
      continue;
    }
    await scanLogs([input], { ...options, detail: 'summary', onFile: (stats) => {
      options.onFile?.(stats);
      summary.addFile(stats);
    } }, (event) => summary.add(event));
  }
  return summary;
}

async function parserOf(file: string, options: SummarizeOptions): Promise<LogParser | null> {
  if (options.server && options.server !== 'auto') return PARSERS[options.server];
  return detectFileFormat(file, options.maxLineBytes);
}

async function summarizeInRanges(
  file: string, size: number, parser: LogParser, threads: number, options: SummarizeOptions, summary: LogSummary,
): Promise<FileStats> {
  const jobs: RangeJob[] = [];
  for (let i = 0; i < threads; i++) {
    jobs.push({ file, start: Math.floor((size * i) / threads), end: Math.floor((size * (i + 1)) / threads), server: parser.id, maxLineBytes: options.maxLineBytes });
  }
  // The first range on this thread, the others in workers, all at once.
  const results = await Promise.all(jobs.map((job, i) => (i === 0 ? scanRange(job) : inWorker(job))));
  const stats: FileStats = { file, server: parser.id, lines: 0, recognised: 0, truncated: false, skipped: { other: 0, corrupt: 0, tooLong: 0 } };
  for (const { stats: part, part: counts } of results) {
    summary.merge(counts);
    stats.lines += part.lines;
    stats.recognised += part.recognised;
    stats.skipped.other += part.skipped.other;
    stats.skipped.corrupt += part.skipped.corrupt;
    stats.skipped.tooLong += part.skipped.tooLong;
  }
  return stats;
}

const WORKER_SCRIPT = workerScriptBeside('range-worker.js', import.meta.url);

function inWorker(job: RangeJob): Promise<RangeResult> {
  if (WORKER_SCRIPT === null) return scanRange(job); // no worker script shipped: same result, one thread
  return runWorkerOnce<RangeResult>(WORKER_SCRIPT, job, (why, error) => error instanceof WhydownError ? error
    : new WhydownError(error ? 'E_FILE' : 'E_INTERNAL', error ? `cannot read ${job.file}: ${why}` : `reading ${job.file}: ${why}`, { cause: error }));
}
