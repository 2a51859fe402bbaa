// What the API shows of the store's records. A monitor shows its settings at the top level, as
// they would be written, so a GET's answer can be edited and sent back with PUT: the fields the
// server adds (status, source, last, times) are taken out of a body again by withoutViewFields.
import { HIDDEN_TOKEN } from '../engine/push.js';
import type { IncidentDetail, IncidentRecord, MonitorRecord, ResultRecord, RollupBucket } from '../store/types.js';

/** Fields a monitor's answer has that are not settings. */
const VIEW_FIELDS = ['status', 'source', 'last', 'createdAt', 'updatedAt', 'pausedAt'] as const;
const RESERVED = new Set<string>(['name', 'url', ...VIEW_FIELDS]);

/** `pausedAt`: when the monitor was paused; its status then reads `paused`. */
export function monitorView(record: MonitorRecord, pausedAt?: string): Record<string, unknown> {
  const view: Record<string, unknown> = {
    name: record.name,
    url: record.url,
    status: pausedAt ? 'paused' : record.last?.status ?? 'unknown',
    source: record.source,
    // http monitors keep no type in their settings (it is the default); the view always says it.
    type: typeof record.settings.type === 'string' ? record.settings.type : 'http',
  };
  for (const [key, value] of Object.entries(record.settings)) {
    if (!RESERVED.has(key)) view[key] = value; // settings never hide what the server says
  }
  // A push monitor's token is a secret: shown as set, never as it is (a PUT that sends this back keeps it).
  if (typeof view.token === 'string') view.token = HIDDEN_TOKEN;
  view.last = record.last;
  view.createdAt = record.createdAt;
  view.updatedAt = record.updatedAt;
  if (pausedAt) view.pausedAt = pausedAt;
  return view;
}

/** A body as given, less the fields the server adds to its answers. Anything that is not an object passes unchanged (and fails validation). */
export function withoutViewFields(body: unknown): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return body;
  const copy: Record<string, unknown> = { ...(body as Record<string, unknown>) };
  for (const field of VIEW_FIELDS) delete copy[field];
  return copy;
}

export type ResultView = Omit<ResultRecord, 'monitor'>;

export function resultView(result: ResultRecord): ResultView {
  const { at, status, cause, timings, httpStatus, errorCode, durationMs } = result;
  return { at, vantage: result.vantage ?? 'local', status, cause, timings, httpStatus, errorCode, durationMs };
}

export function incidentView(incident: IncidentRecord): IncidentRecord {
  const { id, monitor, openedAt, closedAt, verdict, timeline } = incident;
  return { id, monitor, openedAt, closedAt, verdict, timeline };
}

/** The incident as the list shows it, then its diagnoses: each as `diagnose --json` gives it. */
export function incidentDetailView(incident: IncidentDetail): IncidentDetail {
  return { ...incidentView(incident), diagnosis: incident.diagnosis, rediagnoses: incident.rediagnoses };
}

export function rollupView(bucket: RollupBucket): Omit<RollupBucket, 'monitor'> {
  const { monitor: _monitor, ...rest } = bucket;
  return rest;
}
