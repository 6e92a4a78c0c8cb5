/** A small visitor over Babel nodes, with ancestors, for locating code. */
import type { Node } from '@babel/types';

export type Visitor = (node: Node, ancestors: readonly Node[]) => void | 'skip';

// Every key of every node, in its own order; primitives are passed over before the key
// is compared, and arrays are read by index: this runs for each node of a file, several
// times per command, and a 40,000-line file has about 200,000 nodes.
export function walk(root: Node, visit: Visitor, ancestors: Node[] = []): void {
  if (visit(root, ancestors) === 'skip') return;
  ancestors.push(root);
  const record = root as unknown as Record<string, unknown>;
  const keys = Object.keys(record);
  for (let k = 0; k < keys.length; k++) {
    const value = record[keys[k]];
    if (typeof value !== 'object' || value === null) continue;
    const key = keys[k];
    if (key === 'leadingComments' || key === 'trailingComments' || key === 'innerComments' || key === 'loc') continue;
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const child: unknown = value[i];
        if (isNode(child)) walk(child, visit, ancestors);
      }
    } else if (isNode(value)) {
      walk(value, visit, ancestors);
    }
  }
  ancestors.pop();
}

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

const preorders = new WeakMap<Node, readonly Node[]>();

/**
 * Every node under `root` (itself first) in the order `walk` visits them, kept per tree:
 * readers that neither skip subtrees nor need ancestors go through this list instead of
 * walking the tree again (parsed trees are shared and never changed).
 */
export function preorder(root: Node): readonly Node[] {
  let nodes = preorders.get(root);
  if (!nodes) {
    const list: Node[] = [];
    walk(root, (node) => {
      list.push(node);
    });
    preorders.set(root, list);
    nodes = list;
  }
  return nodes;
}
