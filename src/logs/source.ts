// Where the bytes come from: a file, a gzip file (recognised by its magic bytes, whatever its
// name), a pipe, or stdin (`-`). Plain files are read into one reused buffer (no garbage per
// chunk); gzip goes through node:zlib's stream. A file that cannot be read is the tool's own error (E_FILE),
// reported in one line.
import { constants } from 'node:fs';
import { access, open, stat, type FileHandle } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { WhydownError } from '../core/errors.js';

export const STDIN = '-';
const CHUNK_BYTES = 1 << 20;

export interface Source {
  /** Chunks of bytes; a chunk may be reused for the next one, so copy what you keep. */
  chunks: AsyncIterable<Buffer>;
  /** Set once a gzip stream has ended early (a log still being written, a cut download). */
  readonly truncated: boolean;
}

/** Fails with E_FILE unless every named file can be opened for reading (checked before any output). */
export async function checkReadable(inputs: readonly string[]): Promise<void> {
  for (const input of inputs) {
    if (input === STDIN) continue;
    if (await isPipe(input)) {
      // Opening and closing a pipe here would lose what its writer sent meanwhile: only ask.
      await access(input, constants.R_OK).catch((error: unknown) => {
        throw new WhydownError('E_FILE', `cannot read ${input}: ${reason(error)}`, { cause: error });
      });
      continue;
    }
    const handle = await openFile(input);
    await handle.close();
  }
}

/** A FIFO or `<(…)`: bytes that can be read once, in order. False when it cannot be looked at (reported on opening). */
export async function isPipe(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFIFO();
  } catch {
    return false;
  }
}

export async function openSource(input: string, stdin: NodeJS.ReadableStream = process.stdin): Promise<Source> {
  const state = { truncated: false };
  const name = input === STDIN ? 'stdin' : input;
  let chunks: AsyncIterable<Buffer>;
  if (input === STDIN) {
    chunks = gunzipIfNeeded(asFileErrors(stdin as AsyncIterable<Buffer>, name), name, state);
  } else {
    const handle = await openFile(input);
    if (!(await handle.stat()).isFile()) {
      // A pipe (`<(zcat …)`, a FIFO) cannot be read at a position: read it in order, as stdin.
      const stream = handle.createReadStream({ highWaterMark: 64 * 1024 });
      return { chunks: gunzipIfNeeded(asFileErrors(stream, name), name, state), get truncated() { return state.truncated; } };
    }
    const magic = Buffer.alloc(2);
    const { bytesRead } = await readOrFail(handle, magic, 0, name);
    chunks = bytesRead === 2 && magic[0] === 0x1f && magic[1] === 0x8b
      ? gunzip(asFileErrors(handle.createReadStream({ start: 0, highWaterMark: CHUNK_BYTES }), name), name, state)
      : plainChunks(handle, name);
  }
  return { chunks, get truncated() { return state.truncated; } };
}

/** Two buffers in turn: the next read runs in the thread pool while the caller parses this one. */
async function* plainChunks(handle: FileHandle, name: string): AsyncIterable<Buffer> {
  const buffers = [Buffer.allocUnsafe(CHUNK_BYTES), Buffer.allocUnsafe(CHUNK_BYTES)];
  let turn = 0;
  let pending = readOrFail(handle, buffers[0]!, null, name);
  try {
    for (;;) {
      const { bytesRead } = await pending;
      if (bytesRead === 0) return;
      const buffer = buffers[turn]!;
      turn ^= 1;
      pending = readOrFail(handle, buffers[turn]!, null, name);
      pending.catch(() => undefined); // reported when awaited
      yield bytesRead === buffer.length ? buffer : buffer.subarray(0, bytesRead);
    }
  } finally {
    await pending.catch(() => undefined);
    await handle.close();
  }
}

async function readOrFail(handle: FileHandle, buffer: Buffer, position: number | null, name: string): Promise<{ bytesRead: number }> {
  try {
    return await handle.read(buffer, 0, buffer.length, position);
  } catch (error) {
    await handle.close().catch(() => undefined);
    throw new WhydownError('E_FILE', `cannot read ${name}: ${reason(error)}`, { cause: error });
  }
}

