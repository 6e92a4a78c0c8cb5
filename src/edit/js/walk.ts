/** A small visitor over Babel nodes, with ancestors, for locating code. */
import type { Node } from '@babel/types';

export type Visitor = (node: Node, ancestors: readonly Node[]) => void | 'skip';

export function walk(root: Node, visit: Visitor, ancestors: Node[] = []): void {
  if (visit(root, ancestors) === 'skip') return;
  ancestors.push(root);
  for (const key of Object.keys(root)) {
    if (key === 'leadingComments' || key === 'trailingComments' || key === 'innerComments' || key === 'loc') continue;
    const value = (root as unknown as Record<string, unknown>)[key];
    if (Array.isArray(value)) {
      for (const child of value) if (isNode(child)) walk(child, visit, ancestors);
    } else if (isNode(value)) {
      walk(value, visit, ancestors);
    }
  }
  ancestors.pop();
}

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}
