// Checks a JSONPath expression of `expect.json` before it is ever run. jsonpath-plus evaluates
// leniently (`$.a[[[` quietly matches something), so a typo would judge a body by a path the user
// never meant; this catches what it would let through. Script and filter expressions are refused:
// the paths come from the API too, and evaluating code a caller wrote is not a check's business.
import { JSONPath } from 'jsonpath-plus';

/** Why the path cannot be used, or undefined when it can. */
export function jsonPathProblem(path: string): string | undefined {
  if (!path.startsWith('$')) return 'it must start with "$" (e.g. "$.status")';
  if (/[\r\n\0]/.test(path)) return 'it holds a line break';
  if (path.includes('?(') || path.includes('[(')) return 'filter and script expressions (?(…), (…)) are not supported; name the value\'s path (e.g. "$.checks[0].status")';
  let depth = 0;
  let quote: string | null = null;
  for (const ch of path) {
    if (quote) {
      if (ch === quote) quote = null;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '[') depth++;
    else if (ch === ']' && --depth < 0) return 'it has a "]" without its "["';
    else if (depth > 1) return 'it has a "[" inside another';
  }
  if (quote) return 'it has an unclosed quote';
  if (depth !== 0) return 'it has a "[" without its "]"';
  if (/\.$|\.\.\.|\[\]/.test(path)) return 'it ends in "." or holds "..." or "[]": a name or an index is missing';
  try {
    JSONPath({ path, json: {}, eval: false, wrap: true });
  } catch (error) {
    return `jsonpath-plus cannot run it (${error instanceof Error ? error.message : String(error)})`;
  }
  return undefined;
}
