/**
 * A canonical text of a syntax tree (web-tree-sitter's or the quick parser's) for
 * comparing the two: every node with its type, range and field name; the inside of
 * literals and comments is left out (the quick parser does not build it).
 */
import type { RustNode } from '../../../../src/edit/rust/syntax-node.js';

const OPAQUE = /^(string_literal|integer_literal|line_comment|block_comment)$/;

interface FieldedNode extends RustNode {
  fieldNameForChild?(index: number): string | null;
  fields?: (string | undefined)[];
}

function fieldOf(parent: FieldedNode, index: number): string {
  if (parent.fields) return parent.fields[index] ?? '';
  return parent.fieldNameForChild?.(index) ?? '';
}

export function dumpTree(root: RustNode): string {
  const lines: string[] = [];
  const visit = (node: FieldedNode, depth: number, field: string) => {
    lines.push(
      `${'  '.repeat(depth)}${field ? `${field}: ` : ''}${node.isNamed ? node.type : JSON.stringify(node.type)} [${node.startIndex},${node.endIndex}]`,
    );
    if (OPAQUE.test(node.type)) return;
    node.children.forEach((child, i) => {
      if (child) visit(child as FieldedNode, depth + 1, fieldOf(node, i));
    });
  };
  visit(root as FieldedNode, 0, '');
  return lines.join('\n');
}
