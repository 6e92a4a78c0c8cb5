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

/** Punctuation an operator can start with (the rest ends an operand: `,`, `;`, `)`, ...). */
const OPERATOR_STARTS = new Set(['=', '!', '<', '>', '&', '|', '^', '+', '-', '*', '/', '%', '.']);
/** Expressions that end a statement without a `;`, and a match arm without a `,`. */
const BLOCK_LIKE = new Set(['block', 'if_expression', 'match_expression', 'loop_expression', 'async_block']);

class Parser {
  private index = 0;
  /** In an if or match head, where `Name {` opens the block rather than a struct literal. */
  private noStruct = false;

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
    else if (keyword === 'type') item = this.node('type_item');
    else if ((keyword === 'const' || keyword === 'static') && this.isIdentifier(1)) item = this.node(`${keyword}_item`);
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
    } else if (keyword === 'type') {
      item.add(this.leaf());
      item.add(this.identifier('type_identifier'), 'name');
      item.add(this.expect('='));
      item.add(this.type(), 'type');
      item.add(this.expect(';'));
    } else if (keyword === 'const' || keyword === 'static') {
      item.add(this.leaf());
      item.add(this.identifier(), 'name');
      item.add(this.expect(':'));
      item.add(this.type(), 'type');
      item.add(this.expect('='));
      item.add(this.expression(), 'value');
      item.add(this.expect(';'));
    } else if (keyword === 'impl') {
      item.add(this.leaf());
      if (this.is('<') || this.is('impl') || this.is('dyn') || this.is('!')) this.fail('impl header');
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
      if (this.is('<')) item.add(this.typeParameters(), 'type_parameters');
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
      this.separator(list, '}', 'fields');
    }
    list.add(this.leaf());
    return list;
  }

  /** `a`, `crate`, `a::b::c` as identifier / crate / scoped_identifier (no generics, no leading `::`). */
  private path(): LiteNode {
    let path = this.pathRoot();
    while (this.is('::') && (this.isIdentifier(1) || this.is('default', 1))) {
      const scoped = this.node('scoped_identifier');
      scoped.add(path, 'path');
      scoped.add(this.leaf());
      // `T::default()`: the contextual keyword is a name after `::`.
      scoped.add(this.is('default') ? this.leaf('identifier') : this.identifier(), 'name');
      path = scoped;
    }
    return path;
  }

  /** `Name::<T>::name` (a turbofish on a type name, then one segment). */
  private turbofishPath(): LiteNode {
    const generic = this.node('generic_type');
    generic.add(this.identifier('type_identifier'), 'type');
    generic.add(this.leaf());
    generic.add(this.typeArguments(), 'type_arguments');
    const scoped = this.node('scoped_identifier');
    scoped.add(generic, 'path');
    scoped.add(this.expect('::'));
    scoped.add(this.identifier(), 'name');
    return scoped;
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
      this.separator(list, '}', 'use list');
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
        this.separator(list, ')', 'parameters');
        continue;
      }
      const parameter = this.node('parameter');
      if (this.is('mut')) {
        parameter.add(this.mutable());
        parameter.add(this.identifier(), 'pattern');
      } else parameter.add(this.pattern(), 'pattern');
      parameter.add(this.expect(':'));
      parameter.add(this.type(), 'type');
      list.add(parameter);
      this.separator(list, ')', 'parameters');
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

  /** `'a`: the quote and the name. */
  private lifetime(): LiteNode {
    const token = this.peek() as Token;
    this.index++;
    const node = new LiteNode(this.text, 'lifetime', token.start, token.end, true);
    node.add(new LiteNode(this.text, "'", token.start, token.start + 1, false));
    node.add(new LiteNode(this.text, 'identifier', token.start + 1, token.end, true));
    return node;
  }

  /** After an element of a list closed by `close`: its `,` (taken into `list`), or the closer itself. */
  private separator(list: LiteNode, close: string, what: string): void {
    if (this.is(',')) list.add(this.leaf());
    else if (!this.is(close)) this.fail(what);
  }

  /**
   * Parses with struct literals allowed or not (an if or match head, where `Name {`
   * opens the block), then restores the outer setting.
   */
  private withStructs<T>(allowed: boolean, parse: () => T): T {
    const saved = this.noStruct;
    this.noStruct = !allowed;
    const result = parse();
    this.noStruct = saved;
    return result;
  }

  private mutable(): LiteNode {
    return this.leaf('mutable_specifier');
  }

  private type(): LiteNode {
    if (this.is('&')) {
      if (this.is('&', 1)) this.fail('type');
      const reference = this.node('reference_type');
      reference.add(this.leaf());
      if (this.peek()?.kind === 'lifetime') reference.add(this.lifetime());
      if (this.is('mut')) reference.add(this.mutable());
      reference.add(this.type(), 'type');
      return reference;
    }
    if (this.is('(')) {
      if (this.is(')', 1)) {
        const unit = this.node('unit_type');
        unit.add(this.leaf());
        unit.add(this.leaf());
        return unit;
      }
      const tuple = this.node('tuple_type');
      tuple.add(this.leaf());
      while (!this.is(')')) {
        tuple.add(this.type());
        this.separator(tuple, ')', 'tuple type');
      }
      tuple.add(this.leaf());
      return tuple;
    }
    if (this.is('impl') || this.is('dyn')) {
      const bounded = this.node(this.is('impl') ? 'abstract_type' : 'dynamic_type');
      bounded.add(this.leaf());
      if (this.is('(') || this.is('&') || this.is('impl') || this.is('dyn')) this.fail('bound');
      bounded.add(this.type(), 'trait');
      if (this.is('+')) this.fail('bounds');
      return bounded;
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
    generic.add(this.typeArguments(), 'type_arguments');
    return generic;
  }

  /** `<T, Name = U>` */
  private typeArguments(): LiteNode {
    const args = this.node('type_arguments');
    args.add(this.expect('<'));
    while (!this.is('>')) {
      if (this.isIdentifier() && this.is('=', 1) && !this.is('=', 2)) {
        const binding = args.add(this.node('type_binding'));
        binding.add(this.identifier('type_identifier'), 'name');
        binding.add(this.leaf());
        binding.add(this.type(), 'type');
      } else if (this.peek()?.kind === 'lifetime') args.add(this.lifetime());
      else args.add(this.type());
      this.separator(args, '>', 'type arguments');
    }
    args.add(this.leaf());
    return args;
  }

  /** `<S: Bound + Other, T>` of a function: no lifetimes, const parameters or defaults. */
  private typeParameters(): LiteNode {
    const list = this.node('type_parameters');
    list.add(this.leaf());
    while (!this.is('>')) {
      const parameter = list.add(this.node('type_parameter'));
      parameter.add(this.identifier('type_identifier'), 'name');
      if (this.is(':')) {
        const bounds = parameter.add(this.node('trait_bounds'), 'bounds');
        bounds.add(this.leaf());
        bounds.add(this.type());
        while (this.is('+')) {
          bounds.add(this.leaf());
          bounds.add(this.type());
        }
      }
      this.separator(list, '>', 'type parameters');
    }
    list.add(this.leaf());
    return list;
  }

  private block(): LiteNode {
    return this.withStructs(true, () => this.blockBody());
  }

  private blockBody(): LiteNode {
    const block = this.node('block');
    block.add(this.expect('{'));
    while (!this.is('}')) {
      if (this.is('let')) {
        block.add(this.letDeclaration());
        continue;
      }
      if (this.is(';')) {
        const empty = block.add(this.node('empty_statement'));
        empty.add(this.leaf());
        continue;
      }
      // An if, match, loop, async or plain block at the start of a statement ends it (no `;` needed).
      if (this.startsBlockLike()) {
        const statement = this.node('expression_statement');
        statement.add(this.blockLike());
        block.add(statement);
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
    if (this.is('mut')) {
      declaration.add(this.mutable());
      declaration.add(this.identifier(), 'pattern');
    } else declaration.add(this.pattern(), 'pattern');
    if (this.is(':')) {
      declaration.add(this.leaf());
      declaration.add(this.type(), 'type');
    }
    if (this.is('=')) {
      declaration.add(this.leaf());
      declaration.add(this.expression(), 'value');
      if (this.is('else')) this.fail('let else');
    }
    declaration.add(this.expect(';'));
    return declaration;
  }

  /**
   * A pattern: `_`, a literal, a name or path, `Name(p, ...)`, `(p, ...)`. Or-patterns
   * only in match arms; `ref`, `mut`, `&`, ranges and struct patterns are left to tree-sitter.
   */
  private pattern(): LiteNode {
    const token = this.peek();
    if (!token) this.fail('pattern');
    if (token.kind === 'word' && token.text === '_') return this.leaf();
    if (token.kind === 'string' || token.kind === 'integer' || token.kind === 'char') return this.literal();
    if (token.text === 'true' || token.text === 'false') return this.booleanLiteral();
    if (this.is('(')) return this.patternList(this.node('tuple_pattern'));
    if (token.kind !== 'word' || KEYWORDS.has(token.text)) this.fail('pattern');
    const path = this.path();
    if (this.is('::') || this.is('{') || this.is('@') || this.is('!')) this.fail('pattern');
    if (!this.is('(')) return path;
    const tuple = this.node('tuple_struct_pattern');
    tuple.add(path, 'type');
    return this.patternList(tuple);
  }

  /** `(p, q, ...)` into `node`: the parentheses, the patterns and their commas. */
  private patternList(node: LiteNode): LiteNode {
    node.add(this.expect('('));
    while (!this.is(')')) {
      node.add(this.pattern());
      this.separator(node, ')', 'pattern list');
    }
    node.add(this.leaf());
    return node;
  }

  /** `p | q | ...` as tree-sitter nests it (left to right). */
  private orPattern(): LiteNode {
    let pattern = this.pattern();
    while (this.is('|')) {
      const or = this.node('or_pattern');
      or.add(pattern);
      or.add(this.leaf());
      or.add(this.pattern());
      pattern = or;
    }
    return pattern;
  }

  /** The operator at the cursor with its precedence (tree-sitter-rust's order), or null. */
  private binaryOperator(): { text: string; precedence: number; tokens: number } | null {
    const token = this.peek();
    if (token?.kind !== 'punct' || !OPERATOR_STARTS.has(token.text)) return null;
    const next = this.peek(1);
    const joined = next?.kind === 'punct' && next.start === token.end ? token.text + next.text : '';
    if (joined === '==' || joined === '!=' || joined === '<=' || joined === '>=')
      return { text: joined, precedence: 5, tokens: 2 };
    if (joined === '&&') return { text: joined, precedence: 4, tokens: 2 };
    if (joined === '||') return { text: joined, precedence: 3, tokens: 2 };
    // Compound assignments, shifts and bit operators are left to tree-sitter.
    if (/^[-+*/%<>&|^]=$|^<<|^>>/.test(joined) || /^[&|^.]$/.test(token.text)) return null;
    if (token.text === '*' || token.text === '/' || token.text === '%')
      return { text: token.text, precedence: 11, tokens: 1 };
    if (token.text === '+' || token.text === '-') return { text: token.text, precedence: 10, tokens: 1 };
    if (token.text === '<' || token.text === '>') return { text: token.text, precedence: 5, tokens: 1 };
    return null;
  }

  private expression(): LiteNode {
    const left = this.binary(0);
    // `==` is two `=` tokens (an operator of binary); `=>` is one token, never `=`.
    if (!this.is('=') || this.is('=', 1)) return left;
    const assignment = this.node('assignment_expression');
    assignment.add(left, 'left');
    assignment.add(this.leaf());
    assignment.add(this.expression(), 'right');
    return assignment;
  }

  private binary(minimum: number): LiteNode {
    let left = this.unary();
    for (;;) {
      const operator = this.binaryOperator();
      if (!operator || operator.precedence < minimum) return left;
      const binary = this.node('binary_expression');
      binary.add(left, 'left');
      const first = this.peek() as Token;
      this.index += operator.tokens;
      binary.add(
        new LiteNode(this.text, operator.text, first.start, first.start + operator.text.length, false),
        'operator',
      );
      binary.add(this.binary(operator.precedence + 1), 'right');
      left = binary;
    }
  }

  private unary(): LiteNode {
    if (this.is('&')) {
      if (this.is('&', 1)) this.fail('expression');
      const reference = this.node('reference_expression');
      reference.add(this.leaf());
      if (this.is('mut')) reference.add(this.mutable());
      reference.add(this.unary(), 'value');
      return reference;
    }
    if (this.is('!') || this.is('-') || this.is('*')) {
      const unary = this.node('unary_expression');
      unary.add(this.leaf());
      unary.add(this.unary());
      return unary;
    }
    if (this.is('|') || (this.is('move') && this.is('|', 1))) return this.closure();
    if (this.is('return') || this.is('break')) {
      const jump = this.node(`${this.peek()?.text}_expression`);
      jump.add(this.leaf());
      if (!this.is(';') && !this.is('}') && !this.is(',') && !this.is(')')) {
        if (this.peek()?.kind === 'lifetime') this.fail('label');
        jump.add(this.expression());
      }
      return jump;
    }
    if (this.is('continue')) {
      const jump = this.node('continue_expression');
      jump.add(this.leaf());
      return jump;
    }
    return this.postfix(this.startsBlockLike() ? this.blockLike() : this.primary());
  }

  private closure(): LiteNode {
    const closure = this.node('closure_expression');
    if (this.is('move')) closure.add(this.leaf());
    const parameters = closure.add(this.node('closure_parameters'), 'parameters');
    parameters.add(this.expect('|'));
    while (!this.is('|')) {
      parameters.add(this.pattern());
      this.separator(parameters, '|', 'closure parameters');
    }
    parameters.add(this.leaf());
    if (this.is('->')) this.fail('closure return type');
    closure.add(this.expression(), 'body');
    return closure;
  }

  private postfix(start: LiteNode): LiteNode {
    let expression = start;
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
        const field = this.node('field_expression');
        field.add(expression, 'value');
        field.add(this.leaf());
        if (this.peek()?.kind === 'integer' && /^\d+$/.test(this.peek()?.text ?? ''))
          field.add(this.leaf('integer_literal'), 'field');
        else field.add(this.identifier('field_identifier'), 'field');
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

  private startsBlockLike(): boolean {
    return (
      this.is('{') ||
      this.is('if') ||
      this.is('match') ||
      this.is('loop') ||
      (this.is('async') && (this.is('{', 1) || (this.is('move', 1) && this.is('{', 2))))
    );
  }

  private blockLike(): LiteNode {
    if (this.is('{')) return this.block();
    if (this.is('if')) return this.ifExpression();
    if (this.is('loop')) {
      const loop = this.node('loop_expression');
      loop.add(this.leaf());
      loop.add(this.block(), 'body');
      return loop;
    }
    if (this.is('async')) {
      const async = this.node('async_block');
      async.add(this.leaf());
      if (this.is('move')) async.add(this.leaf());
      async.add(this.block());
      return async;
    }
    return this.matchExpression();
  }

  /** An expression where a `{` opens the block after it (if and match heads): no struct literal. */
  private head(): LiteNode {
    return this.withStructs(false, () => this.expression());
  }

  private ifExpression(): LiteNode {
    const node = this.node('if_expression');
    node.add(this.leaf());
    if (this.is('let')) {
      const condition = node.add(this.node('let_condition'), 'condition');
      condition.add(this.leaf());
      condition.add(this.orPattern(), 'pattern');
      condition.add(this.expect('='));
      // Above && and ||: a let chain (`if let a = b && c`) is left to tree-sitter.
      condition.add(
        this.withStructs(false, () => this.binary(5)),
        'value',
      );
      if (!this.is('{')) this.fail('let chain');
    } else node.add(this.head(), 'condition');
    node.add(this.block(), 'consequence');
    if (this.is('else')) {
      const alternative = node.add(this.node('else_clause'), 'alternative');
      alternative.add(this.leaf());
      alternative.add(this.is('if') ? this.ifExpression() : this.block());
    }
    return node;
  }

  private matchExpression(): LiteNode {
    const node = this.node('match_expression');
    node.add(this.leaf());
    node.add(this.head(), 'value');
    node.add(
      this.withStructs(true, () => this.matchBlock()),
      'body',
    );
    return node;
  }

  private matchBlock(): LiteNode {
    const body = this.node('match_block');
    body.add(this.expect('{'));
    while (!this.is('}')) {
      if (this.is('#')) this.fail('attribute on arm');
      const arm = body.add(this.node('match_arm'));
      const pattern = arm.add(this.node('match_pattern'), 'pattern');
      pattern.add(this.orPattern());
      if (this.is('if')) this.fail('guard');
      arm.add(this.expect('=>'));
      const value = arm.add(this.expression(), 'value');
      if (this.is(',')) arm.add(this.leaf());
      else if (!this.is('}') && !BLOCK_LIKE.has(value.type)) this.fail('match arm');
    }
    body.add(this.leaf());
    return body;
  }

  private literal(): LiteNode {
    const token = this.peek() as Token;
    if (token.kind === 'string') return this.leaf('string_literal');
    if (token.kind === 'char') return this.leaf('char_literal');
    return this.leaf('integer_literal');
  }

  private primary(): LiteNode {
    const token = this.peek();
    if (!token) this.fail('expression');
    if (token.kind === 'string' || token.kind === 'integer' || token.kind === 'char') return this.literal();
    if (token.text === 'true' || token.text === 'false') return this.booleanLiteral();
    if (this.is('(')) return this.parenthesized();
    if (token.kind !== 'word' || PRIMITIVE_TYPES.has(token.text)) this.fail('expression');
    if ((token.text === 'crate' || token.text === 'super') && !this.is('::', 1)) this.fail('path');
    if (this.isIdentifier() && this.is('::', 1) && this.is('<', 2)) return this.turbofishPath();
    const path = this.path();
    if (this.is('::')) this.fail('path');
    if (this.is('{') && !this.noStruct) return this.structExpression(path);
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

  /** `()`, `(a)`, `(a,)`, `(a, b)`. */
  private parenthesized(): LiteNode {
    const open = this.leaf();
    if (this.is(')')) {
      const unit = this.node('unit_expression');
      unit.add(open);
      unit.add(this.leaf());
      return unit;
    }
    const node = this.withStructs(true, () => {
      const first = this.expression();
      const inner = this.node(this.is(')') ? 'parenthesized_expression' : 'tuple_expression');
      inner.add(open);
      inner.add(first);
      while (inner.type === 'tuple_expression' && this.is(',')) {
        inner.add(this.leaf());
        if (this.is(')')) break;
        inner.add(this.expression());
      }
      return inner;
    });
    node.add(this.expect(')'));
    return node;
  }

  /** `Name { field: value, shorthand }`: a plain type name only (no path, no `..base`). */
  private structExpression(path: LiteNode): LiteNode {
    if (path.type !== 'identifier') this.fail('struct expression');
    const node = this.node('struct_expression');
    node.add(new LiteNode(this.text, 'type_identifier', path.startIndex, path.endIndex, true), 'name');
    const body = node.add(this.node('field_initializer_list'), 'body');
    body.add(this.leaf());
    while (!this.is('}')) {
      if (!this.isIdentifier()) this.fail('field initializer');
      if (this.is(':', 1)) {
        const field = body.add(this.node('field_initializer'));
        field.add(this.identifier('field_identifier'), 'field');
        field.add(this.leaf());
        field.add(this.expression(), 'value');
      } else {
        const shorthand = body.add(this.node('shorthand_field_initializer'));
        shorthand.add(this.identifier());
      }
      this.separator(body, '}', 'field initializers');
    }
    body.add(this.leaf());
    return node;
  }

  private booleanLiteral(): LiteNode {
    const literal = this.node('boolean_literal');
    literal.add(this.leaf());
    return literal;
  }

  private arguments(): LiteNode {
    const list = this.node('arguments');
    list.add(this.leaf());
    this.withStructs(true, () => {
      while (!this.is(')')) {
        list.add(this.expression());
        this.separator(list, ')', 'arguments');
      }
    });
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
      else if (token.kind === 'lifetime' || token.kind === 'char') this.fail('quote in token tree');
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
