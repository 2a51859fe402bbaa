// Cron expressions for recurring maintenance windows, read by croner in the window's own time zone
// (croner handles daylight saving time: a start that falls in the spring-forward gap moves to the
// first time after it, and a start in the repeated autumn hour happens once).
import { Cron } from 'croner';

/** Minute-level, five fields (or a nickname such as @daily): seconds would add nothing here. */
const MODE = '5-part';
const EXAMPLE = 'minute hour day-of-month month day-of-week, e.g. "0 3 * * 0" for Sundays at 03:00';

export function compileCron(pattern: string, timeZone: string): Cron {
  return new Cron(pattern, { timezone: timeZone, mode: MODE });
}

/** What is wrong with a pattern, in words for the config file; undefined when it is usable. */
export function cronProblem(pattern: string, timeZone: string): string | undefined {
  let cron: Cron;
  try {
    cron = compileCron(pattern, timeZone);
  } catch (error) {
    const words = (error as Error).message.replace(/^CronPattern:\s*/, '').replace(/\.$/, '');
    return `is not a cron expression: ${words.charAt(0).toLowerCase()}${words.slice(1)} (use ${EXAMPLE})`;
  }
  // Feb 30 parses but never comes; eight years cover every leap-day pattern.
  const horizon = Date.UTC(2000, 0, 1) + 8 * 366 * 86_400_000;
  const first = cron.nextRun(new Date(Date.UTC(2000, 0, 1)));
  if (!first || first.getTime() > horizon) return 'never happens (no date matches it)';
  // Every start is enumerated for reports; a window that starts every few minutes is a mistake,
  // and one start an hour at most keeps a year's report to thousands of starts.
  const minute = pattern.trim().startsWith('@') ? '0' : (pattern.trim().split(/\s+/)[0] ?? '');
  if (!/^\d{1,2}$/.test(minute)) return `starts more than once an hour; give the minute as one number (use ${EXAMPLE})`;
  return undefined;
}
