// Where the installed whydown package is: the nearest package.json named whydown above this file.
// The same walk finds it from dist/src/… (the library), dist/bundle/ (the CLI) and src/ alike.
import { readFileSync } from 'node:fs';

let found: { root: URL; version: string } | null | undefined;

function find(): { root: URL; version: string } | null {
  if (found !== undefined) return found;
  let dir = new URL('.', import.meta.url);
  for (let depth = 0; depth < 6; depth++) {
    try {
      const pkg = JSON.parse(readFileSync(new URL('package.json', dir), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'whydown') return (found = { root: dir, version: pkg.version ?? 'unknown' });
    } catch {
      // not here; look one folder up
    }
    dir = new URL('..', dir);
  }
  return (found = null);
}

/** The package's folder (ends with `/`), or null when this copy is not inside one. */
export function packageRoot(): URL | null {
  return find()?.root ?? null;
}

/** The package's version, or `unknown`. */
export function packageVersion(): string {
  return find()?.version ?? 'unknown';
}
