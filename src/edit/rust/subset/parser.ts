/**
 * A recursive-descent parser for a small part of Rust: `use`, `mod`, attributes,
 * and functions whose statements are `let`s and call chains (`x.add(m![...])`,
 * `x.wrap(Y)`, `register(&mut x)`), the shape of a setup function that builds an
 * app step by step. It builds the tree tree-sitter-rust builds for that part (node
 * types, fields, ranges, where comments sit), so an analysis reads either tree the
 * same way.
 * On anything else it returns null and the caller parses with tree-sitter, which
 * also reports syntax errors. Whatever it accepts, tree-sitter parses without error
 * into the same tree: test/edit/rust/subset/ compares the two.
 */
import { LiteNode } from './lite-node.js';
import { type Comment, type Token, tokenize, Unsupported } from './lexer.js';

const KEYWORDS = new Set(
  (
    'as async await break const continue crate dyn else enum extern false fn for if impl in let loop match mod move mut pub ref ' +
    'return self Self static struct super trait true type union unsafe use where while yield abstract become box do final macro ' +
    'override priv try typeof unsized virtual gen default macro_rules raw safe'
  ).split(' '),
);
/** Keywords tree-sitter-rust reads as anonymous tokens inside a token tree; other keywords there are identifiers. */
const TREE_KEYWORDS = new Set(
  (
    'as async await break const continue enum fn for if impl let loop match mod pub return static struct trait type union ' +
    'unsafe use where while gen default'
  ).split(' '),
);
const PRIMITIVE_TYPES = new Set('bool char str u8 u16 u32 u64 u128 usize i8 i16 i32 i64 i128 isize f32 f64'.split(' '));
const PATH_ROOTS = new Set(['crate', 'self', 'super']);
const OPENERS: Record<string, string> = { '(': ')', '[': ']', '{': '}' };
/** Punctuation tree-sitter-rust reads inside token trees, longest first: a run like `==` is one token there. */
const TREE_PUNCTUATION = [
  '<<=',
  '>>=',
  '...',
  '..=',
  '&&',
  '||',
  '<<',
  '>>',
  '+=',
  '-=',
  '*=',
  '/=',
  '%=',
  '^=',
  '&=',
  '|=',
  '==',
  '!=',
  '>=',
  '<=',
  '..',
  '::',
  '->',
  '=>',
];

class Parser {
  private index = 0;

  constructor(
    private readonly text: string,
    private readonly tokens: Token[],
  ) {}

  private peek(offset = 0): Token | undefined {
    return this.tokens[this.index + offset];
  }

  private is(text: string, offset = 0): boolean {
    const token = this.peek(offset);
    return token !== undefined && token.kind !== 'string' && token.text === text;
  }

  private fail(why: string): never {
    throw new Unsupported(this.peek()?.start ?? this.text.length, why);
  }

  private node(type: string): LiteNode {
    const at = this.peek()?.start ?? this.text.length;
    return new LiteNode(this.text, type, at, at, true);
  }

  /** Consumes the next token as a named leaf of `type`, or an anonymous one (punctuation, keywords) typed by its text. */
  private leaf(type?: string): LiteNode {
    const token = this.peek();
    if (!token) this.fail('end of file');
    this.index++;
    return new LiteNode(this.text, type ?? token.text, token.start, token.end, type !== undefined);
  }

  private expect(text: string): LiteNode {
    if (!this.is(text)) this.fail(`expected ${text}`);
    return this.leaf();
  }

  /** An identifier that is not a keyword (`_` alone is not one). */
  private isIdentifier(offset = 0): boolean {
    const token = this.peek(offset);
    return token?.kind === 'word' && !KEYWORDS.has(token.text) && token.text !== '_';
  }

  private identifier(type = 'identifier'): LiteNode {
    if (!this.isIdentifier()) this.fail('identifier');
    return this.leaf(type);
  }

  sourceFile(): LiteNode {
    const root = this.node('source_file');
    let itemsStarted = false;
    while (this.peek()) {
      if (this.is('#') && this.is('!', 1) && !itemsStarted) root.add(this.attribute());
      else {
        itemsStarted = true;
        root.add(this.item());
      }
    }
    return root;
  }

