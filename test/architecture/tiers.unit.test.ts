// The fast tier (`npm run test:unit`) is every test file named *.unit.test.ts, and such a file
// must start no process: nothing it imports, directly or through other modules of test/ and src/,
// may import node:child_process (which is how every real server, the CLI and openssl are started
// here). In-process servers on loopback are fine. Naming a file that starts nginx *.unit.test.ts
// fails here, with the chain of imports that leads to child_process.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const FORBIDDEN = new Set(['node:child_process', 'child_process']);

function testFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) testFiles(full, out);
    else if (name.endsWith('.test.ts')) out.push(full);
  }
  return out;
}

// Static and dynamic imports and re-exports, at the start of a statement (not inside a string).
const IMPORT = /^\s*(?:import|export)\b[^'"]*?\bfrom\s*['"]([^'"]+)['"]|^\s*import\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/gm;

/** What a source file imports: other source files (as .ts paths) and bare module names. */
function importsOf(file: string, text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(IMPORT)) {
    const spec = match[1] ?? match[2] ?? match[3]!;
    found.push(spec.startsWith('.') ? path.resolve(path.dirname(file), spec).replace(/\.js$/, '.ts') : spec);
  }
  return found;
}

/** The chain of imports from `entry` to a forbidden module, or null. */
export function chainToForbidden(entry: string, read: (file: string) => string | null): string[] | null {
  const seen = new Set<string>();
  const walk = (file: string, chain: string[]): string[] | null => {
    if (seen.has(file)) return null;
    seen.add(file);
    const text = read(file);
    if (text === null) return null;
    for (const target of importsOf(file, text)) {
      if (FORBIDDEN.has(target)) return [...chain, target];
      if (path.isAbsolute(target)) {
        const found = walk(target, [...chain, path.relative(ROOT, target)]);
        if (found) return found;
      }
    }
    return null;
  };
  return walk(entry, [path.relative(ROOT, entry)]);
}

const readSource = (file: string): string | null => {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
};

test('no *.unit.test.ts file reaches node:child_process through its imports', () => {
  const unit = testFiles(path.join(ROOT, 'test')).filter((file) => file.endsWith('.unit.test.ts'));
  assert.ok(unit.length > 0, 'some unit-tier files exist');
  const wrong = unit.map((file) => chainToForbidden(file, readSource)).filter((chain) => chain !== null).map((chain) => chain.join(' → '));
  assert.deepEqual(wrong, [], 'rename these to *.test.ts, or stop them starting processes');
});

test('the check follows imports through other modules and ignores import-like text in strings', () => {
  const files: Record<string, string> = {
    [path.join(ROOT, 'test/a.unit.test.ts')]: "import { b } from './b.js';\nconst s = \"import x from 'node:child_process'\";",
    [path.join(ROOT, 'test/b.ts')]: "export { c } from './support/c.js';",
    [path.join(ROOT, 'test/support/c.ts')]: "import { spawn } from 'node:child_process';",
    [path.join(ROOT, 'test/d.unit.test.ts')]: "import assert from 'node:assert/strict';\nconst s = \"from 'node:child_process'\";",
  };
  const read = (file: string): string | null => files[file] ?? null;
  assert.deepEqual(chainToForbidden(path.join(ROOT, 'test/a.unit.test.ts'), read), ['test/a.unit.test.ts', 'test/b.ts', 'test/support/c.ts', 'node:child_process']);
  assert.equal(chainToForbidden(path.join(ROOT, 'test/d.unit.test.ts'), read), null);
});
