// The API's errors: one class with an HTTP status and a stable snake_case code, and the mapping
// of everything else a handler can throw (the monitor's, the config's and the store's error
// classes) onto it, so a client always gets `{"error": {"code", "message"}}` and never a stack
// trace. Classes are mapped, never message text.
import { ConfigError } from '../config/errors.js';
import { StoreInputError, StoreNotFound, StoreUnavailable } from '../store/errors.js';
import { MonitorConflict, MonitorReadOnly } from '../engine/types.js';

export type ApiErrorCode =
  | 'unauthorized'
  | 'not_found'
  | 'invalid_json'
  | 'invalid_monitor'
  | 'invalid_parameter'
  | 'conflict'
  | 'read_only'
  | 'method_not_allowed'
  | 'payload_too_large'
  | 'unavailable'
  | 'rate_limited'
  | 'internal';

/** One problem of an invalid monitor: where in the body (`interval`, `expect.status[1]`) and what. */
export interface ApiIssue {
  path: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ApiErrorCode,
    message: string,
    readonly issues?: readonly ApiIssue[],
  ) {
    super(message);
    this.name = 'ApiError';
  }

  toJSON(): { error: { code: ApiErrorCode; message: string; issues?: readonly ApiIssue[] } } {
    return { error: { code: this.code, message: this.message, ...(this.issues ? { issues: this.issues } : {}) } };
  }
}

export const notFound = (message: string): ApiError => new ApiError(404, 'not_found', message);
export const invalidParameter = (name: string, why: string): ApiError =>
  new ApiError(400, 'invalid_parameter', `${name}: ${why}`);

/**
 * What a thrown value means for the client. `log` hears about the ones that are not the
 * client's doing (5xx), with the detail the client is not shown.
 */
export function toApiError(error: unknown, log: (line: string) => void): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof ConfigError) {
    const issues = error.issues.map((issue) => ({ path: issue.path, message: issue.message }));
    const message = issues.length === 1 ? `${issues[0]!.path ? `${issues[0]!.path}: ` : ''}${issues[0]!.message}` : `${issues.length} problems in the monitor`;
    return new ApiError(400, 'invalid_monitor', message, issues);
  }
  if (error instanceof MonitorReadOnly) return new ApiError(409, 'read_only', error.message);
  if (error instanceof MonitorConflict) return new ApiError(409, 'conflict', error.message);
  if (error instanceof StoreInputError) return new ApiError(400, 'invalid_parameter', error.message);
  if (error instanceof StoreNotFound) return notFound(error.message);
  if (error instanceof StoreUnavailable) {
    log(`API: the store is unavailable: ${error.message}`);
    return new ApiError(503, 'unavailable', 'the store is unavailable; try again shortly');
  }
  log(`API: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  return new ApiError(500, 'internal', 'internal error; the server log has the details');
}
