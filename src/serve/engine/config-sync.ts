// A config (re)load's work on the store: the file is the source of its monitors, so a monitor gone
// from the file is deleted with its history, and a new or changed one is stored. The engine is
// told which monitors to watch and which to drop; API monitors are left as they are, except that
// a file monitor of the same name replaces one (said in the log).
import type { Config, MonitorConfig } from '../config/types.js';
import type { Store } from '../store/types.js';
import { eachLimited } from './each-limited.js';
import { monitorSettings } from './monitor-view.js';
import { sameJson } from './same-json.js';
import { allMonitors } from './stored-monitors.js';

export interface ConfigSyncHooks {
  /** Where a watched monitor comes from now; undefined when it is not watched. */
  sourceOf(name: string): 'config' | 'api' | undefined;
  /** The names of the watched monitors that came from the file. */
  watchedFromConfig(): string[];
  watch(monitor: MonitorConfig): void;
  unwatch(name: string): void;
  log(line: string): void;
}

export async function syncConfigMonitors(store: Store, config: Config, hooks: ConfigSyncHooks): Promise<void> {
  const wanted = new Map(config.monitors.map((m) => [m.name, m]));
  const stored = await allMonitors(store, 'config');
  for (const [name] of stored) {
    if (!wanted.has(name)) {
      await store.deleteMonitor(name);
      hooks.unwatch(name);
      hooks.log(`monitor ${name} removed from the config: stopped, its history deleted`);
      stored.delete(name);
    }
  }
  for (const name of hooks.watchedFromConfig()) if (!wanted.has(name)) hooks.unwatch(name);
  // The stored API monitors, read once (not one query per new monitor) when the file has new names.
  let apiNames: Set<string> | undefined;
  const changed: { monitor: MonitorConfig; settings: Record<string, unknown>; replacesApi: boolean }[] = [];
  for (const monitor of config.monitors) {
    const settings = monitorSettings(monitor);
    const record = stored.get(monitor.name);
    if (!record || record.url !== monitor.url || !sameJson(record.settings, settings)) {
      let replacesApi = hooks.sourceOf(monitor.name) === 'api';
      if (!replacesApi && !record) {
        apiNames ??= new Set((await allMonitors(store, 'api')).keys());
        replacesApi = apiNames.has(monitor.name);
      }
      changed.push({ monitor, settings, replacesApi });
    } else {
      hooks.watch(monitor);
    }
  }
  // A few at a time: on PostgreSQL each is a round trip, and a first start with 100,000
  // monitors stored one after another took a minute.
  await eachLimited(changed, 16, async ({ monitor, settings, replacesApi }) => {
    if (replacesApi) hooks.log(`monitor ${monitor.name} is now defined in the config file; it replaces the one made through the API`);
    await store.upsertMonitor({ name: monitor.name, url: monitor.url, source: 'config', settings });
    hooks.watch(monitor);
  });
}
