// Reading a secret from stdin: without echo on a terminal, the first line from a pipe.
import type { Readable } from 'node:stream';

/** The first line (without its line end), read up to `max` characters; the rest is not read. */
export function readFirstLine(input: Readable, max: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const done = (): void => {
      input.off('data', onData);
      input.off('end', done);
      input.off('error', reject);
      input.pause();
      const end = text.search(/\r?\n/);
      resolve(end < 0 ? text : text.slice(0, end));
    };
    const onData = (chunk: Buffer | string): void => {
      text += chunk.toString();
      if (/\n/.test(text) || text.length > max) done();
    };
    input.on('data', onData);
    input.once('end', done);
    input.once('error', reject);
  });
}

/** A prompt on stderr and a line typed without echo (raw mode); Ctrl-C aborts. */
export function readHiddenLine(prompt: string): Promise<string> {
  const stdin = process.stdin;
  process.stderr.write(prompt);
  stdin.setRawMode(true);
  stdin.resume();
  stdin.setEncoding('utf8');
  return new Promise((resolve, reject) => {
    let text = '';
    const finish = (error?: Error): void => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(text);
    };
    const onData = (chunk: string): void => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return finish();
        if (ch === '\u0003') return finish(new Error('interrupted'));
        if (ch === '\u007f' || ch === '\b') text = text.slice(0, -1);
        else if (ch >= ' ') text += ch;
      }
    };
    stdin.on('data', onData);
  });
}
