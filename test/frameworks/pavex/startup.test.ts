/**
 * The CLI loads every framework module at start: the Pavex module's static
 * import graph must not reach the parsers (tree-sitter, TOML, YAML): they load
 * inside plan/recognise with `await import()`.
 */
import path from 'node:path';
import { expect, it } from 'vitest';
import { staticImportGraph, staticImports } from '../../helpers/import-graph.js';
import { REPO } from './harness.js';

const HEAVY = ['web-tree-sitter', 'toml-eslint-parser', 'yaml'];

it('importing src/frameworks/pavex/index.ts loads no parser', () => {
  const graph = staticImportGraph('src/frameworks/pavex/index.ts', REPO);
  expect([...graph.files].sort()).toContain('src/frameworks/pavex/detect.ts');
  expect(HEAVY.filter((p) => graph.packages.has(p))).toEqual([]);
  // Sanity: the walker does see these packages where they are imported statically.
  expect(staticImports(path.join(REPO, 'src/frameworks/pavex/configuration.ts')).length).toBeGreaterThan(0);
});
