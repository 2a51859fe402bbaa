// Reads a response body with two caps: raw bytes read, and decoded bytes kept. Decoding stops
// once the sample is full, so a gzip bomb costs us only the sample, never its expansion.
import { createRequire } from 'node:module';
import type { Readable } from 'node:stream';
import type zlibTypes from 'node:zlib';

// node:zlib is loaded on the first compressed body: most probes (a healthy page served plain, an
// error page) never need it, and loading it costs a few milliseconds of every start.
const loadBuiltin = createRequire(import.meta.url);
let zlibModule: typeof zlibTypes | null = null;
const zlib = (): typeof zlibTypes => (zlibModule ??= loadBuiltin('node:zlib') as typeof zlibTypes);

export interface BodyLimits {
  /** Decoded bytes kept as the sample. */
  sampleBytes: number;
  /** Raw bytes read before we stop listening (the body is then "truncated"). */
  maxRawBytes: number;
}

export interface BodyOutcome {
  sample: Buffer;
  rawBytes: number;
  decodedBytes: number;
  /** We stopped before the end of the body (cap reached). */
  truncated: boolean;
  /** The body could not be decoded (corrupt gzip, a Content-Encoding that lies, ...). */
  decodeError: string | null;
  /**
   * What ended the body before its end, when the stream failed: a framing error (bad chunk), a
   * close or reset before the announced length, or our own time limit (ETIMEDOUT). Null when the
   * body ended normally or when we stopped reading at the cap.
   */
  streamError: { code: string; message: string } | null;
}

/** Never rejects: a body cut short resolves with what arrived and `truncated`. */
export function readBody(source: Readable, contentEncoding: string | undefined, limits: BodyLimits): Promise<BodyOutcome> {
  return new Promise((resolve) => {
    const kept: Buffer[] = [];
    let keptBytes = 0;
    let rawBytes = 0;
    let decodedBytes = 0;
    let decodeError: string | null = null;
    let streamError: BodyOutcome['streamError'] = null;
    let done = false;
    /** Decoding stopped at a full sample, so the decoded body did not end where the raw one did. */
    let decodingCut = false;
    const decoder = createDecoder(contentEncoding);

    const keep = (chunk: Buffer): void => {
      decodedBytes += chunk.length;
      if (keptBytes < limits.sampleBytes) {
        const part = chunk.subarray(0, limits.sampleBytes - keptBytes);
        kept.push(part);
        keptBytes += part.length;
      }
    };
    const finish = (truncated: boolean): void => {
      if (done) return;
      done = true;
      decoder?.removeAllListeners('data');
      decoder?.destroy();
      resolve({ sample: Buffer.concat(kept, keptBytes), rawBytes, decodedBytes, truncated, decodeError, streamError });
    };

    if (decoder) {
      decoder.on('data', (chunk: Buffer) => {
        keep(chunk);
        if (keptBytes >= limits.sampleBytes) {
          // The sample is full: stop inflating; the rest is only counted as raw bytes.
          decodingCut = true;
          decoder.removeAllListeners('data');
          decoder.destroy();
        }
      });
      decoder.on('error', (error) => { decodeError = error.message; });
    }
    source.on('data', (chunk: Buffer) => {
      rawBytes += chunk.length;
      if (decoder && !decoder.destroyed) decoder.write(chunk);
      else if (!decoder) keep(chunk);
      if (rawBytes >= limits.maxRawBytes) {
        source.destroy();
        finish(true);
      }
    });
    source.once('end', () => {
      if (decoder && !decoder.destroyed) {
        // The raw body can end before the decoder has filled the sample (a small gzip bomb arrives
        // at once); the sample filling up afterwards destroys the decoder, and that close is a cut.
        decoder.once('end', () => finish(decodingCut));
        decoder.once('close', () => finish(decodingCut));
        decoder.end();
      } else {
        finish(decodingCut);
      }
    });
    // A body cut short (reset, time limit) still yields what arrived: it is evidence.
    source.once('error', (error: NodeJS.ErrnoException) => {
      if (!done) streamError = { code: error.code ?? 'EUNKNOWN', message: error.message };
      finish(true);
    });
  });
}

function createDecoder(contentEncoding: string | undefined): zlibTypes.Gunzip | zlibTypes.Inflate | zlibTypes.BrotliDecompress | null {
  const encoding = (contentEncoding ?? '').trim().toLowerCase();
  if (encoding === 'gzip' || encoding === 'x-gzip') return zlib().createGunzip();
  if (encoding === 'deflate') return zlib().createInflate();
  if (encoding === 'br') return zlib().createBrotliDecompress();
  return null;
}
