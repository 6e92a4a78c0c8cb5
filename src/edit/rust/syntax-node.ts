/**
 * The part of a Rust syntax tree that analyses read. web-tree-sitter's nodes have
 * this shape, and so do the nodes of subset/, the quick parser a caller may try
 * first: one analysis runs on either tree.
 */
export interface RustNode {
  readonly type: string;
  readonly text: string;
  readonly startIndex: number;
  readonly endIndex: number;
  readonly isNamed: boolean;
  readonly isError: boolean;
  readonly isMissing: boolean;
  readonly hasError: boolean;
  readonly parent: RustNode | null;
  readonly previousSibling: RustNode | null;
  readonly children: (RustNode | null)[];
  readonly namedChildren: (RustNode | null)[];
  child(index: number): RustNode | null;
  childForFieldName(fieldName: string): RustNode | null;
  /** The node itself and its descendants of these types, in document order. */
  descendantsOfType(types: string | string[]): (RustNode | null)[];
}

/** The first node on the path of errors that is itself an error or missing (the root when none is): where a syntax error is reported. */
export function firstErrorNode<N extends RustNode>(root: N): N {
  let node = root;
  for (;;) {
    const child = node.children.find((c) => c?.hasError) as N | null | undefined;
    if (!child || child.isError || child.isMissing) return child ?? node;
    node = child;
  }
}
