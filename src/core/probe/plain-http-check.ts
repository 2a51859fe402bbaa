// `https://localhost:8000/` against a development server that speaks plain HTTP: OpenSSL reads
// the server's "HTTP/1.1 400 Bad Request" as a TLS record and gives up with "wrong version
// number" (or "packet length too long", depending on the bytes). Those reasons only say that what
// came back was not TLS; to say it was plain HTTP, the same address is asked once more in plain
// HTTP and the first bytes of the answer are read.
import net from 'node:net';

/** OpenSSL's reasons for a first record that is not TLS at all. */
const NOT_TLS = new Set([
  'ERR_SSL_WRONG_VERSION_NUMBER',
  'ERR_SSL_PACKET_LENGTH_TOO_LONG',
  'ERR_SSL_RECORD_LAYER_FAILURE',
  'ERR_SSL_UNKNOWN_PROTOCOL',
]);

export function answeredNotTls(code: string | undefined): boolean {
  return code !== undefined && NOT_TLS.has(code);
}

/** Longest we spend on the check: a plain-HTTP server answers a HEAD at once. */
const CHECK_MS = 2000;

/**
 * True when `address:port` answers a plain `HEAD` with an HTTP status line. Never throws: any
 * failure, or no answer within the limit, is false.
 */
export function speaksPlainHttp(address: string, port: number, host: string, limitMs: number): Promise<boolean> {
  const timeoutMs = Math.min(CHECK_MS, limitMs);
  if (timeoutMs <= 0) return Promise.resolve(false);
  return new Promise((resolve) => {
    const socket = net.connect({ host: address, port });
    let head = Buffer.alloc(0);
    const done = (result: boolean): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    socket.once('connect', () => {
      const authority = net.isIPv6(host) ? `[${host}]:${port}` : `${host}:${port}`;
      socket.write(`HEAD / HTTP/1.1\r\nHost: ${authority}\r\nUser-Agent: whydown/0.1\r\nConnection: close\r\n\r\n`);
    });
    socket.on('data', (chunk: Buffer) => {
      head = Buffer.concat([head, chunk]);
      if (head.length >= 12) done(/^HTTP\/\d(\.\d)? \d/.test(head.subarray(0, 12).toString('latin1')));
    });
    socket.once('error', () => done(false));
    socket.once('close', () => done(/^HTTP\/\d(\.\d)? \d/.test(head.toString('latin1'))));
  });
}
