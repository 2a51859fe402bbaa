// What a config reload cannot change in a running `whydown serve`. The API's address and the
// database are opened once at start, and monitors made through the API were completed with the
// file's `defaults` when they were read at start (a restart reads them again with the new ones).
// A reload applies everything else; these it names, so a saved change is never silently ignored.
import type { Config, MonitorDefaults } from './config/types.js';
import { DEFAULT_LISTEN } from './listen-address.js';
import { DEFAULT_DB_URL } from './store/open-store.js';
import { count } from '../core/render/text.js';

/** What the running process took at start. */
export interface StartedWith {
  /** The address and database in use: the command line's, else the file's, else the default. */
  listen: string;
  db: string;
  /** --listen and --db: they win over the file, now and after a restart. */
  commandLine: { listen?: string | undefined; db?: string | undefined };
  /** The defaults the API's monitors were completed with. */
  defaults: MonitorDefaults;
}

export interface ReloadNotes {
  /** "listen (127.0.0.1:8080 → 127.0.0.1:9090)": differs from what runs; a restart would change it. */
  restartNeeded: string[];
  /** "listen (--listen on the command line wins)": changed in the file, yet no restart would apply it. */
  overridden: string[];
}

export function reloadNotes(started: StartedWith, previous: Config, next: Config, apiMonitors: number): ReloadNotes {
  const notes: ReloadNotes = { restartNeeded: [], overridden: [] };
  const keys = [
    { key: 'listen', flag: '--listen', running: started.listen, cli: started.commandLine.listen, was: previous.listen, now: next.listen, fallback: DEFAULT_LISTEN },
    { key: 'db', flag: '--db', running: started.db, cli: started.commandLine.db, was: previous.db, now: next.db, fallback: DEFAULT_DB_URL },
  ] as const;
  for (const { key, flag, running, cli, was, now, fallback } of keys) {
    if (cli !== undefined) {
      if (was !== now) notes.overridden.push(`${key} (${flag} on the command line wins)`);
      continue;
    }
    const wanted = now ?? fallback;
    if (wanted !== running) notes.restartNeeded.push(`${key} (${redactDbUrl(running)} → ${redactDbUrl(wanted)})`);
  }
  if (apiMonitors > 0 && JSON.stringify(next.defaults) !== JSON.stringify(started.defaults)) {
    notes.restartNeeded.push(`defaults (for the ${apiMonitors} monitor${apiMonitors === 1 ? '' : 's'} made through the API)`);
  }
  return notes;
}

/** The reload's log line: what was applied, then what was not. */
export function reloadLine(file: string, monitors: number, notes: ReloadNotes): string {
  let line = `config reloaded from ${file}: ${count(monitors, 'monitor')}`;
  if (notes.restartNeeded.length > 0) line += `; restart needed for: ${notes.restartNeeded.join(', ')}`;
  if (notes.overridden.length > 0) line += `; not used: ${notes.overridden.join(', ')}`;
  return line;
}

/** A database URL without its password, for messages (other values pass unchanged). */
export function redactDbUrl(url: string): string {
  return url.replace(/^(postgres(?:ql)?:\/\/[^:/@]+):[^@]*@/i, '$1:***@');
}