async function openFile(path: string): Promise<FileHandle> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    throw new WhydownError('E_FILE', `cannot read ${path}: ${reason(error)}`, { cause: error });
  }
  const info = await handle.stat();
  if (info.isDirectory()) {
    await handle.close();
    throw new WhydownError('E_FILE', `cannot read ${path}: it is a directory`);
  }
  return handle;
}

function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT': return 'no such file';
    case 'EACCES': case 'EPERM': return 'permission denied';
    case 'EISDIR': return 'it is a directory';
    default: return error instanceof Error ? error.message : String(error);
  }
}

async function* asFileErrors(raw: AsyncIterable<Buffer | string>, name: string): AsyncIterable<Buffer> {
  try {
    for await (const chunk of raw) yield typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
  } catch (error) {
    if (error instanceof WhydownError) throw error;
    throw new WhydownError('E_FILE', `cannot read ${name}: ${reason(error)}`, { cause: error });
  }
}

/** stdin: look at the first chunk to tell gzip from text. */
async function* gunzipIfNeeded(chunks: AsyncIterable<Buffer>, name: string, state: { truncated: boolean }): AsyncIterable<Buffer> {
  const iterator = chunks[Symbol.asyncIterator]();
  const first = await iterator.next();
  if (first.done) return;
  const all = async function* (): AsyncIterable<Buffer> {
    yield first.value;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield next.value;
    }
  };
  if (first.value.length >= 2 && first.value[0] === 0x1f && first.value[1] === 0x8b) yield* gunzip(all(), name, state);
  else yield* all();
}

async function* gunzip(compressed: AsyncIterable<Buffer>, name: string, state: { truncated: boolean }): AsyncIterable<Buffer> {
  const input = Readable.from(compressed);
  const inflater = createGunzip({ chunkSize: 256 * 1024 });
  input.on('error', (error) => inflater.destroy(error));
  input.pipe(inflater);
  try {
    for await (const chunk of inflater) yield chunk as Buffer;
  } catch (error) {
    if (error instanceof WhydownError) throw error;
    if ((error as NodeJS.ErrnoException).code === 'Z_BUF_ERROR') {
      state.truncated = true; // "unexpected end of file": keep what was read
      return;
    }
    throw new WhydownError('E_FILE', `cannot read ${name}: not a valid gzip stream (${(error as Error).message})`, { cause: error });
  } finally {
    input.destroy();
  }
}

/**
 * The lines of a plain file that start in [start, end): reading begins a byte early and drops
 * everything up to the first newline (the tail of the line before), and goes on past `end` to
 * finish the last line.
 */
export async function* rangeChunks(path: string, start: number, end: number): AsyncIterable<Buffer> {
  const handle = await openFile(path);
  const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  let position = Math.max(0, start - 1);
  let skipping = start > 0;
  try {
    for (;;) {
      const { bytesRead } = await readOrFail(handle, buffer, position, path);
      if (bytesRead === 0) return;
      let from = 0;
      let to = bytesRead;
      if (skipping) {
        const nl = buffer.indexOf(10);
        if (nl < 0 || nl >= bytesRead) {
          position += bytesRead;
          continue;
        }
        skipping = false;
        from = nl + 1;
        if (position + from >= end) return; // no line starts in this range
      }
      let done = false;
      if (position + to >= end) {
        // Finish the line that holds byte end-1, then stop.
        const nl = buffer.indexOf(10, Math.max(from, end - 1 - position));
        if (nl >= 0 && nl < bytesRead) {
          to = nl + 1;
          done = true;
        }
      }
      if (from < to) yield buffer.subarray(from, to);
      if (done) return;
      position += bytesRead;
    }
  } finally {
    await handle.close();
  }
}

/** A regular plain (not gzip) file's size, or null. */
export async function plainFileSize(path: string): Promise<number | null> {
  if (await isPipe(path)) return null; // no size, and opening it twice would lose bytes
  const handle = await openFile(path);
  try {
    if (!(await handle.stat()).isFile()) return null;
    const magic = Buffer.alloc(2);
    const { bytesRead } = await readOrFail(handle, magic, 0, path);
    if (bytesRead === 2 && magic[0] === 0x1f && magic[1] === 0x8b) return null;
    return (await handle.stat()).size;
  } finally {
    await handle.close();
  }
}
