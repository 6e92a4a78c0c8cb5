/**
 * The CLI loads every framework module at start: the Pavex module's static
 * import graph must not reach the wasm parsers or the YAML library (they load
 * inside plan/recognise with `await import()`).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { REPO } from './harness.js';

const HEAVY = ['web-tree-sitter', '@rainbowatcher/toml-edit-js', 'yaml'];

/** Static, value (non-type) imports of a module. */
function staticImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/^import\s+(?!type\b)[^'"]*?from\s+['"]([^'"]+)['"]/gm), ...text.matchAll(/^import\s+['"]([^'"]+)['"]/gm)].map((m) => m[1]);
}

it('importing src/frameworks/pavex/index.ts loads no parser', () => {
  const seen = new Set<string>();
  const reachedPackages = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const spec of staticImports(file)) {
      if (spec.startsWith('.')) visit(path.resolve(path.dirname(file), spec.replace(/\.js$/, '.ts')));
      else reachedPackages.add(spec);
    }
  };
  visit(path.join(REPO, 'src/frameworks/pavex/index.ts'));
  expect([...seen].map((f) => path.relative(REPO, f)).sort()).toContain('src/frameworks/pavex/detect.ts');
  expect(HEAVY.filter((p) => reachedPackages.has(p))).toEqual([]);
  // Sanity: the walker does see these packages where they are imported statically.
  expect(staticImports(path.join(REPO, 'src/frameworks/pavex/configuration.ts')).length).toBeGreaterThan(0);
});
