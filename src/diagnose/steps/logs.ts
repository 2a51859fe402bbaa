// "Read the server's error log": every request of this run carries a marker in its query
// string, which nginx's error entries quote in the request line; Apache's name the client's
// address and port instead, which the probe knows. So the lines that belong to this run can be
// read back and their exact cause taken. Only what was written during the run is read, but each
// line is numbered from the start of its file, so the evidence quotes the line a person finds.
import { markLog, type LogMark } from '../../logs/mark.js';
import type { LogEvent } from '../../logs/index.js';
import type { Cause } from '../../core/model.js';
import type { ChecklistStep, DiagnoseContext, StepOutcome } from '../types.js';

export const LOGS_TITLE = "Read the server's error log";
/** Servers write their error lines as the request fails; give slower writers a moment. */
const FLUSH_WAIT_MS = 300;

export interface LogsEvidence {
  /** Upstream failures whose request carries this run's marker. */
  ours: LogEvent[];
  /** Upstream failures logged during the run without a marker (pool warnings, other clients). */
  nearby: LogEvent[];
  /** The cause the log lines give, most common first. */
  cause: Cause | null;
  /** 5xx lines of an access log about this run's requests: they say that it failed, not why. */
  access: LogEvent[];
  /** How the reading went when not as planned: a rotated file, line numbers that could not be counted. */
  notes: string[];
  errors: string[];
  /** How many of the given files were read (0 without --log): a log read with nothing in it says something too. */
  read?: number;
}

export const logsStep: ChecklistStep<'logs'> = { id: 'logs', title: LOGS_TITLE, needs: ['reload', 'cache', 'client-profile', 'cdn'], run: runLogs };

async function runLogs(context: DiagnoseContext): Promise<StepOutcome<LogsEvidence>> {
  const files = context.options.logs ?? [];
  if (files.length === 0) {
    return done({ ours: [], nearby: [], cause: null, access: [], notes: [], errors: [] }, 'skip', 'no log given (--log /var/log/nginx/error.log reads the exact cause)');
  }
  const errors: string[] = [];
  // The end of each file now; counting the lines before it runs while the probes do.
  const marks = await Promise.all(files.map(async (file): Promise<LogMark | null> => {
    try {
      return await markLog(file);
    } catch (error) {
      errors.push(`${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
      return null;
    }
  }));
  // Wait until every request of the run has been made and answered.
  const [reload, cache, profile, cdn] = await Promise.all([context.need('reload'), context.need('cache'), context.need('client-profile'), context.need('cdn')]);
  // Servers that log the client's port (Apache: "[client 127.0.0.1:54321]") name our requests by it.
  const ourEnds = new Set([...reload.attempts, cache.bypass, profile.browser, ...(cdn.origin ? [cdn.origin] : [])]
    .map((a) => a.localAddress).filter((a): a is string => a !== null));
  await new Promise((resolve) => setTimeout(resolve, FLUSH_WAIT_MS));

  // The parsers load only when a log is given: most runs do not need them.
  const { readAppended } = await import('../../logs/appended.js');
  const ours: LogEvent[] = [];
  const nearby: LogEvent[] = [];
  const access: LogEvent[] = [];
  const notes: string[] = [];
  let read = 0;
  for (const mark of marks) {
    if (mark === null) continue;
    let events: LogEvent[];
    try {
      const appended = await readAppended(mark);
      events = appended.events;
      notes.push(...appended.notes);
      read += 1;
    } catch (error) {
      // A WhydownError ("… is not a log: a PNG image") says it in its message.
      errors.push(error instanceof Error && error.name === 'WhydownError' ? error.message
        : `${mark.file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
      continue;
    }
    for (const event of events) {
      const text = `${event.request ?? ''} ${event.message}`;
      const mine = text.includes(context.runId) || (event.client !== null && ourEnds.has(event.client));
      // An access log's 5xx line names no cause: it must not outvote the error log's.
      if (event.kind === 'access') {
        if (mine) access.push(event);
      } else {
        (mine ? ours : nearby).push(event);
      }
    }
  }
  const cause = decisiveCause(ours.length > 0 ? ours : nearby);
  const evidence: LogsEvidence = { ours, nearby, cause, access, notes, errors, read };
  // A rotated or truncated file, or one too big to number: said with whatever was found.
  const noted = notes.length > 0 ? ` (${notes.join('; ')})` : '';
  if (ours.length > 0) {
    const first = ours[0]!;
    const meanwhile = nearby.length > 0 ? `; ${nearby.length} other upstream failure${nearby.length === 1 ? '' : 's'} logged meanwhile (${[...new Set(nearby.map((e) => e.cause))].join(', ')})` : '';
    return done(evidence, 'fail', `${ours.length} line${ours.length === 1 ? '' : 's'} about this run's requests: ${cause} — ${first.server} says "${first.message}" (line ${first.line})${first.upstream ? ` (upstream ${first.upstream})` : ''}${meanwhile}${noted}`);
  }
  if (nearby.length > 0) {
    const first = nearby[0]!;
    return done(evidence, 'warn', `no line names this run's requests, but ${nearby.length} upstream failure${nearby.length === 1 ? ' was' : 's were'} logged meanwhile: ${cause} — "${first.message}" (line ${first.line})${noted}`);
  }
  if (access.length > 0) {
    const statuses = [...new Set(access.map((e) => e.status))].join(', ');
    return done(evidence, 'warn', `the access log shows ${statuses} for ${access.length} of this run's requests (line ${access[0]!.line}), but an access log does not say why: give the error log with --log (/var/log/nginx/error.log, /var/log/apache2/error.log)${noted}`);
  }
  const why = errors.length > 0 || notes.length > 0 ? ` (${[...errors, ...notes].join('; ')})` : '';
  return done(evidence, errors.length === files.length ? 'warn' : 'pass', `no upstream failure logged during the run${why}`);
}

/**
 * The application server's own account explains the gateway's symptom: php-fpm saying it
 * killed the request beats nginx saying the upstream closed. Otherwise the most common cause.
 */
function decisiveCause(events: LogEvent[]): Cause | null {
  if (events.some((e) => e.cause === 'upstream-killed')) return 'upstream-killed';
  return mostCommonCause(events);
}

function mostCommonCause(events: LogEvent[]): Cause | null {
  const counts = new Map<Cause, number>();
  for (const e of events) counts.set(e.cause, (counts.get(e.cause) ?? 0) + 1);
  let best: Cause | null = null;
  for (const [cause, n] of counts) if (best === null || n > counts.get(best)!) best = cause;
  return best;
}

function done(evidence: LogsEvidence, result: 'pass' | 'fail' | 'warn' | 'skip', detail: string): StepOutcome<LogsEvidence> {
  const shown = (events: LogEvent[]) => events.slice(0, 20).map(({ at: _at, ...event }) => event);
  return {
    report: {
      id: 'logs', title: LOGS_TITLE, result, detail,
      evidence: { cause: evidence.cause, ours: shown(evidence.ours), nearby: shown(evidence.nearby), access: shown(evidence.access), notes: evidence.notes, errors: evidence.errors },
    },
    evidence,
  };
}
