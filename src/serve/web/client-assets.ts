// The browser scripts (web/client/*.ts, bundled by scripts/bundle.mjs into dist/web/) and their
// stylesheets, read once from the installed package and served like the other assets: under a
// name carrying a hash of the content, cached for a year. Found by walking up to whydown's own
// package.json, so dist/src/ (the library) and dist/bundle/ (the CLI) find the same folder.
import { readdirSync, readFileSync } from 'node:fs';
import type { Asset } from './assets.js';

const TYPES: Readonly<Record<string, string>> = {
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
};

/** The folder holding the bundled scripts, or null when this copy was never built. */
function clientFolder(): URL | null {
  let dir = new URL('.', import.meta.url);
  for (let depth = 0; depth < 6; depth++) {
    try {
      const pkg = JSON.parse(readFileSync(new URL('package.json', dir), 'utf8')) as { name?: string };
      if (pkg.name === 'whydown') return new URL('dist/web/', dir);
    } catch {
      // not here; look one folder up
    }
    dir = new URL('..', dir);
  }
  return null;
}

export function loadClientAssets(hashed: (name: string, ext: string, type: string, body: string) => Asset): Map<string, Asset> {
  const byFile = new Map<string, Asset>();
  const folder = clientFolder();
  if (!folder) return byFile;
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return byFile;
  }
  for (const file of names) {
    const dot = file.lastIndexOf('.');
    const ext = file.slice(dot + 1);
    const type = TYPES[ext];
    if (dot <= 0 || !type) continue;
    byFile.set(file, hashed(file.slice(0, dot), ext, type, readFileSync(new URL(file, folder), 'utf8')));
  }
  return byFile;
}