  private attribute(): LiteNode {
    const inner = this.is('!', 1);
    const item = this.node(inner ? 'inner_attribute_item' : 'attribute_item');
    item.add(this.expect('#'));
    if (inner) item.add(this.expect('!'));
    item.add(this.expect('['));
    const attribute = item.add(this.node('attribute'));
    attribute.add(this.path());
    const next = this.peek();
    if (next?.kind === 'punct' && OPENERS[next.text]) attribute.add(this.tokenTree(), 'arguments');
    item.add(this.expect(']'));
    return item;
  }

  private item(): LiteNode {
    if (this.is('#')) return this.attribute();
    const visibility = this.is('pub') ? this.visibility() : null;
    const modifiers = this.is('async') && this.is('fn', 1) ? this.node('function_modifiers') : null;
    if (modifiers) modifiers.add(this.leaf());
    const keyword = this.peek()?.text;
    let item: LiteNode;
    if (keyword === 'use') item = this.node('use_declaration');
    else if (keyword === 'fn') item = this.node('function_item');
    else if (keyword === 'mod') item = this.node('mod_item');
    else if (keyword === 'struct') item = this.node('struct_item');
    else if (keyword === 'impl' && !visibility) item = this.node('impl_item');
    else this.fail('item');
    if (visibility) item.add(visibility);
    if (modifiers) item.add(modifiers);
    if (keyword === 'use') {
      item.add(this.leaf());
      item.add(this.useTree(), 'argument');
      item.add(this.expect(';'));
    } else if (keyword === 'mod') {
      item.add(this.leaf());
      item.add(this.identifier(), 'name');
      if (this.is(';')) item.add(this.leaf());
      else item.add(this.declarationList(), 'body');
    } else if (keyword === 'struct') {
      item.add(this.leaf());
      item.add(this.identifier('type_identifier'), 'name');
      if (this.is(';')) item.add(this.leaf());
      else item.add(this.fieldDeclarationList(), 'body');
    } else if (keyword === 'impl') {
      item.add(this.leaf());
      if (this.is('<')) this.fail('generic impl');
      const first = this.type();
      if (this.is('for')) {
        item.add(first, 'trait');
        item.add(this.leaf());
        item.add(this.type(), 'type');
      } else item.add(first, 'type');
      item.add(this.declarationList(), 'body');
    } else {
      item.add(this.leaf());
      item.add(this.identifier(), 'name');
      item.add(this.parameters(), 'parameters');
      if (this.is('->')) {
        item.add(this.leaf());
        item.add(this.type(), 'return_type');
      }
      item.add(this.block(), 'body');
    }
    return item;
  }

  private visibility(): LiteNode {
    const node = this.node('visibility_modifier');
    node.add(this.leaf());
    if (this.is('(')) {
      node.add(this.leaf());
      const root = this.peek()?.text;
      if (root !== 'crate' && root !== 'self' && root !== 'super') this.fail('visibility');
      node.add(this.leaf(root));
      node.add(this.expect(')'));
    }
    return node;
  }

  private declarationList(): LiteNode {
    const list = this.node('declaration_list');
    list.add(this.expect('{'));
    while (!this.is('}')) list.add(this.item());
    list.add(this.leaf());
    return list;
  }

  /** `{ a: T, #[attr] pub b: U }`: attributes are children of the list, beside the fields. */
  private fieldDeclarationList(): LiteNode {
    const list = this.node('field_declaration_list');
    list.add(this.expect('{'));
    while (!this.is('}')) {
      while (this.is('#')) {
        if (this.is('!', 1)) this.fail('inner attribute');
        list.add(this.attribute());
      }
      const field = list.add(this.node('field_declaration'));
      if (this.is('pub')) field.add(this.visibility());
      field.add(this.identifier('field_identifier'), 'name');
      field.add(this.expect(':'));
      field.add(this.type(), 'type');
      if (this.is(',')) list.add(this.leaf());
      else if (!this.is('}')) this.fail('fields');
    }
    list.add(this.leaf());
    return list;
  }

  /** `a`, `crate`, `a::b::c` as identifier / crate / scoped_identifier (no generics, no leading `::`). */
  private path(): LiteNode {
    let path = this.pathRoot();
    while (this.is('::') && this.isIdentifier(1)) {
      const scoped = this.node('scoped_identifier');
      scoped.add(path, 'path');
      scoped.add(this.leaf());
      scoped.add(this.identifier(), 'name');
      path = scoped;
    }
    return path;
  }

