// What `whydown serve` tells its log about its monitors: a monitor that goes down or comes back,
// each incident's life, and once a minute a summary. Never a line per check: at 100,000
// monitors that would be the log's whole job.
//
// Two readings of one failure meet in this log, and each line says which it is: a check's
// outcome ("check: unexpected-response" — one request, judged against what the monitor expects)
// and an incident's diagnosis ("diagnosis: upstream-refused" — the whole checklist, run once the
// failure is confirmed). They differ because the diagnosis knows more, not because one is wrong.
import { count } from '../core/render/text.js';
import type { Verdict } from '../core/model.js';
import type { MonitorEvents } from './engine/events.js';

export function logActivity(events: MonitorEvents, log: (line: string) => void, everyMs = 60_000): () => void {
  const last = new Map<string, string>();
  let counts = { up: 0, degraded: 0, down: 0 };
  let delays: number[] = [];
  const offs = [
    events.on('check.finished', ({ monitor, result, delayMs }) => {
      counts[result.status as 'up' | 'degraded' | 'down']++;
      if (delays.length < 100_000) delays.push(delayMs);
      const before = last.get(monitor.name);
      last.set(monitor.name, result.status);
      if (before === result.status || (before === undefined && result.status === 'up')) return;
      const answer = result.httpStatus === null ? result.errorCode ?? 'no answer' : `HTTP ${result.httpStatus}`;
      // An expectation's finding in words (which JSON value, how slow, how many days left).
      const detail = result.detail === undefined ? '' : `: ${result.detail}`;
      log(`${monitor.name} is ${result.status} — check: ${result.cause} (${answer}, ${Math.round(result.durationMs)} ms${detail})`);
    }),
    events.on('incident.opened', ({ monitor, incident }) => {
      log(`incident opened: ${monitor.name} — diagnosis: ${diagnosis(incident.verdict)}`);
    }),
    events.on('incident.updated', ({ monitor, incident, previousCause }) => {
      log(`incident changed: ${monitor.name} — diagnosis was ${previousCause}, now ${diagnosis(incident.verdict)}`);
    }),
    events.on('incident.closed', ({ monitor, durationSeconds }) => {
      log(`incident closed: ${monitor.name} is up again after ${durationSeconds} s`);
    }),
  ];
  const timer = setInterval(() => {
    const total = counts.up + counts.degraded + counts.down;
    if (total > 0) {
      delays.sort((a, b) => a - b);
      const p95 = delays[Math.min(delays.length - 1, Math.floor(delays.length * 0.95))] ?? 0;
      log(`last ${Math.round(everyMs / 1000)} s: ${count(total, 'check')} (${counts.up} up, ${counts.degraded} degraded, ${counts.down} down), p95 start delay ${p95} ms`);
    }
    counts = { up: 0, degraded: 0, down: 0 };
    delays = [];
  }, everyMs);
  timer.unref();
  return () => {
    for (const off of offs) off();
    clearInterval(timer);
  };
}

/** The verdict's cause first, as the incident in the API carries it, then its summary. */
function diagnosis(verdict: Verdict): string {
  return `${verdict.cause}, ${verdict.confidence} confidence — ${verdict.summary}`;
}
