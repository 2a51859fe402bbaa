// Raw HTTP over a socket, for what fetch will not send: a declared length the body never
// reaches, an endless chunked body, malformed requests.
import net from 'node:net';

export interface RawAnswer {
  status: number;
  head: string;
  body: string;
  /** The server closed the connection after the answer. */
  closed: boolean;
}

/**
 * Sends `head` (and whatever `feed` writes, until the answer starts), reads one answer with a
 * Content-Length, and waits briefly for the server to close.
 */
export function rawRequest(port: number, head: string, feed?: (socket: net.Socket) => void): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let received = Buffer.alloc(0);
    let answer: Omit<RawAnswer, 'closed'> | undefined;
    let settled = false;
    const finish = (closed: boolean): void => {
      if (settled || !answer) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ ...answer, closed });
    };
    const timer = setTimeout(() => {
      if (answer) finish(false);
      else { socket.destroy(); reject(new Error(`no answer: ${received.toString('latin1').slice(0, 200)}`)); }
    }, 5000);
    socket.on('connect', () => {
      socket.write(head);
      feed?.(socket);
    });
    socket.on('data', (chunk) => {
      received = Buffer.concat([received, chunk]);
      const text = received.toString('latin1');
      const end = text.indexOf('\r\n\r\n');
      if (end < 0 || answer) return;
      const headText = text.slice(0, end);
      const length = Number(/\r\ncontent-length: *(\d+)/i.exec(headText)?.[1] ?? 0);
      if (received.length < end + 4 + length) return;
      answer = {
        status: Number(headText.slice(9, 12)),
        head: headText,
        body: received.subarray(end + 4, end + 4 + length).toString('utf8'),
      };
      // Give the server a moment to close (or not).
      setTimeout(() => finish(false), 300);
    });
    socket.on('error', () => { /* a reset after the answer is what closing looks like */ });
    socket.on('close', () => {
      if (answer) finish(true);
      else if (!settled) { clearTimeout(timer); settled = true; reject(new Error(`closed without an answer: ${received.toString('latin1').slice(0, 200)}`)); }
    });
  });
}
