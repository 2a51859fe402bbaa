// Parses one config file on a thread of its own (see config-thread.ts) and hands back the Config,
// or the problems found, as plain data.
import { parentPort, workerData } from 'node:worker_threads';
import { ConfigError } from './config/errors.js';
import { parseConfig } from './config/load.js';
import { isWhydownError } from '../core/errors.js';
import type { ConfigReply } from './config-thread.js';

const { text, file } = workerData as { text: string; file: string };
let reply: ConfigReply;
try {
  reply = { kind: 'config', config: parseConfig(text, file) };
} catch (error) {
  if (error instanceof ConfigError) reply = { kind: 'issues', issues: error.issues };
  else if (isWhydownError(error)) reply = { kind: 'error', code: error.code, message: error.message };
  else reply = { kind: 'error', code: 'E_INTERNAL', message: error instanceof Error ? (error.stack ?? error.message) : String(error) };
}
parentPort!.postMessage(reply);