  private pathRoot(): LiteNode {
    const token = this.peek();
    if (token?.kind === 'word' && PATH_ROOTS.has(token.text)) return this.leaf(token.text);
    return this.identifier();
  }

  private useTree(): LiteNode {
    if (this.is('{')) return this.useList();
    let path = this.pathRoot();
    while (this.is('::')) {
      if (this.is('{', 1)) {
        const list = this.node('scoped_use_list');
        list.add(path, 'path');
        list.add(this.leaf());
        list.add(this.useList(), 'list');
        return list;
      }
      if (this.is('*', 1)) {
        const wildcard = this.node('use_wildcard');
        wildcard.add(path);
        wildcard.add(this.leaf());
        wildcard.add(this.leaf());
        return wildcard;
      }
      const scoped = this.node('scoped_identifier');
      scoped.add(path, 'path');
      scoped.add(this.leaf());
      scoped.add(this.identifier(), 'name');
      path = scoped;
    }
    if (this.is('as')) {
      const clause = this.node('use_as_clause');
      clause.add(path, 'path');
      clause.add(this.leaf());
      clause.add(this.identifier(), 'alias');
      return clause;
    }
    if (path.type === 'crate' || path.type === 'super') this.fail('use path');
    return path;
  }

  private useList(): LiteNode {
    const list = this.node('use_list');
    list.add(this.expect('{'));
    while (!this.is('}')) {
      if (this.is('{')) this.fail('nested use list');
      list.add(this.useTree());
      if (this.is(',')) list.add(this.leaf());
      else if (!this.is('}')) this.fail('use list');
    }
    list.add(this.leaf());
    return list;
  }

  private parameters(): LiteNode {
    const list = this.node('parameters');
    list.add(this.expect('('));
    while (!this.is(')')) {
      if (list.children.length === 1 && this.isSelfParameter()) {
        list.add(this.selfParameter());
        if (this.is(',')) list.add(this.leaf());
        else if (!this.is(')')) this.fail('parameters');
        continue;
      }
      const parameter = this.node('parameter');
      if (this.is('mut')) parameter.add(this.mutable());
      parameter.add(this.identifier(), 'pattern');
      parameter.add(this.expect(':'));
      parameter.add(this.type(), 'type');
      list.add(parameter);
      if (this.is(',')) list.add(this.leaf());
      else if (!this.is(')')) this.fail('parameters');
    }
    list.add(this.leaf());
    return list;
  }

  /** `self`, `mut self`, `&self`, `&mut self` (no lifetime, no type), first in the list. */
  private isSelfParameter(): boolean {
    let at = this.is('&') ? 1 : 0;
    if (this.is('mut', at)) at++;
    return this.is('self', at) && (this.is(',', at + 1) || this.is(')', at + 1));
  }

  private selfParameter(): LiteNode {
    const parameter = this.node('self_parameter');
    if (this.is('&')) parameter.add(this.leaf());
    if (this.is('mut')) parameter.add(this.mutable());
    parameter.add(this.leaf('self'));
    return parameter;
  }

  private mutable(): LiteNode {
    return this.leaf('mutable_specifier');
  }

  private type(): LiteNode {
    if (this.is('&')) {
      if (this.is('&', 1)) this.fail('type');
      const reference = this.node('reference_type');
      reference.add(this.leaf());
      if (this.is('mut')) reference.add(this.mutable());
      reference.add(this.type(), 'type');
      return reference;
    }
    if (this.is('(')) {
      if (!this.is(')', 1)) this.fail('tuple type');
      const unit = this.node('unit_type');
      unit.add(this.leaf());
      unit.add(this.leaf());
      return unit;
    }
    const first = this.peek();
    if (first?.kind === 'word' && PRIMITIVE_TYPES.has(first.text)) {
      if (this.is('::', 1) || this.is('<', 1)) this.fail('type');
      return this.leaf('primitive_type');
    }
    let name: LiteNode;
    if (this.is('::', 1)) {
      let path = this.pathRoot();
      while (this.is('::', 2) && this.isIdentifier(1)) {
        const scoped = this.node('scoped_identifier');
        scoped.add(path, 'path');
        scoped.add(this.leaf());
        scoped.add(this.identifier(), 'name');
        path = scoped;
      }
      name = this.node('scoped_type_identifier');
      name.add(path, 'path');
      name.add(this.expect('::'));
      name.add(this.identifier('type_identifier'), 'name');
    } else name = this.identifier('type_identifier');
    if (this.is('::')) this.fail('type');
    if (!this.is('<')) return name;
    const generic = this.node('generic_type');
    generic.add(name, 'type');
    const args = generic.add(this.node('type_arguments'), 'type_arguments');
    args.add(this.leaf());
    while (!this.is('>')) {
      args.add(this.type());
      if (this.is(',')) args.add(this.leaf());
      else if (!this.is('>')) this.fail('type arguments');
    }
    args.add(this.leaf());
    return generic;
  }

