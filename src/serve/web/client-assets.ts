// The browser scripts (web/client/*.ts, bundled by scripts/bundle.mjs into dist/web/) and their
// stylesheets, read once from the installed package and served like the other assets: under a
// name carrying a hash of the content, cached for a year. Found by walking up to whydown's own
// package.json, so dist/src/ (the library) and dist/bundle/ (the CLI) find the same folder.
import { readdirSync, readFileSync } from 'node:fs';
import { packageRoot } from '../../core/package-root.js';
import type { Asset } from './assets.js';

const TYPES: Readonly<Record<string, string>> = {
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
};

/** The folder holding the bundled scripts, or null when this copy is not inside the package. */
function clientFolder(): URL | null {
  const root = packageRoot();
  return root ? new URL('dist/web/', root) : null;
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
