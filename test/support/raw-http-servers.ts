// Servers that answer HTTP/1.1 in hostile ways (re-exported by raw-servers.ts).
//
// | start...             | what a client sees                                                   |
// |----------------------|----------------------------------------------------------------------|
// | startEndlessHeaders  | `HTTP/1.1 200 OK` then header lines forever (never a blank line)     |
// | startGiganticHeader  | 200 with one header of 1 MiB, then a 2-byte body `ok`                |
// | startEndlessBody     | 200, chunked body that never ends                                    |
// | startGzipBomb        | 200, `Content-Encoding: gzip`, ~1 MiB that inflates to 1 GiB of zeros |
// | startTrickle         | a whole small 200 response, one byte per second                      |
// Every writer respects backpressure and stops when the client goes away.
import * as zlib from 'node:zlib';
import { listenRaw, readRequestHead, writeForever, type RawServer } from './raw-listen.js';

export function startEndlessHeaders(): Promise<RawServer> {
  return listenRaw((socket, context) => {
    readRequestHead(socket, context, () => {
      socket.write('HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n');
      let n = 0;
      writeForever(socket, () => {
        const lines: string[] = [];
        for (let i = 0; i < 256; i++) lines.push(`X-Endless-${n++}: ${'h'.repeat(40)}\r\n`);
        return lines.join('');
      });
    });
  });
}

export function startGiganticHeader(bytes = 1024 * 1024): Promise<RawServer> {
  return listenRaw((socket, context) => {
    readRequestHead(socket, context, () => {
      socket.write('HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nX-Gigantic: ');
      socket.write(Buffer.alloc(bytes, 'g'));
      socket.end('\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok');
    });
  });
}

export function startEndlessBody(): Promise<RawServer> {
  const chunk = Buffer.concat([Buffer.from('4000\r\n'), Buffer.alloc(0x4000, 'b'), Buffer.from('\r\n')]);
  return listenRaw((socket, context) => {
    readRequestHead(socket, context, () => {
      socket.write('HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n');
      writeForever(socket, () => chunk);
    });
  });
}

const bombs = new Map<number, Promise<Buffer>>();

/**
 * A gzip stream of `inflatedBytes` zeros (1 GiB: 1,043,656 bytes, built in about 1 s with
 * Z_RLE), made once per process and size.
 */
export function gzipBombBody(inflatedBytes = 1024 ** 3): Promise<Buffer> {
  let bomb = bombs.get(inflatedBytes);
  if (!bomb) {
    bomb = buildBomb(inflatedBytes);
    bombs.set(inflatedBytes, bomb);
  }
  return bomb;
}

async function buildBomb(inflatedBytes: number): Promise<Buffer> {
  const gzip = zlib.createGzip({ level: 6, strategy: zlib.constants.Z_RLE, chunkSize: 64 * 1024 });
  const parts: Buffer[] = [];
  gzip.on('data', (part: Buffer) => parts.push(part));
  const finished = new Promise<void>((resolve, reject) => {
    gzip.once('end', resolve);
    gzip.once('error', reject);
  });
  const zeros = Buffer.alloc(4 * 1024 * 1024);
  for (let left = inflatedBytes; left > 0; left -= zeros.length) {
    if (!gzip.write(left >= zeros.length ? zeros : zeros.subarray(0, left))) {
      await new Promise((resolve) => gzip.once('drain', resolve));
    }
  }
  gzip.end();
  await finished;
  return Buffer.concat(parts);
}

export async function startGzipBomb(inflatedBytes = 1024 ** 3): Promise<RawServer> {
  const body = await gzipBombBody(inflatedBytes);
  const head =
    'HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n' +
    `Content-Length: ${body.length}\r\nConnection: close\r\n\r\n`;
  return listenRaw((socket, context) => {
    readRequestHead(socket, context, () => {
      socket.write(head);
      socket.end(body);
    });
  });
}

export interface TrickleOptions {
  /** Time between two bytes; 1000 ms unless told. */
  intervalMs?: number;
  /** What to send, byte by byte; a complete 200 response with body `ok` unless told. */
  response?: string;
}

export const TRICKLE_RESPONSE = 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok';

/** Sends the response one byte at a time (the first at once), then closes. */
export function startTrickle(options: TrickleOptions = {}): Promise<RawServer> {
  const bytes = Buffer.from(options.response ?? TRICKLE_RESPONSE, 'latin1');
  const interval = options.intervalMs ?? 1000;
  return listenRaw((socket, context) => {
    readRequestHead(socket, context, () => {
      let sent = 0;
      const step = (): void => {
        if (socket.destroyed || !socket.writable) return;
        socket.write(bytes.subarray(sent, sent + 1));
        sent++;
        if (sent >= bytes.length) socket.end();
        else timer = setTimeout(step, interval);
      };
      let timer = setTimeout(step, 0);
      context.onClose(() => clearTimeout(timer));
    });
  });
}
