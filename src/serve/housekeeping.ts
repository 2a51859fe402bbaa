// The store's housekeeping under `whydown serve`: results rolled up and old ones pruned every few
// minutes. One run at a time: at 100,000 monitors a run after a restart redoes hours of results
// and can outlast the interval. Each run says in one log line what it did and how long it took.
// Stopping does not wait for a run in progress: the store, closed next, cuts it short between two
// statements, and the rollup's watermark lets the next start resume where it stopped.
import type { Store } from './store/types.js';
import { count } from '../core/render/text.js';

export interface Housekeeping {
  stop(): void;
}

export function startHousekeeping(store: Store, log: (line: string) => void, everyMs: number): Housekeeping {
  let running = false;
  let stopped = false;
  const run = async (): Promise<void> => {
    const now = new Date();
    const started = performance.now();
    const rolled = await store.rollup(now);
    const pruned = await store.prune(now);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    log(`housekeeping: rollup wrote ${rolled.hours} hourly and ${rolled.days} daily rows; pruned ${count(pruned.raw, 'result')}, `
      + `${pruned.hourly} hourly and ${pruned.daily} daily rows; ${seconds} s`);
  };
  const timer = setInterval(() => {
    if (running || stopped) return;
    running = true;
    run()
      .catch((error: unknown) => {
        if (!stopped) log(`housekeeping (rollup/prune) failed, tried again later: ${error instanceof Error ? error.message : String(error)}`);
      })
      .finally(() => { running = false; });
  }, everyMs);
  timer.unref();
  return {
    stop: () => {
      stopped = true;
      clearInterval(timer);
    },
  };
}
