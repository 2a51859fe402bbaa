// Starting worker threads, in one place. A worker's script sits beside the module that starts it in
// both layouts whydown runs from: tsc's output (dist/src/...) and the esbuild bundle (dist/bundle/,
// where every worker is an entry point of its own; see scripts/bundle.mjs).
import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';

/** The worker script `name` beside the calling module, or null when the build did not ship it. */
export function workerScriptBeside(name: string, moduleUrl: string): URL | null {
  const url = new URL(`./${name}`, moduleUrl);
  return existsSync(url) ? url : null;
}

/**
 * Runs a one-shot worker: resolves with the first message it posts. An error it throws rejects
 * with that error as `describe` words it; an exit without a message rejects too.
 */
export function runWorkerOnce<T>(script: URL, workerData: unknown, describe: (why: string, error?: Error) => Error): Promise<T> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(script, { workerData });
    let answered = false;
    worker.once('message', (message: T) => {
      answered = true;
      resolve(message);
    });
    worker.once('error', (error) => {
      answered = true;
      reject(describe(error.message, error));
    });
    worker.once('exit', (code) => {
      if (!answered) reject(describe(`the thread stopped (exit code ${code})`));
    });
  });
}
