// The monitors the store holds, read whole (page by page), and an API-made one turned back into
// its config: what the engine loads at start and when another hub changed one.
import { parseMonitorInput } from '../config/load.js';
import type { Config, MonitorConfig } from '../config/types.js';
import type { MonitorRecord, Store } from '../store/types.js';
import { keepHiddenToken } from './push.js';

export async function allMonitors(store: Store, source: 'config' | 'api'): Promise<Map<string, MonitorRecord>> {
  const found = new Map<string, MonitorRecord>();
  let cursor: string | null = null;
  do {
    const page = await store.listMonitors({ source, limit: 1000, cursor });
    for (const record of page.monitors) found.set(record.name, record);
    cursor = page.next;
  } while (cursor);
  return found;
}

/** The config of a monitor made through the API, validated against the config now in force (throws when it no longer fits). */
export function apiMonitorConfig(record: MonitorRecord, config: Config): MonitorConfig {
  return parseMonitorInput({ ...record.settings, name: record.name, url: record.url }, config);
}

/**
 * An API call's monitor as the config reader takes it: a copy (the caller's object is left as it
 * came), named by the URL's name when the body has none, and a push monitor's hidden token put
 * back (push.ts). `current` finds the monitor that has that name now.
 */
export function apiMonitorBody(input: unknown, name: string | undefined, current: (name: string) => MonitorConfig | undefined): unknown {
  const body = typeof input === 'object' && input !== null && !Array.isArray(input) ? { ...(input as Record<string, unknown>) } : input;
  if (name !== undefined && typeof body === 'object' && body !== null && !('name' in body)) {
    (body as Record<string, unknown>).name = name;
  }
  keepHiddenToken(body, current(String((body as { name?: unknown } | null)?.name ?? '')));
  return body;
}
