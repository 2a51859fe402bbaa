// What happens when nobody reads our output any more: `whydown … | head -1` closes the pipe after
// one line, and the next write fails with EPIPE. Node ignores SIGPIPE, so the failed write comes
// back as an 'error' event on process.stdout (or stderr), which with no listener is thrown as an
// uncaught exception: a stack trace and exit 1. Here the stream is marked gone instead and later
// writes are dropped (a destroyed stream drops them without another event), so the command runs
// to its end and exits with the status it would have had: a check piped into `head` that finds
// the site down still exits 2.

const gone = new Set<NodeJS.WriteStream>();
let installed = false;

/** Installs the listeners once, before any command writes. */
export function guardOutput(): void {
  if (installed) return;
  installed = true;
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      const first = !gone.has(stream);
      gone.add(stream);
      // EPIPE is the reader leaving, which is nobody's fault. Anything else (a full disk behind
      // a redirection) is worth one line where it can still be read.
      if (first && error.code !== 'EPIPE' && stream === process.stdout && !gone.has(process.stderr)) {
        process.stderr.write(`whydown: cannot write the output: ${error.code ?? error.message}\n`);
      }
    });
  }
}

/** Whether the stream's reader has gone: a command that writes a lot can stop early. */
export function outputGone(stream: NodeJS.WriteStream = process.stdout): boolean {
  return gone.has(stream);
}
