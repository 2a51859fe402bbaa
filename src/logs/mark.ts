// Marks a log's end before something runs (`diagnose --log`), and counts the lines before the
// mark by streaming the bytes and counting newlines (one reused buffer: memory stays flat).
// Started at the mark, the count runs while the probes do. No parser is loaded here: a diagnosis
// without --log never needs them.
import { open, stat } from 'node:fs/promises';

const COUNT_CHUNK_BYTES = 1 << 20;
/** Newlines are counted in at most this many bytes; past it, line numbers would cost too long to know. */
export const MAX_COUNT_BYTES = 2 * 1024 ** 3;

export interface LogMark {
  file: string;
  /** The file's size and inode when marked. */
  size: number;
  ino: number;
  /** Newlines in the first `size - 1` bytes (null when the file was too big to count). */
  newlines: Promise<number | null>;
}

/** Notes the file's end now, and starts counting the lines before it. Throws (ENOENT…) when the file cannot be read. */
export async function markLog(file: string): Promise<LogMark> {
  const info = await stat(file);
  // Opening a named pipe waits for a writer, maybe for ever: only plain files are read.
  if (!info.isFile()) throw new Error('not a regular file');
  const newlines = countNewlines(file, 0, Math.max(0, info.size - 1));
  newlines.catch(() => undefined); // awaited (and reported) by readAppended
  return { file, size: info.size, ino: info.ino, newlines };
}

/** Newlines in bytes [start, end) of a file, or null when that is more than MAX_COUNT_BYTES to read. */
export async function countNewlines(file: string, start: number, end: number): Promise<number | null> {
  if (end - start > MAX_COUNT_BYTES) return null;
  if (end <= start) return 0;
  const handle = await open(file, 'r');
  const buffer = Buffer.allocUnsafe(COUNT_CHUNK_BYTES);
  let count = 0;
  let position = start;
  try {
    while (position < end) {
      const { bytesRead } = await handle.read(buffer, 0, Math.min(buffer.length, end - position), position);
      if (bytesRead === 0) break;
      for (let i = buffer.indexOf(10); i >= 0 && i < bytesRead; i = buffer.indexOf(10, i + 1)) count++;
      position += bytesRead;
    }
  } finally {
    await handle.close();
  }
  return count;
}
