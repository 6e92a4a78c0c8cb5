/**
 * Loads the Rust grammar for web-tree-sitter once. The grammar's wasm is shipped
 * in templates/wasm/ (the tree-sitter-rust npm package runs a native install
 * script, so it is not a dependency). Offsets of nodes are UTF-16 code units,
 * the same as JS string indices, so they can be used as splice offsets directly.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Parser as ParserType, Tree } from 'web-tree-sitter';
import { withBaselineWasm } from './wasm-baseline.js';

let parserPromise: Promise<ParserType> | null = null;

/** templates/wasm/tree-sitter-rust.wasm, found from this module upward (src/ or dist/). */
export function rustGrammarPath(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(dir, 'templates', 'wasm', 'tree-sitter-rust.wasm');
    if (existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('internal: templates/wasm/tree-sitter-rust.wasm is missing from the package');
    dir = parent;
  }
}

async function load(): Promise<ParserType> {
  const { Parser, Language } = await import('web-tree-sitter');
  // Its own wasm is read from the package, wherever this module was bundled to.
  const runtime = createRequire(import.meta.url).resolve('web-tree-sitter/tree-sitter.wasm');
  const language = await withBaselineWasm(async () => {
    await Parser.init({ wasmBinary: readFileSync(runtime) });
    return Language.load(readFileSync(rustGrammarPath()));
  });
  const parser = new Parser();
  parser.setLanguage(language);
  return parser;
}

export async function parseRust(text: string): Promise<Tree> {
  parserPromise ??= load();
  const parser = await parserPromise;
  const tree = parser.parse(text);
  if (!tree) throw new Error('internal: tree-sitter returned no tree');
  return tree;
}
