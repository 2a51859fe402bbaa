// Reloads the config when its file changes. Watches the directory, not the file: editors that save
// by writing a new file and renaming it over the old one would leave a file watch on a dead inode.
import { watch, lstatSync, readFileSync, type FSWatcher } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { WhydownError } from '../../core/errors.js';
import { parseConfig, type LoadOptions } from './load.js';
import type { Config } from './types.js';

export interface WatchOptions extends LoadOptions {
  /** Quiet time after the last event before reading: one save makes several events. */
  debounceMs?: number;
  /** The file's text and config as the caller just loaded them: not read and parsed a second time. */
  initial?: { text: string; config: Config };
  /** Replaces parseConfig (same result and errors): `whydown serve` parses large files off its main thread. */
  parse?: (text: string, file: string) => Promise<Config>;
}

/**
 * Calls onChange with each new valid config, and onError (never onChange) when the file becomes
 * unreadable or invalid: the caller keeps running on the last good config. onChange also comes
 * when a fix restores the last good config, so the caller can clear a reported error. Edits that
 * change nothing (a touch, a comment) call nothing. Returns stop().
 */
export function watchConfig(
  file: string,
  onChange: (config: Config) => void,
  onError: (error: Error) => void,
  options: WatchOptions = {},
): () => void {
  const full = path.resolve(file);
  const base = path.basename(full);
  // Through a symlink (a Kubernetes ConfigMap swaps a `..data` link) any event may be a change.
  const isLink = safely(() => lstatSync(full).isSymbolicLink()) ?? false;
  let lastText = options.initial ? options.initial.text : safely(() => readFileSync(full, 'utf8'));
  let lastGood = options.initial ? JSON.stringify(options.initial.config)
    : lastText === undefined ? undefined : safely(() => JSON.stringify(parseConfig(lastText!, file, options)));
  let failing = lastGood === undefined;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let queue = Promise.resolve();

  async function reload(): Promise<void> {
    let text: string;
    try {
      text = await readFile(full, 'utf8');
    } catch (error) {
      if (stopped || lastText === undefined) return; // already reported
      lastText = undefined;
      failing = true;
      const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      onError(new WhydownError('E_FILE', `cannot read the config file ${file}: ${code}`, { cause: error }));
      return;
    }
    // An empty file is most likely one being written (truncated, not yet filled): dropping every
    // monitor on it would be worse than waiting for the write event that follows.
    if (stopped || text === lastText || text.trim() === '') return;
    lastText = text;
    let config: Config;
    try {
      config = options.parse ? await options.parse(text, file) : parseConfig(text, file, options);
    } catch (error) {
      if (stopped) return;
      failing = true;
      onError(error as Error);
      return;
    }
    if (stopped) return;
    const json = JSON.stringify(config);
    if (json === lastGood && !failing) return;
    lastGood = json;
    failing = false;
    try {
      onChange(config);
    } catch (error) {
      onError(error as Error);
    }
  }

  let watcher: FSWatcher;
  try {
    watcher = watch(path.dirname(full), (_event, name) => {
      if (stopped || (name && name !== base && !isLink)) return;
      clearTimeout(timer);
      timer = setTimeout(() => {
        // A callback that throws must not end the reloads that follow.
        queue = queue.then(reload).catch((error: Error) => process.emitWarning(error));
      }, options.debounceMs ?? 150);
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new WhydownError('E_FILE', `cannot watch the config file ${file}: ${code}`, { cause: error });
  }
  watcher.on('error', (error) => {
    if (!stopped) onError(new WhydownError('E_FILE', `stopped watching the config file ${file}: ${error.message}`, { cause: error }));
  });

  return () => {
    stopped = true;
    clearTimeout(timer);
    watcher.close();
  };
}

function safely<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch {
    return undefined;
  }
}
