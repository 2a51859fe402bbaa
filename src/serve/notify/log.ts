// What the dispatcher tells its logger: one entry per delivery outcome, with a line for people.
// `whydown serve` decides where it goes (its log, the console); the dispatcher never prints.
import type { NotifyType } from '../config/types.js';
import type { AlertEvent } from './message.js';

export interface DeliveryLogEntry {
  level: 'info' | 'warn' | 'error';
  /** `kept`: not delivered when whydown stopped, stored and sent after the next start. */
  outcome: 'delivered' | 'retrying' | 'failed' | 'dropped' | 'suppressed' | 'unknown-target' | 'hook-failed' | 'kept';
  /** The notify target's name; null for a suppressed event (it concerns all targets). */
  target: string | null;
  type: NotifyType | null;
  event: AlertEvent;
  monitor: string;
  /** Which attempt this was (delivered, retrying, failed). */
  attempt?: number;
  /** What the receiver said, or why nothing was sent. */
  detail: string;
  /** One line for people (logLine). */
  message: string;
}

/** "alert incident.opened for shop to ops-hook (webhook): delivered — HTTP 200". */
export function logLine(entry: Omit<DeliveryLogEntry, 'message'>): string {
  const who = entry.target ? ` ${entry.outcome === 'delivered' ? 'to' : 'for'} ${entry.target}${entry.type ? ` (${entry.type})` : ''}` : '';
  const attempt = entry.attempt && entry.attempt > 1 ? ` on attempt ${entry.attempt}` : '';
  return `alert ${entry.event} for ${entry.monitor}${who}: ${entry.outcome}${attempt} — ${entry.detail}`;
}
