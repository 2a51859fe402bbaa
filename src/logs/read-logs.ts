// The library entry points: read log files (plain, gzip, stdin) in a stream, pick each file's
// parser, and hand out one LogEvent per upstream failure. Memory stays flat whatever the size:
// nothing is kept per line, only the events a parser may still amend.
import { FileScanner } from './file-scanner.js';
import { checkInputs } from './check-inputs.js';
import { openSource } from './source.js';
import type { FileStats, LogEvent, ServerId } from './types.js';

export interface ReadLogsOptions {
  /** Force one parser for every file; default: detected per file. */
  server?: ServerId | 'auto';
  /** Longer lines are counted as too long and skipped (default 64 KiB). */
  maxLineBytes?: number;
  /** Called once per file when it has been read. */
  onFile?: (stats: FileStats) => void;
  /** What `-` reads (default process.stdin). */
  stdin?: NodeJS.ReadableStream;
  /** `summary` when only cause, upstream and `at` are needed: client, request, time and message may be left out (faster). */
  detail?: 'full' | 'summary';
  /** scanLogs awaits this after each chunk's events (lets a caller honour output backpressure). */
  afterChunk?: (() => Promise<void> | void) | undefined;
}

/** Every upstream failure in the inputs, in file order and, within a file, in line order. */
export async function* readLogs(inputs: readonly string[], options: ReadLogsOptions = {}): AsyncIterable<LogEvent> {
  await checkInputs(inputs, options);
  for (const input of inputs) {
    const scanner = new FileScanner(input, options);
    const source = await openSource(input, options.stdin);
    for await (const chunk of source.chunks) {
      scanner.push(chunk);
      if (scanner.out.length > 0) yield* scanner.take();
    }
    scanner.end(source.truncated);
    yield* scanner.take();
    options.onFile?.(scanner.stats);
  }
}

/**
 * The same as readLogs, with a callback instead of an async iterator: faster on big files, since
 * no promise is made per event. With detail `summary`, `onEvent` must not keep the event object
 * (a parser may reuse it): copy the fields it needs. Returns each file's counts.
 */
export async function scanLogs(
  inputs: readonly string[], options: ReadLogsOptions, onEvent: (event: LogEvent) => void,
): Promise<FileStats[]> {
  await checkInputs(inputs, options);
  const all: FileStats[] = [];
  for (const input of inputs) {
    const scanner = new FileScanner(input, options, onEvent);
    const source = await openSource(input, options.stdin);
    for await (const chunk of source.chunks) {
      scanner.push(chunk);
      if (options.afterChunk) await options.afterChunk();
    }
    scanner.end(source.truncated);
    options.onFile?.(scanner.stats);
    all.push(scanner.stats);
  }
  return all;
}

/** Parses lines from memory (tests, and callers that already hold the text). */
export function parseLines(file: string, lines: readonly string[], server: ServerId | 'auto' = 'auto'): { events: LogEvent[]; stats: FileStats } {
  const scanner = new FileScanner(file, { server });
  const events: LogEvent[] = [];
  scanner.push(Buffer.from(lines.map((line) => `${line}\n`).join('')));
  scanner.end(false);
  events.push(...scanner.take());
  return { events, stats: scanner.stats };
}
