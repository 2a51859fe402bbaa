// `whydown notify test <target> [--config whydown.yml] [--timeout <seconds>]`: sends one test alert
// to a notify target of the config and prints one line, delivered (with what the receiver said)
// or why not. Exit 0 delivered, 1 not delivered, 3 for a usage error or a bad config.
import { WhydownError } from '../core/errors.js';
import { parseCommand } from './args.js';

export const NOTIFY_USAGE = `usage: whydown notify test <target> [--config whydown.yml] [--timeout <seconds>]

Sends a test alert to the notify target <target> (a name from the config's notify: list) and
prints one line: delivered, with what the receiver answered (HTTP status, SMTP reply), or why not.
The message says it is a test; PagerDuty's test alert is resolved right after it is triggered.

  --config    the config file (default whydown.yml)
  --timeout   seconds to wait for the receiver (default 10)

Exit status: 0 delivered, 1 not delivered, 3 for a usage error or a config with problems.`;

const NOTIFY_OPTIONS = {
  config: { type: 'string', short: 'c' },
  timeout: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  debug: { type: 'boolean' },
} as const;

export async function run(args: string[]): Promise<number> {
  const parsed = parseCommand(args, 'notify', NOTIFY_OPTIONS, NOTIFY_USAGE);
  if (parsed === null) return 0;
  const { values, positionals } = parsed;
  const [action, target, ...extra] = positionals;
  if (action !== 'test') throw new WhydownError('E_USAGE', `notify: ${action ? `unknown action \`${action}\`` : 'say what to do'}; use: whydown notify test <target>`);
  if (!target) throw new WhydownError('E_USAGE', 'notify test: name the notify target to send to (a name from the config\'s notify: list)');
  if (extra.length > 0) throw new WhydownError('E_USAGE', `notify test: one target at a time (got also ${extra.join(', ')})`);
  const timeoutMs = readTimeout(values.timeout);

  const { loadConfig, ConfigError } = await import('../serve/config/index.js');
  let config;
  try {
    config = await loadConfig(values.config ?? 'whydown.yml');
  } catch (error) {
    // One line, as every usage error: the first problem, and how many more there are.
    if (error instanceof ConfigError && error.issues.length > 1) {
      const first = error.message.split('\n')[1] ?? '';
      throw new WhydownError('E_CONFIG', `${first} (and ${error.issues.length - 1} more problem${error.issues.length > 2 ? 's' : ''} in the file)`);
    }
    throw error;
  }
  const { sendTest } = await import('../serve/notify/test-send.js');
  const result = await sendTest(config, target, { timeoutMs });
  process.stdout.write(`${result.line}\n`);
  return result.outcome.ok ? 0 : 1;
}

function readTimeout(text: string | undefined): number {
  if (text === undefined) return 10_000;
  const seconds = Number(text);
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 300) throw new WhydownError('E_USAGE', `notify test: --timeout wants seconds from 0.1 to 300, not \`${text}\``);
  return Math.round(seconds * 1000);
}
