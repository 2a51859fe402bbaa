// A check thread (see check-pool.ts for why): runs the checks it is handed with the same runCheck
// as the main thread would, and hands the results back in batches, at most BATCH_MS apart.
// Results are timed here, so the wait changes none of their figures.
import { parentPort } from 'node:worker_threads';
import { runCheck } from './check.js';
import { BATCH_MS, type CheckReply, type CheckRequest } from './check-pool.js';

const port = parentPort;
if (port === null) throw new Error('check-worker.js runs as a worker thread of check-pool.js');

let outbox: CheckReply[] = [];

function flush(): void {
  const batch = outbox;
  outbox = [];
  port!.postMessage(batch);
}

function reply(message: CheckReply): void {
  if (outbox.length === 0) setTimeout(flush, BATCH_MS);
  outbox.push(message);
}

port.on('message', (batch: CheckRequest[]) => {
  for (const request of batch) {
    // The check starts now: when this thread was busy, that is later than the main thread asked,
    // and the result's time says so (the engine counts it in the start delay).
    const at = new Date(Math.max(request.at, Date.now()));
    runCheck(request.target, at).then(
      (result) => reply({ id: request.id, result }),
      (error: unknown) => reply({ id: request.id, error: error instanceof Error ? error.message : String(error) }),
    );
  }
});
