// The messages between a hub and its agents: JSON text frames over one WebSocket (the `ws`
// package does the framing, masking, pings and limits). Each side checks what it is sent: a
// message that is not one of these is dropped, never trusted.
import { CAUSES, type Cause, type DiagnoseReport, type Timings } from '../../core/model.js';
import type { CheckTarget } from '../engine/check.js';

export const AGENT_PATH = '/api/v1/agent';
/** Carries the vantage's name beside `Authorization: Bearer <token>` on the upgrade request. */
export const VANTAGE_HEADER = 'x-whydown-vantage';
/** The hub probes each agent's clock this often; any message from the agent counts as contact. */
export const HEARTBEAT_MS = 5_000;
/** Missing three heartbeats: offline (and, on the agent's side, time to reconnect). */
export const OFFLINE_AFTER_MS = 3 * HEARTBEAT_MS;
/** Results per `results` message at most (the hub refuses larger messages). */
export const MAX_BATCH = 1000;
export const MAX_MESSAGE_BYTES = 8 * 1024 * 1024;
/** Close codes: the token was revoked / the vantage removed; another connection took the vantage. */
export const CLOSE_REVOKED = 4001;
export const CLOSE_REPLACED = 4002;

export interface AssignedCheck extends CheckTarget {
  intervalMs: number;
}

/** One result as the agent sends it: times on the agent's clock, epoch milliseconds. */
export interface WireResult {
  id: number;
  monitor: string;
  slot: number;
  at: number;
  status: 'up' | 'degraded' | 'down';
  cause: Cause;
  timings: Timings;
  httpStatus: number | null;
  errorCode: string | null;
  durationMs: number;
}

export type HubMessage =
  | { t: 'monitors'; monitors: AssignedCheck[] }
  | { t: 'ack'; ids: number[] }
  | { t: 'clock'; id: number }
  | { t: 'diagnose'; id: number; url: string };

export type AgentMessage =
  | { t: 'hello'; dropped: number }
  | { t: 'results'; results: WireResult[] }
  | { t: 'clock'; id: number; agentTime: number }
  | { t: 'diagnosis'; id: number; report?: DiagnoseReport; error?: string };

const STATUSES = new Set(['up', 'degraded', 'down']);
const CAUSE_SET: ReadonlySet<string> = new Set(CAUSES);
const PHASES = ['dns', 'tcp', 'tls', 'firstByte', 'download', 'total'] as const;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

export function parseJson(data: unknown): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(String(data));
    return isObject(value) ? value : null;
  } catch {
    return null;
  }
}

/** A result from an agent, checked field by field; null when anything is off. */
export function readWireResult(value: unknown): WireResult | null {
  if (!isObject(value)) return null;
  const { id, monitor, slot, at, status, cause, timings, httpStatus, errorCode, durationMs } = value;
  if (!finite(id) || typeof monitor !== 'string' || monitor.length > 64 || !finite(slot) || !finite(at)) return null;
  if (typeof status !== 'string' || !STATUSES.has(status) || typeof cause !== 'string' || !CAUSE_SET.has(cause)) return null;
  if (!isObject(timings) || !finite(timings.total) || !finite(durationMs)) return null;
  if (httpStatus !== null && !(finite(httpStatus) && httpStatus >= 100 && httpStatus <= 999)) return null;
  if (errorCode !== null && !(typeof errorCode === 'string' && errorCode.length <= 64)) return null;
  const clean: Timings = { total: timings.total };
  for (const phase of PHASES) if (finite(timings[phase])) clean[phase] = timings[phase] as number;
  return { id, monitor, slot, at, status: status as WireResult['status'], cause: cause as Cause, timings: clean, httpStatus, errorCode, durationMs };
}
