// The folder tree is the architecture: core at the bottom, then logs, diagnose, serve, and the CLI
// on top. A module may import from its own layer or a lower one, never from a higher one, so the
// monitor, the agent and the web can reuse the diagnosis without dragging the CLI along.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const SRC = path.join(ROOT, 'src');

/** Lower number, lower layer. Every top-level folder of src/ must be listed. */
const LAYERS: Record<string, number> = {
  core: 0,
  logs: 1,
  diagnose: 2,
  serve: 3,
  cli: 4,
};

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) sourceFiles(full, out);
    else if (name.endsWith('.ts')) out.push(full);
  }
  return out;
}

function layerOf(file: string): string {
  return path.relative(SRC, file).split(path.sep)[0]!;
}

const IMPORT = /(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g;

/** The imports in one file's text that point up the layers, as "file → target". */
function importsAgainstLayers(file: string, text: string): string[] {
  const wrong: string[] = [];
  const mine = LAYERS[layerOf(file)]!;
  for (const match of text.matchAll(IMPORT)) {
    const target = path.resolve(path.dirname(file), match[1]!);
    const inside = target.startsWith(SRC + path.sep);
    const theirs = inside ? LAYERS[layerOf(target)] : undefined;
    if (theirs === undefined || theirs > mine) wrong.push(`${path.relative(ROOT, file)} → ${path.relative(ROOT, target)}`);
  }
  return wrong;
}

test('every top-level folder of src/ is a known layer', () => {
  const folders = readdirSync(SRC).filter((name) => statSync(path.join(SRC, name)).isDirectory());
  assert.deepEqual(folders.filter((f) => !(f in LAYERS)), [], 'add the folder to LAYERS in test/architecture/layers.test.ts');
  assert.deepEqual(readdirSync(SRC).filter((name) => name.endsWith('.ts')), [], 'no loose files at the top of src/');
});

test('no import in src/ runs up the layers (core → logs → diagnose → serve → cli)', () => {
  const wrong = sourceFiles(SRC).flatMap((file) => importsAgainstLayers(file, readFileSync(file, 'utf8')));
  assert.deepEqual(wrong, []);
});

test('the check catches an upward import and one that leaves src/', () => {
  const fake = path.join(SRC, 'core', 'fake.ts');
  assert.deepEqual(importsAgainstLayers(fake, "import { main } from '../cli/main.js';"), ['src/core/fake.ts → src/cli/main.js']);
  assert.deepEqual(importsAgainstLayers(fake, "import x from '../../test/support/cli.js';"), ['src/core/fake.ts → test/support/cli.js']);
  assert.deepEqual(importsAgainstLayers(path.join(SRC, 'cli', 'fake.ts'), "import { probe } from '../core/probe/index.js';"), []);
});
