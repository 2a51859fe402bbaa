// The config of `whydown serve`: load it once at start (a ConfigError means exit 3), then watch it.
export { loadConfig, parseConfig, parseMonitorInput, type LoadOptions } from './load.js';
export { EmptyConfigError, isBlankConfig, watchConfig, type WatchOptions } from './watch.js';
export { ConfigError, formatIssue, type ConfigIssue } from './errors.js';
export { statusExpected, DEFAULT_STATUS } from './status.js';
export { parseDuration, formatDuration } from './duration.js';
export type * from './types.js';
export { HTTP_METHODS, NOTIFY_TYPES } from './types.js';
