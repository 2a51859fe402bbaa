// Splits a byte stream into lines, fast: each chunk's complete lines are decoded with one
// toString() (latin1 when the chunk is ASCII — several times faster than UTF-8 decoding) and cut
// with indexOf('\n'). A line longer than the limit is counted and its bytes dropped as they
// arrive, never buffered.
import { isAscii } from 'node:buffer';

export const DEFAULT_MAX_LINE_BYTES = 64 * 1024;
const BLOCK_BYTES = 60 * 1024;

export interface LineSink {
  /** `suspect`: the line holds a NUL byte or invalid UTF-8 (binary or corrupt, unless a parser knows it). */
  line(text: string, lineNumber: number, suspect: boolean): void;
  tooLong(lineNumber: number): void;
}

export class LineSplitter {
  private lineNumber = 0;
  private carry: Buffer[] = [];
  private carryBytes = 0;
  /** Inside a too-long line: drop bytes up to the next newline. */
  private discarding = false;

  /** `firstLine`: the number of the first line pushed (when reading a file from the middle). */
  constructor(private readonly sink: LineSink, private readonly maxLineBytes = DEFAULT_MAX_LINE_BYTES, firstLine = 1) {
    this.lineNumber = firstLine - 1;
  }

  /** The number of the last line handed to the sink. */
  get lines(): number {
    return this.lineNumber;
  }

  push(chunk: Buffer): void {
    let pos = 0;
    if (this.discarding) {
      const nl = chunk.indexOf(10);
      if (nl < 0) return;
      this.discarding = false;
      this.sink.tooLong(++this.lineNumber);
      pos = nl + 1;
    }
    if (this.carryBytes > 0) {
      const nl = chunk.indexOf(10, pos);
      if (nl < 0) {
        this.keep(chunk, pos);
        return;
      }
      if (this.carryBytes + (nl - pos) > this.maxLineBytes) {
        this.sink.tooLong(++this.lineNumber);
      } else {
        this.carry.push(chunk.subarray(pos, nl));
        this.block(Buffer.concat(this.carry), 0, this.carryBytes + (nl - pos));
      }
      this.carry = [];
      this.carryBytes = 0;
      pos = nl + 1;
    }
    // Decode in blocks of at most BLOCK_BYTES: strings that size stay in V8's young generation;
    // bigger ones go to large-object space, which is collected late (memory grows, speed halves).
    const length = chunk.length;
    while (pos < length) {
      let nl: number;
      if (pos + BLOCK_BYTES >= length) {
        nl = chunk.lastIndexOf(10);
        if (nl < pos) break;
      } else {
        nl = chunk.lastIndexOf(10, pos + BLOCK_BYTES);
        if (nl < pos) {
          // One line longer than a block: count it without decoding it if it is over the limit.
          nl = chunk.indexOf(10, pos + BLOCK_BYTES);
          if (nl < 0) break;
          if (nl - pos > this.maxLineBytes) {
            this.sink.tooLong(++this.lineNumber);
            pos = nl + 1;
            continue;
          }
        }
      }
      this.block(chunk, pos, nl);
      pos = nl + 1;
    }
    if (pos < length) this.keep(chunk, pos);
  }

  /** The last line, when the input does not end with a newline. */
  end(): void {
    if (this.discarding) {
      this.discarding = false;
      this.sink.tooLong(++this.lineNumber);
    } else if (this.carryBytes > 0) {
      const rest = Buffer.concat(this.carry);
      this.carry = [];
      this.carryBytes = 0;
      this.block(rest, 0, rest.length);
    }
  }

  private keep(chunk: Buffer, from: number): void {
    const size = chunk.length - from;
    if (this.carryBytes + size > this.maxLineBytes) {
      this.carry = [];
      this.carryBytes = 0;
      this.discarding = true;
      return;
    }
    // A copy: the stream may reuse the chunk's memory.
    this.carry.push(Buffer.from(chunk.subarray(from)));
    this.carryBytes += size;
  }

  /** Complete lines in `buf[start, end)`, separated by '\n', without the final newline. */
  private block(buf: Buffer, start: number, end: number): void {
    const bytes = buf.subarray(start, end);
    const ascii = isAscii(bytes);
    const text = ascii ? bytes.toString('latin1') : bytes.toString('utf8');
    const suspectBlock = bytes.indexOf(0) >= 0 || (!ascii && text.includes('\uFFFD'));
    const max = this.maxLineBytes;
    const sink = this.sink;
    let p = 0;
    // The limit is in bytes, as on the other paths (a line cut across chunks is measured in
    // bytes): decoded UTF-8 is shorter in characters, so non-ASCII lines are measured in the
    // bytes, whose newlines are the text's.
    let b = 0;
    for (;;) {
      const nl = text.indexOf('\n', p);
      let stop = nl < 0 ? text.length : nl;
      const n = ++this.lineNumber;
      let size = stop - p;
      if (!ascii) {
        const bnl = bytes.indexOf(10, b);
        size = (bnl < 0 ? bytes.length : bnl) - b;
        b = bnl + 1;
      }
      if (size > max) {
        sink.tooLong(n);
      } else {
        if (stop > p && text.charCodeAt(stop - 1) === 13) stop--; // CRLF
        const line = text.slice(p, stop);
        sink.line(line, n, suspectBlock && (line.includes('\0') || line.includes('\uFFFD')));
      }
      if (nl < 0) return;
      p = nl + 1;
    }
  }
}
