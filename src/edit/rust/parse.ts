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

/**
 * web-tree-sitter's own wasm: the build puts a copy beside the bundle (dist/), found
 * without resolving the package (Node's package-exports resolution costs a few ms at
 * start); from src/ (tests) it is read from the package.
 */
export function runtimeWasmPath(): string {
  const beside = path.join(path.dirname(fileURLToPath(import.meta.url)), 'tree-sitter.wasm');
  if (existsSync(beside)) return beside;
  return createRequire(import.meta.url).resolve('web-tree-sitter/tree-sitter.wasm');
}

async function load(): Promise<ParserType> {
  const { Parser, Language } = await import('web-tree-sitter');
  const runtime = runtimeWasmPath();
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
