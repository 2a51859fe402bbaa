// One alert, built once from an incident event and handed unchanged to every channel: each
// channel only lays it out (src/serve/notify/channels/). `text` already says why, so even a channel
// that shows one line tells the reader what broke and what to do.
import { randomUUID } from 'node:crypto';
import type { Verdict } from '../../core/model.js';
import type { IncidentClosed, IncidentOpened, IncidentUpdated } from '../engine/events.js';
import { closedText, flappingText, openedText, statusWord, updatedText } from './wording.js';

export const ALERT_EVENTS = ['incident.opened', 'incident.updated', 'incident.closed', 'test'] as const;
export type AlertEvent = (typeof ALERT_EVENTS)[number];

export interface AlertMessage {
  /** The same on every retry of this alert, so a receiver can drop duplicates. */
  id: string;
  event: AlertEvent;
  /** The monitor's name (its id in the API). */
  monitor: string;
  url: string;
  /** When it happened (ISO): the incident's opening, closing or verdict change; the send time for a test. */
  at: string;
  /** The diagnosis verdict as in `diagnose --json`; null only for a test. */
  verdict: Verdict | null;
  incident: { id: number; openedAt: string; closedAt: string | null } | null;
  /** Only on incident.closed. */
  durationSeconds?: number;
  /** Only on incident.updated: the cause before the change. */
  previousCause?: string;
  /** The monitor goes up and down within minutes: one alert says so instead of one per change. */
  flapping: boolean;
  /** A short heading: "shop is down". */
  title: string;
  /** The whole story in a few sentences, for people. */
  text: string;
}

/** An incident event of the monitor, tagged with its name (what the dispatcher and shouldSend see). */
export type IncidentNotice =
  | { event: 'incident.opened'; data: IncidentOpened }
  | { event: 'incident.updated'; data: IncidentUpdated }
  | { event: 'incident.closed'; data: IncidentClosed };

export function incidentMessage(notice: IncidentNotice, options: { flapping?: boolean } = {}): AlertMessage {
  const { monitor, incident } = notice.data;
  const verdict = incident.verdict;
  const base = {
    id: randomUUID(),
    event: notice.event,
    monitor: monitor.name,
    url: monitor.url,
    verdict,
    incident: { id: incident.id, openedAt: incident.openedAt, closedAt: incident.closedAt },
    flapping: options.flapping === true,
  };
  if (base.flapping) {
    const at = notice.event === 'incident.closed' ? incident.closedAt ?? latestAt(notice) : latestAt(notice);
    return { ...base, at, title: `${monitor.name} is flapping`, text: flappingText(monitor.name, verdict) };
  }
  switch (notice.event) {
    case 'incident.opened':
      return { ...base, at: incident.openedAt, title: `${monitor.name} is ${statusWord(verdict)}`, text: openedText(monitor.name, verdict, incident.openedAt) };
    case 'incident.updated': {
      const at = latestAt(notice);
      return {
        ...base, at, previousCause: notice.data.previousCause,
        title: `${monitor.name}: the cause changed`, text: updatedText(monitor.name, verdict, incident.openedAt, at),
      };
    }
    case 'incident.closed': {
      const at = incident.closedAt ?? new Date().toISOString();
      const durationSeconds = notice.data.durationSeconds;
      return {
        ...base, at, durationSeconds,
        title: `${monitor.name} is up again`, text: closedText(monitor.name, verdict, incident.openedAt, at, durationSeconds),
      };
    }
  }
}

/**
 * What `whydown notify test` sends: no verdict, no incident, and words that cannot be taken for
 * a real outage. `monitor` is one that alerts this target, when there is one.
 */
export function testMessage(target: string, monitor: { name: string; url: string } | null, at = new Date()): AlertMessage {
  const about = monitor ? ` Alerts for ${monitor.name} (${monitor.url}) will arrive here.` : ' Alerts will arrive here.';
  return {
    id: randomUUID(),
    event: 'test',
    monitor: monitor?.name ?? 'whydown',
    url: monitor?.url ?? '',
    at: at.toISOString(),
    verdict: null,
    incident: null,
    flapping: false,
    title: 'whydown test alert',
    text: `This is a test from whydown to the notify target "${target}"; nothing is down.${about}`,
  };
}

/** The time of the incident's newest timeline entry: when the verdict changed. */
function latestAt(notice: IncidentNotice): string {
  const timeline = notice.data.incident.timeline;
  return timeline[timeline.length - 1]?.at ?? notice.data.incident.openedAt;
}
