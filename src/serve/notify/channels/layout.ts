// What the richer channels (Slack, Discord, Teams, email, PagerDuty) show besides the text: the
// verdict as labelled facts and the fixes as a list, worded once here so they all agree.
import { formatSpan } from '../../../core/render/text.js';
import type { AlertMessage } from '../message.js';

export type Tone = 'bad' | 'good' | 'warn' | 'info';

/** Red for an outage, green for a recovery, amber for a change or flapping, blue for a test. */
export function toneOf(message: AlertMessage): Tone {
  if (message.event === 'test') return 'info';
  if (message.event === 'incident.closed' && !message.flapping) return 'good';
  if (message.flapping || message.event === 'incident.updated' || message.verdict?.status === 'degraded') return 'warn';
  return 'bad';
}

/** Label and value pairs, only those the message has. */
export function facts(message: AlertMessage): [string, string][] {
  const out: [string, string][] = [['Monitor', message.monitor]];
  if (message.url) out.push(['URL', message.url]);
  const v = message.verdict;
  if (v && message.event !== 'incident.closed') {
    out.push(['Cause', `${v.cause} (at the ${v.hop} hop)`]);
    if (v.generatedBy) out.push(['Error page written by', v.generatedBy]);
    out.push(['Affects', v.scope], ['Confidence', v.confidence]);
  }
  if (message.previousCause) out.push(['Cause before', message.previousCause]);
  if (message.durationSeconds !== undefined) out.push(['Down for', formatSpan(message.durationSeconds)]);
  out.push(['At', message.at]);
  return out;
}

/** The verdict's fixes, most likely first; none once the incident is over. */
export function fixesOf(message: AlertMessage): string[] {
  if (!message.verdict || message.event === 'incident.closed') return [];
  return message.verdict.fixes;
}

/** Cuts to `max` characters (UTF-16 units, as JSON services count) with an ellipsis. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** An http(s) URL a button or link may point to; a test without a monitor has none. */
export function linkable(url: string): boolean {
  return /^https?:\/\//i.test(url);
}
