// `statusPages:`: public status pages, each a slug (its URL), a title and the monitors it shows.
// A page shows only the monitors it names, so each name must be a monitor of the file.
import { readReferences } from './values.js';
import type { StatusPageConfig } from './types.js';
import type { Field, Walker } from './walker.js';

const PAGE_KEYS = ['slug', 'title', 'monitors'] as const;
/** The slug is one URL segment: `/status/{slug}`, `/status/{slug}.json`; no dots, so `.json` stays unambiguous. */
const SLUG = /^[a-z0-9][a-z0-9_-]*$/;
const SLUG_MAX = 64;
const TITLE_MAX = 120;

export function readStatusPages(w: Walker, field: Field, monitorNames: readonly string[]): StatusPageConfig[] {
  const pages: StatusPageConfig[] = [];
  const taken = new Map<string, Field>();
  for (const item of w.list(field) ?? []) {
    const f = w.map(item, PAGE_KEYS, ['slug', 'monitors']);
    if (!f) continue;
    const slug = f.slug && readSlug(w, f.slug);
    if (slug && f.slug) {
      const first = taken.get(slug);
      if (first) w.fail(f.slug, `${JSON.stringify(slug)} is already the slug of ${first.path.replace(/\.slug$/, '')} (line ${w.lineOf(first)}); slugs must be unique`);
      else taken.set(slug, f.slug);
    }
    const title = f.title ? w.string(f.title) : undefined;
    if (title !== undefined && (title.trim() === '' || title.length > TITLE_MAX)) w.fail(f.title!, `a title must be 1 to ${TITLE_MAX} characters`);
    const monitors = f.monitors ? readReferences(w, f.monitors, monitorNames, 'a monitor', ' (the monitors: list is empty)') : [];
    if (f.monitors && monitors.length === 0 && (w.list(f.monitors) ?? []).length === 0) w.fail(f.monitors, 'is empty; a status page shows at least one monitor');
    if (slug) pages.push({ slug, title: title?.trim() || slug, monitors });
  }
  return pages;
}

function readSlug(w: Walker, field: Field): string | undefined {
  const slug = w.string(field);
  if (slug === undefined) return undefined;
  if (SLUG.test(slug) && slug.length <= SLUG_MAX) return slug;
  return w.fail(field, `${w.shown(field)} is not a valid slug (lower-case letters, digits, "_" and "-", starting with a letter or digit, at most ${SLUG_MAX})`);
}
