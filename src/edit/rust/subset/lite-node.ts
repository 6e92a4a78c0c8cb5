/**
 * A syntax node built by the quick parser, with the same types, fields and ranges
 * as tree-sitter-rust gives for the constructs that parser accepts.
 */
import type { RustNode } from '../syntax-node.js';

export class LiteNode implements RustNode {
  parent: LiteNode | null = null;
  readonly children: LiteNode[] = [];
  /** Field name of each child, by position (undefined when it has none). */
  readonly fields: (string | undefined)[] = [];

  constructor(
    readonly source: string,
    readonly type: string,
    public startIndex: number,
    public endIndex: number,
    readonly isNamed: boolean,
  ) {}

  get text(): string {
    return this.source.slice(this.startIndex, this.endIndex);
  }

  get isError(): boolean {
    return false;
  }

  get isMissing(): boolean {
    return false;
  }

  get hasError(): boolean {
    return false;
  }

  get namedChildren(): LiteNode[] {
    return this.children.filter((c) => c.isNamed);
  }

  get previousSibling(): LiteNode | null {
    if (!this.parent) return null;
    const siblings = this.parent.children;
    return siblings[siblings.indexOf(this) - 1] ?? null;
  }

  child(index: number): LiteNode | null {
    return this.children[index] ?? null;
  }

  childForFieldName(fieldName: string): LiteNode | null {
    const index = this.fields.indexOf(fieldName);
    return index < 0 ? null : this.children[index];
  }

  /** Appends a child (ranges are settled once the tree is complete; no child is added once a tree is read). */
  add(child: LiteNode, field?: string): LiteNode {
    child.parent = this;
    this.children.push(child);
    this.fields.push(field);
    return child;
  }

  /** Gives this node and its descendants the range from their first to their last child. */
  settle(): void {
    if (this.children.length === 0) return;
    for (const child of this.children) child.settle();
    this.startIndex = this.children[0].startIndex;
    this.endIndex = this.children[this.children.length - 1].endIndex;
  }

  /** Puts an extra (a comment) among the children, by position, without changing the range. */
  insertExtra(extra: LiteNode): void {
    let index = this.children.findIndex((c) => c.startIndex >= extra.endIndex);
    if (index < 0) index = this.children.length;
    extra.parent = this;
    this.children.splice(index, 0, extra);
    this.fields.splice(index, 0, undefined);
  }

  /** This node and its descendants in document order, kept once built (analyses ask for several types, often of the same tree). */
  private preorder: LiteNode[] | null = null;

  descendantsOfType(types: string | string[]): LiteNode[] {
    if (!this.preorder) {
      const order: LiteNode[] = [];
      const stack: LiteNode[] = [this];
      while (stack.length > 0) {
        const node = stack.pop() as LiteNode;
        order.push(node);
        for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]);
      }
      this.preorder = order;
    }
    if (typeof types === 'string') return this.preorder.filter((node) => node.type === types);
    return this.preorder.filter((node) => types.includes(node.type));
  }
}