  private block(): LiteNode {
    const block = this.node('block');
    block.add(this.expect('{'));
    while (!this.is('}')) {
      if (this.is('let')) {
        block.add(this.letDeclaration());
        continue;
      }
      const expression = this.expression();
      // tree-sitter reads a brace-delimited macro in a block as a statement of its own.
      if (expression.type === 'macro_invocation' && expression.children[2]?.children[0]?.type === '{')
        this.fail('macro statement');
      if (this.is(';')) {
        const statement = this.node('expression_statement');
        statement.add(expression);
        statement.add(this.leaf());
        block.add(statement);
      } else if (this.is('}')) {
        block.add(expression);
      } else this.fail('statement');
    }
    block.add(this.leaf());
    return block;
  }

  private letDeclaration(): LiteNode {
    const declaration = this.node('let_declaration');
    declaration.add(this.leaf());
    if (this.is('mut')) declaration.add(this.mutable());
    declaration.add(this.identifier(), 'pattern');
    if (this.is(':')) {
      declaration.add(this.leaf());
      declaration.add(this.type(), 'type');
    }
    if (this.is('=')) {
      declaration.add(this.leaf());
      declaration.add(this.expression(), 'value');
    }
    declaration.add(this.expect(';'));
    return declaration;
  }

  private expression(): LiteNode {
    if (this.is('&')) {
      if (this.is('&', 1)) this.fail('expression');
      const reference = this.node('reference_expression');
      reference.add(this.leaf());
      if (this.is('mut')) reference.add(this.mutable());
      reference.add(this.expression(), 'value');
      return reference;
    }
    let expression = this.primary();
    for (;;) {
      if (this.is('.') && this.is('await', 1)) {
        const wait = this.node('await_expression');
        wait.add(expression);
        wait.add(this.leaf());
        wait.add(this.leaf());
        expression = wait;
      } else if (this.is('?')) {
        const attempt = this.node('try_expression');
        attempt.add(expression);
        attempt.add(this.leaf());
        expression = attempt;
      } else if (this.is('.')) {
        if (!this.isIdentifier(1)) this.fail('field');
        const field = this.node('field_expression');
        field.add(expression, 'value');
        field.add(this.leaf());
        field.add(this.identifier('field_identifier'), 'field');
        expression = field;
        if (this.is('::')) this.fail('turbofish');
      } else if (this.is('(')) {
        const call = this.node('call_expression');
        call.add(expression, 'function');
        call.add(this.arguments(), 'arguments');
        expression = call;
      } else return expression;
    }
  }

  private primary(): LiteNode {
    const token = this.peek();
    if (!token) this.fail('expression');
    if (token.kind === 'string') return this.leaf('string_literal');
    if (token.kind === 'integer') return this.leaf('integer_literal');
    if (token.text === 'true' || token.text === 'false') return this.booleanLiteral();
    if (token.kind !== 'word' || PRIMITIVE_TYPES.has(token.text)) this.fail('expression');
    if ((token.text === 'crate' || token.text === 'super') && !this.is('::', 1)) this.fail('path');
    const path = this.path();
    if (this.is('::')) this.fail('path');
    if (this.is('{')) this.fail('struct expression');
    if (!this.is('!')) return path;
    const open = this.peek(1);
    if (
      open?.kind !== 'punct' ||
      !OPENERS[open.text] ||
      path.type === 'self' ||
      path.type === 'crate' ||
      path.type === 'super'
    )
      this.fail('macro');
    const macro = this.node('macro_invocation');
    macro.add(path, 'macro');
    macro.add(this.leaf());
    macro.add(this.tokenTree());
    return macro;
  }

