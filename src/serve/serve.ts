// `whydown serve` as a library: config, store, monitor engine, API server, config watcher and
// the store's housekeeping, started in that order and stopped in the reverse one.
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { EmptyConfigError, parseConfig, watchConfig, type Config } from './config/index.js';
import { WhydownError, isWhydownError } from '../core/errors.js';
import { MonitorEngine } from './engine/engine.js';
import type { AlertStats } from './notify/index.js';
import { createApiServer, type ApiServer } from './api/api.js';
import { createCheckHandler } from './web/check-route.js';
import { createPushHandler } from './api/push-route.js';
import { DEFAULT_DB_URL, openStore, parseDbUrl } from './store/open-store.js';
import { pendingAlertsOf } from './store/pending-alerts.js';
import type { Store } from './store/types.js';
import { logActivity } from './activity-log.js';
import { count } from '../core/render/text.js';
import { startHousekeeping } from './housekeeping.js';
import { loadConfigOffThread, parseConfigOffThread } from './config-thread.js';
import { ServeAlerts } from './alerts.js';
import { DEFAULT_LISTEN, listenUrl, parseListen } from './listen-address.js';
import { redactDbUrl, reloadLine, reloadNotes, type StartedWith } from './restart-needed.js';
import { VantageHub } from './vantage/hub.js';
import { HubSetup } from './hubs/setup.js';
import type { HubTiming } from './hubs/timing.js';

export interface ServeOptions {
  /** The config file; without it ./whydown.yml when there is one, else no monitors from a file. */
  configFile?: string;
  /** --db; wins over the config's `db`. */
  db?: string;
  /** --listen; wins over the config's `listen`. */
  listen?: string;
  maxConcurrentChecks?: number;
  /** Threads that run the checks (default: one per CPU, at most 4; 0: the main thread). */
  checkThreads?: number;
  log: (line: string) => void;
  /** How often results are rolled up and old ones pruned (default 10 minutes). */
  housekeepingMs?: number;
  /** --hub-name: this hub's name among several on one PostgreSQL (default host:pid). */
  hubName?: string;
  /** Several hubs' timing (tests shorten it); docs/hubs.md. */
  hubTiming?: HubTiming;
}

export interface RunningServe {
  engine: MonitorEngine;
  /** The vantage agents' endpoint (`/api/v1/agent`). */
  vantages: VantageHub;
  api: ApiServer;
  alerts: ServeAlerts;
  store: Store;
  /** Where the API listens, as a URL. */
  url: string;
  configFile: string | null;
  dbUrl: string;
  stop(): Promise<void>;
}

