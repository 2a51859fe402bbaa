// `whydown config check <file>`: loads a serve config with the same loader `whydown serve` uses
// and says whether it would start: "ok: 3 monitors, 1 notify target", or every problem as
// `file:line:col: message` (one per line, the form editors jump to). Exit 0 ok, 3 otherwise.
import { WhydownError } from '../core/errors.js';
import { parseCommand } from './args.js';

export const CONFIG_USAGE = `usage: whydown config check <file>

Reads a whydown serve config (whydown.yml) with the loader whydown serve uses, and prints
"ok: N monitors, M notify targets", or every problem as file:line:col: message.
\${NAME} values are read from the environment, as whydown serve would.

Exit status: 0 when the config is good, 3 when it has problems or cannot be read.`;

const CONFIG_OPTIONS = { help: { type: 'boolean', short: 'h' }, debug: { type: 'boolean' } } as const;

export async function run(args: string[]): Promise<number> {
  const parsed = parseCommand(args, 'config', CONFIG_OPTIONS, CONFIG_USAGE);
  if (parsed === null) return 0;
  const { values, positionals } = parsed;
  const [action, file, ...extra] = positionals;
  if (action !== 'check') {
    throw new WhydownError('E_USAGE', `config: ${action ? `unknown action \`${action}\`` : 'say what to do'}; use: whydown config check <file>`);
  }
  if (!file) throw new WhydownError('E_USAGE', 'config check: name the config file to check, e.g. whydown config check whydown.yml');
  if (extra.length > 0) throw new WhydownError('E_USAGE', `config check: one file at a time (got also ${extra.join(', ')})`);

  const { loadConfig, ConfigError, formatIssue } = await import('../serve/config/index.js');
  let config;
  try {
    config = await loadConfig(file);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error; // unreadable file: one line from the dispatcher
    // All the problems, not just the first: the point of checking is to fix them in one go.
    process.stderr.write(error.issues.map((issue) => `${formatIssue(issue)}\n`).join(''));
    return 3;
  }
  process.stdout.write(`ok: ${count(config.monitors.length, 'monitor')}, ${count(config.notify.length, 'notify target')}\n`);
  return 0;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
