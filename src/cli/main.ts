// The command dispatcher: parses just enough to pick a command, imports it lazily (so
// `whydown --version` stays fast) and turns the tool's own errors into one line and exit 3.
import { packageVersion } from '../core/package-root.js';
import { isWhydownError, WhydownError } from '../core/errors.js';
import { looksLikeTarget, unknownCommand } from './command-word.js';
import { guardOutput } from './output.js';

const USAGE = `usage: whydown <url> [options]            same as: whydown diagnose <url>
       whydown diagnose <url> [options]   trace the URL hop by hop and say why it fails
       whydown explain <code>             explain a status, vendor code or cause id (502, 522, H12, SH--)
       whydown logs <file>... [options]   name the cause of every upstream failure in error logs
       whydown serve [--config file]      monitor sites, keep history, open incidents with a diagnosis
       whydown agent --hub <url> ...      check a hub's monitors from this place (a vantage)
       whydown config check <file>        check a serve config file without starting anything
       whydown notify test <target>       send a test alert to a notify target of the config
       whydown import <tool> <file>       make a serve config from Uptime Kuma's backup or Gatus's config
       whydown hash-password              print a password hash for the dashboard's ui.users
       whydown --version | -v | -V        print the version
       whydown --help | -h                print this

Diagnose prints a checklist and a verdict, or --json, or --format nagios (one line for a
monitoring check). Exit status: 0 up, 1 degraded, 2 down, 3 unknown or usage error.
Run 'whydown <command> --help' for a command's options.`;

type CommandRunner = (args: string[]) => Promise<number>;

const COMMANDS: Record<string, () => Promise<CommandRunner>> = {
  diagnose: async () => (await import('./diagnose-command.js')).run,
  explain: async () => (await import('./explain-command.js')).run,
  logs: async () => (await import('./logs-command.js')).run,
  serve: async () => (await import('./serve-command.js')).run,
  agent: async () => (await import('./agent-command.js')).run,
  config: async () => (await import('./config-command.js')).run,
  notify: async () => (await import('./notify-command.js')).run,
  import: async () => (await import('./import-command.js')).run,
  'hash-password': async () => (await import('./hash-password-command.js')).run,
};

export async function main(argv: string[]): Promise<number> {
  guardOutput();
  const debug = argv.includes('--debug');
  try {
    const [first, ...rest] = argv;
    // Nothing at all is a usage error like any other: one line on stderr, exit 3. The full
    // usage is one --help away (a page of text on stderr would bury the point in a script's log).
    if (first === undefined) throw new WhydownError('E_USAGE', 'what should I check? usage: whydown <url> [options] (see whydown --help)');
    if (first === '--help' || first === '-h' || first === 'help') {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    if (first === '--version' || first === '-V' || first === '-v') {
      process.stdout.write(`${packageVersion()}\n`);
      return 0;
    }
    const load = Object.hasOwn(COMMANDS, first) ? COMMANDS[first] : undefined;
    if (load) return await (await load())(rest);
    // Anything else is the URL of the default command, unless it is a single word that names no
    // host: that is a mistyped command, not a site called https://explian/.
    if (!first.startsWith('-') && !looksLikeTarget(first)) throw unknownCommand(first);
    const { runDefault } = await import('./diagnose-command.js');
    return await runDefault(argv);
  } catch (error) {
    if (isWhydownError(error)) {
      process.stderr.write(`whydown: ${error.message}\n`);
      if (debug && error.stack) process.stderr.write(`${error.stack}\n`);
      return 3;
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`whydown: internal error: ${message.split('\n')[0]}\n`);
    if (debug && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
    return 3;
  }
}

