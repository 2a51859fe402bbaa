// `whydown import uptime-kuma <backup.json>` and `whydown import gatus <config.yaml>`: print a
// whydown config made from another monitor's (or write it with --out). What cannot be carried
// over is in the output as comments and on stderr, one line each. Exit 0 when the output loads
// as it is, 3 on a usage error, an unreadable file, or output that whydown's loader refuses.
import { writeFile } from 'node:fs/promises';
import { WhydownError } from '../core/errors.js';
import { parseCommand } from './args.js';

export const IMPORT_USAGE = `usage: whydown import uptime-kuma <backup.json> [--out file]
       whydown import gatus <config.yaml> [--out file]

Turns another monitor's setup into a whydown serve config (YAML) on stdout, or into --out file.
Carried over: HTTP monitors (status codes, keyword → expect.body, JSON values → expect.json,
response time, certificate expiry), TCP ports, DNS records, push (heartbeat) monitors,
intervals, timeouts, retries, groups and tags. Everything else (notifications, ping monitors,
other types, settings whydown has not) is listed as comments in the output and on stderr.

Options:
  --out <file>   write the config to this file instead of stdout
  -h, --help     print this

Exit status: 0 done, 3 on a usage error, a file that cannot be read or is not of that kind.`;

const IMPORT_OPTIONS = { out: { type: 'string', short: 'o' }, help: { type: 'boolean', short: 'h' }, debug: { type: 'boolean' } } as const;

export async function run(args: string[]): Promise<number> {
  const parsed = parseCommand(args, 'import', IMPORT_OPTIONS, IMPORT_USAGE);
  if (parsed === null) return 0;
  const { values, positionals } = parsed;
  const [source, file, ...extra] = positionals;
  const { IMPORT_SOURCES, importFile } = await import('../serve/import/index.js');
  const known = IMPORT_SOURCES.find((s) => s === source);
  if (!known) throw new WhydownError('E_USAGE', `import: ${source ? `unknown source \`${source.slice(0, 40)}\`` : 'say what to import'}; use: whydown import ${IMPORT_SOURCES.join('|')} <file>`);
  if (!file) throw new WhydownError('E_USAGE', `import ${known}: name the file, e.g. whydown import ${known} ${known === 'gatus' ? 'config.yaml' : 'backup.json'}`);
  if (extra.length > 0) throw new WhydownError('E_USAGE', `import ${known}: one file at a time (got also ${extra.join(', ').slice(0, 100)})`);
  const output = await importFile(known, file);
  if (values.out) {
    try {
      await writeFile(values.out, output.yaml);
    } catch (error) {
      throw new WhydownError('E_FILE', `cannot write ${values.out}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
  } else {
    process.stdout.write(output.yaml);
  }
  const lines = [`whydown import: ${output.monitors} monitor${output.monitors === 1 ? '' : 's'} from ${file}${values.out ? ` written to ${values.out}` : ''}`];
  for (const note of output.notes) lines.push(`  note: ${note}`);
  for (const problem of output.problems) lines.push(`  check the output: ${problem}`);
  process.stderr.write(`${lines.join('\n')}\n`);
  return output.problems.length > 0 ? 3 : 0;
}
