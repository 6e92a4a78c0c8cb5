/**
 * The static import graph of a source module: what loading it loads. Follows value
 * `import ... from` / `import '...'` / `export ... from` of relative files; records
 * package imports; leaves `import type` and `await import()` (loaded on first use) out.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** Static, value (non-type) import specifiers of a module. */
export function staticImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [
    ...text.matchAll(/^(?:import|export)\s+(?!type\b)[^'"]*?from\s+['"]([^'"]+)['"]/gm),
    ...text.matchAll(/^import\s+['"]([^'"]+)['"]/gm),
  ].map((m) => m[1]);
}

export interface ImportGraph {
  /** Files reached, relative to `root`, '/'-separated. */
  files: Set<string>;
  /** Packages imported along the way. */
  packages: Set<string>;
}

/** Every module `entry` loads statically, walking relative `.js` specifiers to their `.ts` sources. */
export function staticImportGraph(entry: string, root: string): ImportGraph {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    const relative = path.relative(root, file).split(path.sep).join('/');
    if (files.has(relative)) return;
    files.add(relative);
    for (const spec of staticImports(file)) {
      if (spec.startsWith('.')) visit(path.resolve(path.dirname(file), spec.replace(/\.js$/, '.ts')));
      else packages.add(spec);
    }
  };
  visit(path.resolve(root, entry));
  return { files, packages };
}
