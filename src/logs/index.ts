// The logs library: what `whydown logs` and `diagnose --log` call.
export { readLogs, scanLogs, parseLines, type ReadLogsOptions } from './read-logs.js';
export { LogSummary, type LogsSummaryJson } from './summary.js';
export { renderSummary } from './render.js';
export { PARSERS, detectParser, isServerId } from './registry.js';
export { STDIN } from './source.js';
export { DEFAULT_MAX_LINE_BYTES } from './line-splitter.js';
export { SERVER_IDS, type FileStats, type LogEvent, type LogParser, type ServerId, type SkipCounts } from './types.js';
export { summarizeLogs, type SummarizeOptions } from './summarize.js';
