// Reads whydown.yml into a Config, or throws one ConfigError listing every problem with its
// file:line:col. The YAML tree is kept (not converted to plain objects) so positions survive.
import { readFile } from 'node:fs/promises';
import { Document, LineCounter, parseDocument, type YAMLError } from 'yaml';
import { WhydownError } from '../../core/errors.js';
import { ConfigError } from './errors.js';
import { readMaintenance } from './maintenance.js';
import { BUILTIN_DEFAULTS, readDefaults, readMonitor } from './monitor.js';
import { readStatusPages } from './status-pages.js';
import { readBrowserSection } from './browser.js';
import { readApi, readDb, readListen, readNotifyTargets } from './sections.js';
import type { Config, MonitorConfig, MonitorDefaults } from './types.js';
import { defaultUi, readUi } from './ui.js';
import { Walker, type Env, type Field } from './walker.js';
import { readVantages } from './vantages.js';

const TOP_KEYS = ['listen', 'db', 'api', 'notify', 'defaults', 'monitors', 'maintenance', 'statusPages', 'ui', 'vantages', 'browser'] as const;

export interface LoadOptions {
  /** Where `${NAME}` is looked up; process.env by default. */
  env?: Env;
}

export async function loadConfig(file: string, options: LoadOptions = {}): Promise<Config> {
  return parseConfig(await readConfigFile(file), file, options);
}

/** The config file's text; an unreadable file is one E_FILE error naming it. */
export async function readConfigFile(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new WhydownError('E_FILE', `cannot read the config file ${file}: ${code}`, { cause: error });
  }
}

/** `file` only names the source in messages. */
export function parseConfig(text: string, file = 'whydown.yml', options: LoadOptions = {}): Config {
  const lines = new LineCounter();
  const doc = parseDocument(text, { keepSourceTokens: true, lineCounter: lines });
  const w = new Walker(file, text, lines, doc, options.env ?? process.env);
  for (const error of doc.errors) w.failAt(error.pos[0], '', syntaxMessage(error, text));
  // A repeated key leaves a usable tree; any other syntax error does not, and checking it would
  // only add noise.
  if (doc.errors.some((e) => e.code !== 'DUPLICATE_KEY')) throw new ConfigError(w.issues);

  const f = w.map(w.root(), TOP_KEYS) ?? {};
  const notify = f.notify ? readNotifyTargets(w, f.notify) : [];
  const targetNames = notify.map((t) => t.name).filter(Boolean);
  const defaults = f.defaults ? readDefaults(w, f.defaults, targetNames) : structuredClone(BUILTIN_DEFAULTS);
  const vantages = f.vantages ? readVantages(w, f.vantages) : [];
  const config: Config = {
    monitors: f.monitors ? readMonitors(w, f.monitors, defaults, targetNames, vantages.map((v) => v.name)) : [],
    api: f.api ? readApi(w, f.api) : { tokens: [], publicRead: false },
    ui: f.ui ? readUi(w, f.ui) : defaultUi(),
    notify,
    defaults,
    maintenance: [],
    statusPages: [],
  };
  // After the monitors: a window may name them.
  if (f.maintenance) config.maintenance = readMaintenance(w, f.maintenance, config.monitors.map((m) => m.name).filter(Boolean));
  if (f.statusPages) config.statusPages = readStatusPages(w, f.statusPages, config.monitors.map((m) => m.name).filter(Boolean));
  const listen = f.listen && readListen(w, f.listen);
  if (listen) config.listen = listen;
  const db = f.db && readDb(w, f.db);
  if (db) config.db = db;
  if (vantages.length > 0) config.vantages = vantages;
  if (f.browser) config.browser = readBrowserSection(w, f.browser);
  if (w.issues.length > 0) throw new ConfigError(w.issues);
  return config;
}

/**
 * One monitor given as a plain value (the API's JSON body), checked by the same rules as the
 * file and completed with the file's defaults. `${NAME}` is not expanded here: API input must not
 * read the server's environment. Problems come as one ConfigError, paths without positions.
 */
export function parseMonitorInput(input: unknown, config: Pick<Config, 'defaults' | 'notify' | 'vantages'>): MonitorConfig {
  const w = new Walker('', '', undefined, new Document(input), undefined);
  const monitor = readMonitor(w, w.root(), config.defaults, config.notify.map((t) => t.name), undefined, (config.vantages ?? []).map((v) => v.name));
  if (w.issues.length > 0) throw new ConfigError(w.issues);
  return monitor;
}

function readMonitors(w: Walker, field: Field, defaults: MonitorDefaults, targets: readonly string[], vantages: readonly string[]): MonitorConfig[] {
  const taken = new Map<string, Field>();
  return (w.list(field) ?? []).map((item) => readMonitor(w, item, defaults, targets, taken, vantages));
}

/** The parser's own words without its multi-line excerpt (we print file:line:col instead). */
function syntaxMessage(error: YAMLError, text: string): string {
  if (error.code === 'DUPLICATE_KEY') {
    const key = /^["']?([^"':\n]*)/.exec(text.slice(error.pos[0]))?.[1]?.trim();
    return `the key ${key ? `"${key}" ` : ''}appears twice in the same map; keep one`;
  }
  const words = error.message.replace(/ at line \d+, column \d+:[\s\S]*$/, '').trim();
  // `[${TOKEN}]` is a common slip: in [ ] and { } the braces of ${...} are YAML's own.
  const lineStart = text.lastIndexOf('\n', error.pos[0] - 1) + 1;
  const line = text.slice(lineStart, text.indexOf('\n', error.pos[0]) >>> 0);
  const quote = /[[{][^"'\n]*\$\{/.test(line) ? ' (put quotes around values with ${...} inside [ ] or { })' : '';
  return `YAML syntax: ${words.charAt(0).toLowerCase()}${words.slice(1)}${quote}`;
}
