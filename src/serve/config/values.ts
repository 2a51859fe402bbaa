// Value rules shared by monitors and notify targets: names (ids), URLs, lists of names.
import { hint } from './suggest.js';
import type { Field, Walker } from './walker.js';

const NAME = /^[a-z0-9][a-z0-9._-]*$/;
const NAME_MAX = 64;

/** A name that serves as an id in URLs and the store: `[a-z0-9][a-z0-9._-]*`, at most 64. */
export function readName(w: Walker, field: Field): string | undefined {
  const name = w.string(field);
  if (name === undefined) return undefined;
  if (NAME.test(name) && name.length <= NAME_MAX) return name;
  const slug = name.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[^a-z0-9]+|-+$/g, '').slice(0, NAME_MAX);
  const rule = `lower-case letters, digits, ".", "_" and "-", starting with a letter or digit, at most ${NAME_MAX}`;
  return w.fail(field, `${w.shown(field)} is not a valid name (${rule}${slug ? `; try "${slug}"` : ''})`);
}

/** An absolute URL whose scheme is one of `schemes` (`https:`); returned normalised. */
export function readUrl(w: Walker, field: Field, schemes: readonly string[]): string | undefined {
  const text = w.string(field);
  if (text === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    const looksLikeHost = !w.shown(field).includes('${') && /^[\w.-]+\.[a-z]{2,}(?:[:/]|$)/i.test(text.trim());
    const guess = looksLikeHost ? ` (write it in full: https://${text.trim()})` : '';
    return w.fail(field, `${w.shown(field)} is not a URL${guess}`);
  }
  if (!schemes.includes(url.protocol)) {
    return w.fail(field, `${w.shown(field)}: the scheme must be ${schemes.map((s) => `${s}//`).join(' or ')}, not ${url.protocol}`);
  }
  if ((url.protocol === 'http:' || url.protocol === 'https:') && url.hostname === '') return w.fail(field, `${w.shown(field)} has no host`);
  return url.href;
}

/** A list of names that must each be one of `known` (`what` says what they name). Duplicates are dropped. */
export function readReferences(
  w: Walker,
  field: Field,
  known: readonly string[],
  what: string,
  /** Appended when `known` is empty: says which list would hold the names. */
  whenNoneKnown = ' (the top-level notify: list is empty)',
): string[] {
  const out: string[] = [];
  for (const item of w.list(field) ?? []) {
    const name = w.string(item);
    if (name === undefined) continue;
    if (!known.includes(name)) {
      const why = known.length === 0 ? whenNoneKnown : hint(name, known);
      w.fail(item, `${w.shown(item)} is not ${what}${why}`);
    } else if (!out.includes(name)) {
      out.push(name);
    }
  }
  return out;
}

/** Records `name` as taken by `field`; a second use of it is an error that points at the first. */
export function claimName(w: Walker, taken: Map<string, Field>, name: string | undefined, field: Field | undefined): void {
  if (!name || !field) return;
  const first = taken.get(name);
  if (!first) {
    taken.set(name, field);
    return;
  }
  const line = w.lineOf(first);
  const where = first.path.replace(/\.name$/, '');
  w.fail(field, `${JSON.stringify(name)} is already the name of ${where}${line ? ` (line ${line})` : ''}; names must be unique`);
}

/** Tags of a monitor, or those a maintenance window covers: free words, duplicates dropped. */
export function readTags(w: Walker, field: Field): string[] {
  const tags: string[] = [];
  for (const item of w.list(field) ?? []) {
    const tag = w.string(item);
    if (tag === undefined) continue;
    if (!/^[^\s,]{1,64}$/u.test(tag)) w.fail(item, `${w.shown(item)} is not a valid tag (1 to 64 characters, no spaces or commas)`);
    else if (!tags.includes(tag)) tags.push(tag);
  }
  return tags;
}
