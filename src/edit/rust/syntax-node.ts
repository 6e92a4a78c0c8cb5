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
