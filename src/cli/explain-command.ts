// `whydown explain <code> [--json]`: what a status, vendor code or cause id means and what to do.
import { WhydownError } from '../core/errors.js';
import { parseCommand } from './args.js';
import { explain, type Explanation } from '../core/explain/index.js';

const EXPLAIN_OPTIONS = { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } as const;

const USAGE = 'usage: whydown explain <code> [--json]   (e.g. 502, 522, H12, SH--, UF, upstream-refused)';

export async function run(args: string[]): Promise<number> {
  const parsed = parseCommand(args, 'explain', EXPLAIN_OPTIONS, USAGE);
  if (parsed === null) return 0;
  const positionals = parsed.positionals;
  if (positionals.length !== 1) {
    const problem = positionals.length === 0 ? 'explain needs a code' : 'explain takes exactly one code';
    throw new WhydownError('E_USAGE', `${problem}; ${USAGE}`);
  }
  const code = positionals[0]!.trim();
  const explanations = explain(code);
  if (explanations.length === 0) {
    process.stderr.write(`whydown: unknown code ${JSON.stringify(code)} (try an HTTP status like 502, a vendor code like 522 or H12, or a cause id like upstream-refused)\n`);
    return 3;
  }
  if (parsed.values.json) {
    process.stdout.write(`${JSON.stringify({ code, explanations }, null, 2)}\n`);
  } else {
    process.stdout.write(formatExplanations(explanations));
  }
  return 0;
}

/** Plain text for a terminal or a ticket: one block per explanation. */
export function formatExplanations(explanations: Explanation[]): string {
  return explanations.map(formatOne).join('\n');
}

function formatOne(entry: Explanation): string {
  const lines: string[] = [`${entry.code}  ${entry.name}  (${describeKind(entry)})`, '', `  ${entry.meaning}`];
  if (entry.note) lines.push('', `  Note: ${entry.note}`);
  if (entry.hop) lines.push('', `  Usual hop: ${entry.hop}`);
  list(lines, 'Usual causes', entry.causes);
  list(lines, 'What to do', entry.fixes, true);
  if (entry.whydownCauses.length > 0 && entry.kind !== 'cause') {
    lines.push('', `  whydown cause: ${entry.whydownCauses.join(', ')}`);
  }
  if (entry.relatedCodes && entry.relatedCodes.length > 0) {
    lines.push('', `  Seen as: ${entry.relatedCodes.join(', ')}`);
  }
  return `${lines.join('\n')}\n`;
}

function describeKind(entry: Explanation): string {
  if (entry.kind === 'http-status') return 'HTTP status';
  if (entry.kind === 'cause') return 'whydown cause id';
  return `${entry.vendor ?? 'vendor'} code`;
}

function list(lines: string[], title: string, items: string[], numbered = false): void {
  if (items.length === 0) return;
  lines.push('', `  ${title}:`);
  items.forEach((item, index) => lines.push(`    ${numbered ? `${index + 1}.` : '-'} ${item}`));
}
