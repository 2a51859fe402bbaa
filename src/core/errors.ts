// The tool's own errors (bad input, bugs). A target's failure is never one of these: the probe
// returns it as data.

export type ErrorCode =
  | 'E_USAGE'
  | 'E_BAD_URL'
  | 'E_BAD_OPTION'
  | 'E_FILE'
  | 'E_CONFIG'
  | 'E_STORE'
  | 'E_STORE_INPUT'
  | 'E_STORE_NOT_FOUND'
  | 'E_STORE_UNAVAILABLE'
  | 'E_LISTEN'
  | 'E_AGENT'
  | 'E_UNKNOWN_CODE'
  | 'E_BROWSER'
  | 'E_INTERNAL';

export class WhydownError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'WhydownError';
    this.code = code;
  }
}

export function isWhydownError(value: unknown): value is WhydownError {
  return value instanceof WhydownError;
}
