// A large config is parsed on a short-lived thread. With 100,000 monitors the YAML parser (which
// keeps every node's position, for the error messages) runs for about 9 s and makes about 400 MB
// of garbage: on the main thread that stalls every check for those seconds at each save of the
// file, and the heap it grows stays the process's RSS long after. On a thread of its own the
// checks go on, and its memory goes back to the system when it exits; only the Config crosses.
// Small files are parsed in place: starting a thread costs more than parsing them.
import { ConfigError, type ConfigIssue } from './config/errors.js';
import { parseConfig, readConfigFile } from './config/load.js';
import type { Config } from './config/types.js';
import { WhydownError, type ErrorCode } from '../core/errors.js';
import { runWorkerOnce, workerScriptBeside } from '../core/worker-thread.js';

export type ConfigReply =
  | { kind: 'config'; config: Config }
  | { kind: 'issues'; issues: readonly ConfigIssue[] }
  | { kind: 'error'; code: ErrorCode; message: string };

const WORKER_SCRIPT = workerScriptBeside('config-worker.js', import.meta.url);
/** About 2,500 monitors: below that a parse takes well under a second. */
const OFF_THREAD_FROM_BYTES = 256 * 1024;

/** parseConfig with the same result and errors (ConfigError, WhydownError), off the main thread when large. */
export async function parseConfigOffThread(text: string, file: string): Promise<Config> {
  if (text.length < OFF_THREAD_FROM_BYTES || WORKER_SCRIPT === null) return parseConfig(text, file);
  const reply = await runWorkerOnce<ConfigReply>(WORKER_SCRIPT, { text, file },
    (why, error) => error ?? new WhydownError('E_INTERNAL', `the config parser thread failed: ${why}`));
  if (reply.kind === 'config') return reply.config;
  if (reply.kind === 'issues') throw new ConfigError(reply.issues);
  throw new WhydownError(reply.code, reply.message);
}

/** loadConfig, off the main thread when large; the text comes back too (the watcher compares with it). */
export async function loadConfigOffThread(file: string): Promise<{ text: string; config: Config }> {
  const text = await readConfigFile(file);
  return { text, config: await parseConfigOffThread(text, file) };
}
