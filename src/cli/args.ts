// Each command's arguments, read with node:util's parseArgs, whose errors become whydown's one-line
// usage errors. Node's own text
// spans a sentence of advice and leaves a quote open ("as in '-- "--x""), and says nothing about
// what was probably meant; here the option is named, a near miss gets a suggestion, and the line
// ends with where to read more.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { WhydownError } from '../core/errors.js';
import { editDistance } from '../core/render/text.js';

type Options = NonNullable<ParseArgsConfig['options']>;
type StrictConfig<O extends Options> = { args: string[]; options: O; allowPositionals: true; strict: true };

/**
 * A command's options and positionals, or null when it was asked for `--help` (its usage is then
 * printed on stdout). Mistakes throw a one-line usage error naming the command.
 */
export function parseCommand<O extends Options>(args: string[], command: string, options: O, usage: string) {
  let parsed;
  try {
    parsed = parseArgs<StrictConfig<O>>({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw usageErrorFromParseArgs(error, command, options);
  }
  if ((parsed.values as { help?: boolean }).help) {
    process.stdout.write(`${usage}\n`);
    return null;
  }
  return parsed;
}

/**
 * `command` names the help to read and, with `prefixed`, starts the message ("logs: …"; diagnose,
 * the default command, goes without); `options` are its option definitions, for suggestions.
 */
export function usageErrorFromParseArgs(error: unknown, command: string, options: Record<string, unknown>, prefixed = true): WhydownError {
  const err = error as NodeJS.ErrnoException;
  const message = err instanceof Error ? err.message.split('\n')[0]! : String(error);
  const quoted = /'([^']+)'/.exec(message)?.[1] ?? '';
  const name = quoted.split(' ')[0]!;
  const help = `(see whydown ${command} --help)`;
  const prefix = prefixed ? `${command}: ` : '';
  let text: string;
  switch (err?.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION': {
      const guess = nearestOption(name, Object.keys(options));
      text = `unknown option \`${name}\`${guess ? `; did you mean \`--${guess}\`?` : ''}`;
      break;
    }
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      text = /does not take an argument/.test(message) ? `\`${name}\` takes no value` : `\`${name}\` needs a value`;
      break;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      text = `unexpected argument \`${name}\`: this command takes options only`;
      break;
    default:
      text = message.replace(/['"`]/g, '');
  }
  return new WhydownError('E_USAGE', `${prefix}${text} ${help}`);
}

function nearestOption(typed: string, options: readonly string[]): string | null {
  const bare = typed.replace(/^-+/, '').replace(/=.*$/, '').toLowerCase();
  if (bare.length < 2) return null;
  let best: { name: string; distance: number } | null = null;
  for (const name of options) {
    const distance = editDistance(bare, name);
    if (!best || distance < best.distance) best = { name, distance };
  }
  return best && best.distance <= (bare.length >= 5 ? 2 : 1) ? best.name : null;
}
