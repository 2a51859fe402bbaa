// Is it text at all? A PNG, an executable or random bytes given as a log is a mistake worth one
// clear line ("not a log"), not a summary of 0 failures in 3,000 "corrupt lines". Looks at the first
// bytes only (after gunzip: a .gz of a log is a log), and is forgiving: a real log with a few
// corrupt or NUL-filled stretches (a crash while writing) still reads, since the file scanner only
// rejects bytes that look binary when no parser recognises the lines either.
import { isAscii } from 'node:buffer';
import { WhydownError } from '../core/errors.js';

const SNIFF_BYTES = 64 * 1024;
/** More than this share of control bytes and invalid UTF-8 in the first bytes: binary. */
const BINARY_SHARE = 0.1;

/** Formats whose first bytes say what they are: never a log, whatever follows. */
const MAGIC: ReadonlyArray<readonly [readonly number[], string]> = [
  [[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a], 'a PNG image'],
  [[0xff, 0xd8, 0xff], 'a JPEG image'],
  [[0x47, 0x49, 0x46, 0x38], 'a GIF image'],
  [[0x7f, 0x45, 0x4c, 0x46], 'an ELF executable'],
  [[0x50, 0x4b, 0x03, 0x04], 'a zip archive'],
  [[0x25, 0x50, 0x44, 0x46, 0x2d], 'a PDF document'],
  [[0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], 'xz-compressed data (decompress it first: xz -dc FILE | whydown logs -)'],
  [[0x28, 0xb5, 0x2f, 0xfd], 'zstd-compressed data (decompress it first: zstd -dc FILE | whydown logs -)'],
  [[0x42, 0x5a, 0x68], 'bzip2-compressed data (decompress it first: bzip2 -dc FILE | whydown logs -)'],
  [[0x53, 0x51, 0x4c, 0x69, 0x74, 0x65, 0x20, 0x66], 'an SQLite database'],
  // Text, but not in an encoding the servers write (Windows tools save logs so).
  [[0xff, 0xfe], 'UTF-16 text (convert it first: iconv -f UTF-16 -t UTF-8 FILE | whydown logs -)'],
  [[0xfe, 0xff], 'UTF-16 text (convert it first: iconv -f UTF-16 -t UTF-8 FILE | whydown logs -)'],
];

export class TextSniffer {
  private seen = 0;
  private bad = 0;
  private head: Buffer | null = null;

  /** Looks at the bytes until SNIFF_BYTES have been seen; cheap afterwards. */
  push(chunk: Buffer): void {
    if (this.seen >= SNIFF_BYTES) return;
    const part = chunk.subarray(0, SNIFF_BYTES - this.seen);
    if (this.head === null) this.head = Buffer.from(part.subarray(0, 16));
    this.seen += part.length;
    for (let i = 0; i < part.length; i++) {
      const b = part[i]!;
      // Control bytes that text does not hold (tab, newlines, form feed, escape are fine).
      if ((b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c && b !== 0x0b && b !== 0x1b) || b === 0x7f) this.bad++;
    }
    if (!isAscii(part)) {
      // Invalid UTF-8 decodes to U+FFFD, one per bad sequence.
      const text = part.toString('utf8');
      for (let i = text.indexOf('\uFFFD'); i >= 0; i = text.indexOf('\uFFFD', i + 1)) this.bad++;
    }
  }

  /** What the bytes are when they are surely not a log (a known format's magic), else null. */
  magic(): string | null {
    const head = this.head;
    if (head === null) return null;
    for (const [bytes, what] of MAGIC) {
      if (head.length >= bytes.length && bytes.every((b, i) => head[i] === b)) return what;
    }
    return null;
  }

  /** The first bytes look binary: a log only if some parser recognises its lines anyway. */
  looksBinary(): boolean {
    return this.seen > 0 && this.bad / this.seen > BINARY_SHARE;
  }
}

/** The one-line error for a file that is not a log. */
export function notALog(file: string, what: string): WhydownError {
  return new WhydownError('E_FILE', `${file === '-' ? 'stdin' : file} is not a log: ${what}`);
}
