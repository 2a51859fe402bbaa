// Who this hub is: its name (--hub-name, default host:pid) and the version it runs.
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';

export interface HubIdentity {
  name: string;
  host: string;
  pid: number;
  version: string;
}

export function hubIdentity(name?: string): HubIdentity {
  const host = hostname();
  return { name: name ?? `${host}:${process.pid}`, host, pid: process.pid, version: whydownVersion() };
}

/** The nearest whydown package.json above this file (dist/src/serve/hubs/ or dist/bundle/). */
export function whydownVersion(): string {
  let dir = new URL('.', import.meta.url);
  for (let depth = 0; depth < 6; depth++) {
    try {
      const pkg = JSON.parse(readFileSync(new URL('package.json', dir), 'utf8')) as { name?: string; version: string };
      if (pkg.name === 'whydown') return pkg.version;
    } catch {
      // not here; look one folder up
    }
    dir = new URL('..', dir);
  }
  return 'unknown';
}

/** A hub name as the command line may give it: printable, short. */
export function checkHubName(name: string): string | null {
  if (name.length === 0 || name.length > 100) return '--hub-name wants 1 to 100 characters';
  if (!/^[\x21-\x7e]+$/.test(name)) return '--hub-name wants printable characters without spaces';
  return null;
}