  private booleanLiteral(): LiteNode {
    const literal = this.node('boolean_literal');
    literal.add(this.leaf());
    return literal;
  }

  private arguments(): LiteNode {
    const list = this.node('arguments');
    list.add(this.leaf());
    while (!this.is(')')) {
      list.add(this.expression());
      if (this.is(',')) list.add(this.leaf());
      else if (!this.is(')')) this.fail('arguments');
    }
    list.add(this.leaf());
    return list;
  }

  private tokenTree(): LiteNode {
    const tree = this.node('token_tree');
    const open = this.leaf();
    const close = OPENERS[open.text];
    if (!close) this.fail('token tree');
    tree.add(open);
    for (;;) {
      const token = this.peek();
      if (!token) this.fail('unclosed token tree');
      if (token.kind === 'punct' && token.text === close) break;
      if (token.kind === 'punct' && OPENERS[token.text]) tree.add(this.tokenTree());
      else if (token.kind === 'punct' && /^[)\]}]$/.test(token.text)) this.fail('unbalanced token tree');
      else if (token.kind === 'string') tree.add(this.leaf('string_literal'));
      else if (token.kind === 'integer') tree.add(this.leaf('integer_literal'));
      else if (token.kind === 'word' && PATH_ROOTS.has(token.text)) tree.add(this.leaf(token.text));
      else if (token.text === 'true' || token.text === 'false') tree.add(this.booleanLiteral());
      else if (token.kind === 'word' && PRIMITIVE_TYPES.has(token.text)) this.fail('primitive type in token tree');
      else if (token.text === 'mut') tree.add(this.mutable());
      else if (token.kind === 'word' && TREE_KEYWORDS.has(token.text)) tree.add(this.leaf());
      else if (token.kind === 'word' && token.text !== '_') tree.add(this.leaf('identifier'));
      else if (token.kind === 'word') this.fail('_ in token tree');
      else for (const punct of this.punctuationRun()) tree.add(punct);
    }
    tree.add(this.leaf());
    return tree;
  }

  /** Adjacent punctuation tokens, split again the way tree-sitter's lexer splits them (longest match first). */
  private punctuationRun(): LiteNode[] {
    const first = this.peek() as Token;
    let end = first.end;
    this.index++;
    for (
      let next = this.peek();
      next && next.kind === 'punct' && next.start === end && !OPENERS[next.text] && !/^[)\]}]$/.test(next.text);
      next = this.peek()
    ) {
      end = next.end;
      this.index++;
    }
    const leaves: LiteNode[] = [];
    for (let at = first.start; at < end; ) {
      const punct = TREE_PUNCTUATION.find((p) => this.text.startsWith(p, at) && at + p.length <= end) ?? this.text[at];
      leaves.push(new LiteNode(this.text, punct, at, at + punct.length, false));
      at += punct.length;
    }
    return leaves;
  }
}

/** Puts each comment in the innermost node that has tokens on both sides of it. */
function placeComments(root: LiteNode, text: string, comments: Comment[]): void {
  for (const comment of comments) {
    const node = new LiteNode(text, comment.type, comment.start, comment.end, true);
    let parent = root;
    for (;;) {
      const inner = parent.children.find(
        (c) => c.children.length > 0 && c.startIndex < comment.start && comment.end < c.endIndex,
      );
      if (!inner) break;
      parent = inner;
    }
    parent.insertExtra(node);
  }
  // tree-sitter's root starts at the first token or comment and ends at the end of the text.
  root.startIndex = root.children[0]?.startIndex ?? 0;
  root.endIndex = text.length;
}

/** The tree tree-sitter-rust would build for `text`, or null when `text` is outside the part this parser knows. */
export function parseRustSubset(text: string): LiteNode | null {
  try {
    const { tokens, comments } = tokenize(text);
    const root = new Parser(text, tokens).sourceFile();
    root.settle();
    placeComments(root, text, comments);
    return root;
  } catch (error) {
    if (error instanceof Unsupported) return null;
    throw error;
  }
}
