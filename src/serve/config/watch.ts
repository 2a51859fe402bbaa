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
  /** How long an empty read is given to fill before it is reported (default 500 ms). */
  confirmEmptyMs?: number;
}

/**
 * The file holds nothing but blank lines and comments. Parsed, that is a valid config with no
 * monitors, and applying it would stop every monitor and delete its history: nobody saves that
 * on purpose (a truncated file, a wrong `>` redirect, everything commented out while editing).
 */
export class EmptyConfigError extends WhydownError {
  constructor(file: string) {
    super('E_CONFIG', `${file}: config file is empty; keeping the last good config`);
  }
}

/** Nothing but whitespace and `#` comments. */
export function isBlankConfig(text: string): boolean {
  return /^(?:[ \t]*(?:#[^\n]*)?\r?\n)*[ \t]*(?:#[^\n]*)?$/.test(text);
}

/**
 * Calls onChange with each new valid config, and onError (never onChange) when the file becomes
 * unreadable, invalid or empty (EmptyConfigError): the caller keeps running on the last good config. onChange also comes
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
    if (stopped || text === lastText) return;
    if (isBlankConfig(text)) {
      // Most often a save caught half-way (truncated, not yet filled): give it a moment, and
      // report only a file that stays empty.
      await new Promise((resolve) => setTimeout(resolve, options.confirmEmptyMs ?? 500));
      try {
        text = await readFile(full, 'utf8');
      } catch {
        return; // gone meanwhile: the event of that change reports it
      }
      if (stopped || text === lastText) return;
      if (isBlankConfig(text)) {
        lastText = text;
        failing = true;
        onError(new EmptyConfigError(file));
        return;
      }
    }
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
