// Before any output: every named file can be read and is a log. A file that is not (an image, a
// program, random bytes) fails here in one line, so `--ndjson a.log b.png` prints nothing rather
// than a.log's events and then an error. stdin and pipes can be read only once: they are checked
// as they are read.
import { stat } from 'node:fs/promises';
import { FileScanner } from './file-scanner.js';
import { STDIN, checkReadable, openSource } from './source.js';
import type { ServerId } from './types.js';

/** What the binary check needs to see (the sniffer looks at 64 KiB; the sample at 200 lines). */
const CHECK_BYTES = 256 * 1024;

export async function checkInputs(inputs: readonly string[], options: { server?: ServerId | 'auto'; maxLineBytes?: number } = {}): Promise<void> {
  await checkReadable(inputs);
  for (const input of inputs) {
    // A pipe (`<(zcat …)`) can be read only once, like stdin: checked as it is read.
    if (input === STDIN || !(await stat(input)).isFile()) continue;
    const scanner = new FileScanner(input, { server: options.server, maxLineBytes: options.maxLineBytes, detail: 'summary' }, () => undefined);
    const source = await openSource(input);
    let seen = 0;
    for await (const chunk of source.chunks) {
      scanner.push(chunk.subarray(0, CHECK_BYTES - seen));
      seen += chunk.length;
      if (seen >= CHECK_BYTES) break;
    }
    scanner.end(false); // decides on what it has seen: throws "not a log"
  }
}
