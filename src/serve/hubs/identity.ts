// Who this hub is: its name (--hub-name, default host:pid) and the version it runs.
import { hostname } from 'node:os';
import { packageVersion } from '../../core/package-root.js';

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

/** The version this hub runs (hubs of other versions refuse to run beside it). */
export function whydownVersion(): string {
  return packageVersion();
}

/** A hub name as the command line may give it: printable, short. */
export function checkHubName(name: string): string | null {
  if (name.length === 0 || name.length > 100) return '--hub-name wants 1 to 100 characters';
  if (!/^[\x21-\x7e]+$/.test(name)) return '--hub-name wants printable characters without spaces';
  return null;
}
