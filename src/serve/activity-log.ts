// What `whydown serve` tells its log about checks: a monitor that goes down or comes back, and
// once a minute a summary. Never a line per check: at 100,000 monitors that would be the log's
// whole job.
import type { MonitorEvents } from './engine/events.js';

export function logActivity(events: MonitorEvents, log: (line: string) => void, everyMs = 60_000): () => void {
  const last = new Map<string, string>();
  let counts = { up: 0, degraded: 0, down: 0 };
  let delays: number[] = [];
  const off = events.on('check.finished', ({ monitor, result, delayMs }) => {
    counts[result.status as 'up' | 'degraded' | 'down']++;
    if (delays.length < 100_000) delays.push(delayMs);
    const before = last.get(monitor.name);
    last.set(monitor.name, result.status);
    if (before === result.status || (before === undefined && result.status === 'up')) return;
    const answer = result.httpStatus === null ? result.errorCode ?? 'no answer' : `HTTP ${result.httpStatus}`;
    log(`${monitor.name} is ${result.status}: ${result.cause} (${answer}, ${Math.round(result.durationMs)} ms)`);
  });
  const timer = setInterval(() => {
    const total = counts.up + counts.degraded + counts.down;
    if (total > 0) {
      delays.sort((a, b) => a - b);
      const p95 = delays[Math.min(delays.length - 1, Math.floor(delays.length * 0.95))] ?? 0;
      log(`last ${Math.round(everyMs / 1000)} s: ${total} checks (${counts.up} up, ${counts.degraded} degraded, ${counts.down} down), p95 start delay ${p95} ms`);
    }
    counts = { up: 0, degraded: 0, down: 0 };
    delays = [];
  }, everyMs);
  timer.unref();
  return () => {
    off();
    clearInterval(timer);
  };
}
