// `whydown serve [--config whydown.yml] [--db …] [--listen 127.0.0.1:8080]`: starts the monitor
// and runs until SIGINT or SIGTERM, then stops cleanly (running checks finish, held results are
// written). A broken config, database or address: one line and exit 3, before anything runs.
import { parseArgs } from 'node:util';
import { WhydownError } from '../core/errors.js';
import { usageErrorFromParseArgs } from './args.js';
import { redact, startServe } from '../serve/serve.js';
import { count } from '../core/render/text.js';
import { checkHubName } from '../serve/hubs/identity.js';

export const SERVE_HELP = `usage: whydown serve [--config whydown.yml] [--db sqlite:./whydown.db | postgres://…] [--listen 127.0.0.1:8080]

Checks every monitor of the config file (and those added through the API) on its schedule, keeps
the history, opens an incident with a full diagnosis when a failure is confirmed, and serves the
API (/api/v1), /metrics (Prometheus) and /healthz.

  --config <file>     the monitors and settings (default: ./whydown.yml if it exists); reloaded on save
  --db <url>          sqlite:<path> (default sqlite:./whydown.db) or postgres://user:password@host/db
  --listen <addr>     host:port for the API and /metrics (default 127.0.0.1:8080)
  --concurrency <n>   checks in flight at most (default 1024)
  --check-threads <n> threads that run the checks (default: one per CPU, at most 4; 0: the main thread)
  --hub-name <name>   this hub's name when several share one PostgreSQL (default host:pid; docs/hubs.md)

Logs go to stderr, one line per event. Stop with Ctrl-C or SIGTERM.`;

const SERVE_OPTIONS = {
  config: { type: 'string', short: 'c' },
  db: { type: 'string' },
  listen: { type: 'string' },
  concurrency: { type: 'string' },
  'check-threads': { type: 'string' },
  'hub-name': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  debug: { type: 'boolean' },
} as const;

export async function run(args: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      allowPositionals: false,
      options: SERVE_OPTIONS,
    }));
  } catch (error) {
    throw usageErrorFromParseArgs(error, 'serve', SERVE_OPTIONS);
  }
  if (values.help) {
    process.stdout.write(`${SERVE_HELP}\n`);
    return 0;
  }
  let maxConcurrentChecks: number | undefined;
  if (values.concurrency !== undefined) {
    maxConcurrentChecks = Number(values.concurrency);
    if (!Number.isInteger(maxConcurrentChecks) || maxConcurrentChecks < 1 || maxConcurrentChecks > 100_000) {
      throw new WhydownError('E_BAD_OPTION', `--concurrency wants a whole number from 1 to 100000, got "${values.concurrency}"`);
    }
  }
  let checkThreads: number | undefined;
  if (values['check-threads'] !== undefined) {
    checkThreads = Number(values['check-threads']);
    if (!Number.isInteger(checkThreads) || checkThreads < 0 || checkThreads > 64) {
      throw new WhydownError('E_BAD_OPTION', `--check-threads wants a whole number from 0 to 64, got "${values['check-threads']}"`);
    }
  }
  const hubName = values['hub-name'];
  if (hubName !== undefined) {
    const problem = checkHubName(hubName);
    if (problem) throw new WhydownError('E_BAD_OPTION', problem);
  }
  const log = (line: string): void => { process.stderr.write(`${new Date().toISOString()} ${line}\n`); };
  const serve = await startServe({
    log,
    ...(values.config === undefined ? {} : { configFile: values.config }),
    ...(values.db === undefined ? {} : { db: values.db }),
    ...(values.listen === undefined ? {} : { listen: values.listen }),
    ...(maxConcurrentChecks === undefined ? {} : { maxConcurrentChecks }),
    ...(checkThreads === undefined ? {} : { checkThreads }),
    ...(hubName === undefined ? {} : { hubName }),
  });
  log(`whydown serve: ${count(serve.engine.monitorCount, 'monitor')} from ${serve.configFile ?? 'no config file'} and the API; `
    + `API and /metrics on ${serve.url}; history in ${redact(serve.dbUrl)}; `
    + `checks on ${serve.engine.checkThreads === 0 ? 'the main thread' : count(serve.engine.checkThreads, 'thread')}`);

  await new Promise<void>((resolve) => {
    const stop = (signal: string): void => {
      log(`${signal}: stopping (running checks finish, held results are written)`);
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      resolve();
    };
    const onInt = (): void => stop('SIGINT');
    const onTerm = (): void => stop('SIGTERM');
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
  });
  await serve.stop();
  log('stopped');
  return 0;
}