export async function startServe(options: ServeOptions): Promise<RunningServe> {
  const { log } = options;
  const configFile = options.configFile ?? (existsSync('whydown.yml') ? 'whydown.yml' : null);
  const loaded = configFile ? await loadConfigOffThread(configFile) : null;
  let config: Config = loaded?.config ?? parseConfig('{}', '(no config file)');
  const dbUrl = options.db ?? config.db ?? DEFAULT_DB_URL;
  const dbKind = parseDbUrl(dbUrl).kind; // a malformed --db is a usage error before anything starts
  const listenText = options.listen ?? config.listen ?? DEFAULT_LISTEN;
  const listen = parseListen(listenText);
  const started: StartedWith = { listen: listenText, db: dbUrl, commandLine: { listen: options.listen, db: options.db }, defaults: config.defaults };

  let reloadFromFile: (() => void) | undefined;
  const hubs = new HubSetup({
    dbUrl, kind: dbKind, log, ...(options.hubName === undefined ? {} : { name: options.hubName }),
    ...(options.hubTiming ? { timing: options.hubTiming } : {}), onConfigNews: () => reloadFromFile?.(),
  });
  await hubs.beforeOpen();
  let store: Store;
  try {
    store = await openStore(dbUrl);
  } catch (error) {
    if (isWhydownError(error)) throw error;
    throw new WhydownError('E_STORE', `cannot open the database ${redact(dbUrl)}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }

  let engine: MonitorEngine | undefined;
  try {
    await hubs.afterOpen(store, () => engine?.monitorCount ?? 0);
  } catch (error) {
    await store.close();
    throw error;
  }
  engine = new MonitorEngine({
    store,
    config,
    log,
    ownership: hubs.ownership,
    onApiChange: hubs.monitorChanged,
    ...(options.maxConcurrentChecks === undefined ? {} : { maxConcurrentChecks: options.maxConcurrentChecks }),
    ...(options.checkThreads === undefined ? {} : { checkThreads: options.checkThreads }),
  });
  const vantages = new VantageHub({
    store, config: () => config, monitors: () => engine.monitors(), log,
    onResult: (vantage, result) => engine.onVantageResult(vantage, result),
  });
  engine.vantageOnline = (name) => vantages.isOnline(name);
  // The alerts start once the API listens; until then /metrics has no alert series.
  let alertStats: (() => AlertStats) | null = null;
  const api = createApiServer({
    service: engine, api: () => config.api, statusPages: () => config.statusPages, log, alertStats: () => alertStats?.() ?? null,
    check: createCheckHandler({ config: () => config.ui.publicCheck }),
    push: createPushHandler(engine),
    ui: () => config.ui,
    vantages,
  });
  vantages.attach(api.server);
  // Stopping runs these in order: nothing new comes in (config, housekeeping, the API), then
  // the engine winds down (running checks finish, their results reach the store), then the store.
  const stops: (() => Promise<void> | void)[] = [];
  const stopAll = async (): Promise<void> => {
    for (const stop of stops) await Promise.resolve(stop()).catch((error: unknown) => log(`while stopping: ${String(error)}`));
    await hubs.stop();
    await store.close();
  };
  let alerts: ServeAlerts | undefined;
  try {
    const address = await listenOn(api, listen);
    stops.push(() => vantages.close(), () => api.close());
    if (config.api.tokens.length === 0 && !config.api.publicRead && !process.env.WHYDOWN_API_TOKEN) {
      log('no API token is set (api.tokens or WHYDOWN_API_TOKEN) and api.publicRead is false: every API call will be refused');
    }
    // Checks and incidents, one line each when something changes (activity-log.ts).
    const activityOff = logActivity(engine.events, log);
    const running = alerts = new ServeAlerts(config, engine.events, log, pendingAlertsOf(store, hubs.alertClaimer));
    alertStats = () => running.dispatcher.stats();
    // Several hubs: kept alerts are claimed once this hub has joined (hubs.start), else another
    // hub could take this one for gone and claim them too.
    if (!hubs.ownership) await alerts.restore();
    await engine.start();
    vantages.start();
    await hubs.start(engine, store, () => running.restore());

    if (configFile) {
      const watchedEngine = engine;
      const applyNext = (next: Config, announce: boolean): void => {
        const previous = config;
        config = next;
        running.setConfig(next);
        watchedEngine.applyConfig(next).then(
          () => {
            vantages.configChanged(); // revoked tokens disconnect; agents get their changed checks
            log(reloadLine(configFile, watchedEngine.monitorCount, reloadNotes(started, previous, next, apiMonitorCount(watchedEngine))));
            if (announce) hubs.configReloaded();
          },
          (error: unknown) => log(`config reloaded, but applying it failed: ${error instanceof Error ? error.message : String(error)}`),
        );
      };
      // Another hub reloaded its config file: this one reads its own again (all hubs run the same config).
      reloadFromFile = () => {
        loadConfigOffThread(configFile).then((next) => applyNext(next.config, false), (error: unknown) => {
          log(`another hub reloaded its config; this one's file does not load, the last good one stays in force: ${error instanceof Error ? error.message : String(error)}`);
        });
      };
      stops.unshift(watchConfig(configFile, (next) => applyNext(next, true), (error) => log(error instanceof EmptyConfigError ? error.message : `config not reloaded, the last good one stays in force: ${error.message}`), {
        ...(loaded ? { initial: loaded } : {}),
        parse: parseConfigOffThread,
      }));
    }

    const housekeeping = startHousekeeping(store, log, options.housekeepingMs ?? 10 * 60_000);
    stops.unshift(() => housekeeping.stop());
    // Alerts close after the engine, so the incident events of its last checks still go out
    // (or are kept for the next start).
    stops.push(() => engine.stop(), () => running.close(), activityOff);

    return { engine, vantages, api, alerts: running, store, url: listenUrl(address), configFile, dbUrl, stop: stopAll };
  } catch (error) {
    stops.push(() => engine.stop(), () => alerts?.close());
    await stopAll();
    throw error;
  }
}

function listenOn(api: ApiServer, listen: { host: string | undefined; port: number }): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      const where = `${listen.host ?? '*'}:${listen.port}`;
      reject(new WhydownError('E_LISTEN', error.code === 'EADDRINUSE'
        ? `cannot listen on ${where}: something else already listens there (choose another with --listen)`
        : `cannot listen on ${where}: ${error.code ?? error.message}`));
    };
    api.server.once('error', onError);
    api.server.listen(listen.port, listen.host, () => {
      api.server.off('error', onError);
      resolve(api.server.address() as AddressInfo);
    });
  });
}

/** A database URL without its password, for messages. */
export const redact = redactDbUrl;

/** Monitors made through the API: they keep the defaults they were read with until a restart. */
function apiMonitorCount(engine: MonitorEngine): number {
  let apiMonitors = 0;
  for (const state of engine.states()) if (engine.sourceOf(state.name) === 'api') apiMonitors++;
  return apiMonitors;
}
