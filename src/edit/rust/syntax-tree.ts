/**
 * The syntax tree of one Rust file: the quick parser's (subset/) when the file is
 * in the part of Rust it knows, else tree-sitter's, which also reports syntax
 * errors. The two build the same tree for what the quick one accepts, so every
 * analysis reads either; tree-sitter's wasm starts only for a file that needs it.
 */
import type { RustNode } from './syntax-node.js';
import { parseRustSubset } from './subset/parser.js';

export async function rustSyntaxTree(text: string): Promise<RustNode> {
  const quick = parseRustSubset(text);
  if (quick) return quick;
  const { parseRust } = await import('./parse.js');
  return (await parseRust(text)).rootNode as unknown as RustNode;
}
