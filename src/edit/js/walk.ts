/** A small visitor over Babel nodes, with ancestors, for locating code. */
import type { Node } from '@babel/types';
import { CHILD_KEYS } from './visitor-keys.js';

export type Visitor = (node: Node, ancestors: readonly Node[]) => void | 'skip';

// This runs for each node of a file, several times per command, and a 40,000-line file
// has about 200,000 nodes: each node's child keys come from the table of its type, so no
// key list is built per node. A type the table does not know has its keys read instead.
export function walk(root: Node, visit: Visitor, ancestors: Node[] = []): void {
  if (visit(root, ancestors) === 'skip') return;
  ancestors.push(root);
  const record = root as unknown as Record<string, unknown>;
  const keys = CHILD_KEYS[root.type] ?? childKeysOf(record);
  for (let k = 0; k < keys.length; k++) {
    const value = record[keys[k]];
    if (typeof value !== 'object' || value === null) continue;
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

const NOT_CHILDREN = new Set(['leadingComments', 'trailingComments', 'innerComments', 'loc', 'extra']);

function childKeysOf(record: Record<string, unknown>): string[] {
  return Object.keys(record).filter((key) => !NOT_CHILDREN.has(key));
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
