/**
 * blueprint.rs: a syntax tree locates the blueprint function, its statements, `use`
 * declarations and `from![...]` lists; edits are text insertions at those
 * positions, in the file's own indentation and line endings. The tree is
 * tree-sitter's, or the quick parser's (edit/rust/subset/) when `check` passes one in:
 * both have the same shape.
 */
import { UserError } from '../../core/errors.js';
import { insertAt, type Splice } from '../../edit/splice.js';
import type { SessionStep } from '../types.js';
import { rustSyntaxTree } from '../../edit/rust/syntax-tree.js';
import type { RustNode as Node } from '../../edit/rust/syntax-node.js';

/** Methods of Blueprint that register routes (directly or through a nested blueprint). */
const ROUTE_METHODS = new Set(['routes', 'route', 'nest', 'nest_at']);

export interface FromList {
  /** The `from![...]` token tree. */
  node: Node;
  /** Entries as text without whitespace, e.g. `crate`, `pavex_session_sqlx::postgres`. */
  entries: { text: string; start: number; end: number; commaEnd: number | null }[];
}

export interface BpStatement {
  node: Node;
  kind: 'finalize-session' | 'inject-response-cookies' | 'route' | 'import' | 'post-process' | 'legacy-kit' | 'other';
  from?: FromList;
}

export interface UseDecl {
  node: Node;
  text: string;
}

export interface BlueprintAnalysis {
  file: string;
  text: string;
  eol: string;
  /** Name of the Blueprint variable (`bp`). */
  bp: string;
  block: Node;
  statements: BpStatement[];
  /** The block's tail expression (`bp`), if any. */
  tail: Node | null;
  uses: UseDecl[];
  imports: FromList[];
}

export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

function children(node: Node): Node[] {
  return node.children.filter((c): c is Node => c !== null);
}

function namedChildren(node: Node): Node[] {
  return node.namedChildren.filter((c): c is Node => c !== null);
}

function firstError(node: Node): Node | null {
  if (node.isError || node.isMissing) return node;
  for (const child of children(node)) {
    if (child.hasError || child.isMissing || child.isError) {
      const found = firstError(child);
      if (found) return found;
    }
  }
  return null;
}

/**
 * `node` and its descendants of the given types, in document order. One call into
 * tree-sitter: walking the tree from JavaScript costs a wasm call per child list.
 */
function nodesOfType(node: Node, types: string | string[]): Node[] {
  return node.descendantsOfType(types).filter((c): c is Node => c !== null);
}

/** Methods called along a chain `bp.a(..).b(..)` and the chain's root identifier. */
function callChain(expr: Node): { root: string | null; calls: { method: string; args: Node | null }[] } {
  const calls: { method: string; args: Node | null }[] = [];
  let current: Node | null = expr;
  while (current) {
    if (current.type === 'call_expression') {
      const fn = current.childForFieldName('function');
      const args = current.childForFieldName('arguments');
      if (fn?.type === 'field_expression') {
        calls.unshift({ method: fn.childForFieldName('field')?.text ?? '', args });
        current = fn.childForFieldName('value');
        continue;
      }
      calls.unshift({ method: fn?.text ?? '', args });
      return { root: null, calls };
    }
    if (current.type === 'identifier') return { root: current.text, calls };
    return { root: null, calls };
  }
  return { root: null, calls };
}

function fromList(node: Node | null): FromList | null {
  if (!node) return null;
  const macro = nodesOfType(node, 'macro_invocation').find(
    (n) => n.childForFieldName('macro')?.text.replace(/^.*::/, '') === 'from',
  );
  if (!macro) return null;
  const tree = children(macro).find((c) => c.type === 'token_tree');
  if (!tree) return null;
  const tokens = children(tree)
    .slice(1, -1)
    .filter((t) => !/comment/.test(t.type));
  const entries: FromList['entries'] = [];
  let current: Node[] = [];
  const flush = (comma: Node | null) => {
    if (current.length === 0) return;
    entries.push({
      text: current.map((t) => t.text).join(''),
      start: current[0].startIndex,
      end: current[current.length - 1].endIndex,
      commaEnd: comma ? comma.endIndex : null,
    });
    current = [];
  };
  for (const token of tokens) {
    if (token.type === ',') flush(token);
    else current.push(token);
  }
  flush(null);
  return { node: tree, entries };
}

function isPostProcess(calls: { method: string; args: Node | null }[], constant: string): boolean {
  return calls.some(
    (c) =>
      c.method === 'post_process' &&
      (c.args?.text.replace(/\s+/g, '') ?? '')
        .replace(/^\(|\)$/g, '')
        .split('::')
        .pop() === constant,
  );
}

function classify(statement: Node, bp: string, localRouteFns: Set<string>): BpStatement {
  const expr = namedChildren(statement)[0];
  if (!expr) return { node: statement, kind: 'other' };
  const text = statement.text;
  if (/\b\w+Kit::new\s*\(/.test(text) || /\bf!\s*\(/.test(text)) return { node: statement, kind: 'legacy-kit' };
  const { root, calls } = callChain(expr);
  if (root === bp) {
    if (isPostProcess(calls, 'FINALIZE_SESSION')) return { node: statement, kind: 'finalize-session' };
    if (isPostProcess(calls, 'INJECT_RESPONSE_COOKIES')) return { node: statement, kind: 'inject-response-cookies' };
    if (calls.some((c) => ROUTE_METHODS.has(c.method))) return { node: statement, kind: 'route' };
    if (calls.length === 1 && calls[0].method === 'import') {
      const from = fromList(calls[0].args);
      if (from) return { node: statement, kind: 'import', from };
    }
    if (calls.some((c) => c.method === 'post_process')) return { node: statement, kind: 'post-process' };
    return { node: statement, kind: 'other' };
  }
  // `register_routes(&mut bp)` where that function, in this file, registers routes.
  if (root === null && calls.length === 1) {
    const name = calls[0].method.split('::').pop() ?? '';
    const passesBp = (calls[0].args?.text.replace(/\s+/g, '') ?? '').includes(`&mut${bp}`);
    if (passesBp && localRouteFns.has(name)) return { node: statement, kind: 'route' };
  }
  return { node: statement, kind: 'other' };
}

/** Functions of this file (other than the blueprint's) that register routes on a Blueprint. */
function routeRegisteringFunctions(root: Node, except: Node): Set<string> {
  const names = new Set<string>();
  for (const n of nodesOfType(root, 'function_item')) {
    if (n.startIndex === except.startIndex) continue;
    const registers = nodesOfType(n, 'field_identifier').some(
      (m) => ROUTE_METHODS.has(m.text) && m.parent?.parent?.type === 'call_expression',
    );
    const name = n.childForFieldName('name')?.text;
    if (registers && name) names.add(name);
  }
  return names;
}

export function parseFailure(file: string, text: string, node: Node, manual: string): UserError {
  const { line, column } = lineColumn(text, node.startIndex);
  return new UserError(
    `${file} does not parse as Rust (${node.isMissing ? `missing \`${node.type}\`` : 'syntax error'}), so session-kit will not edit it.`,
    {
      where: { file, line, column },
      hint: 'Fix the syntax error (cargo check shows it) and run session-kit again, or add the lines below by hand.',
      manual,
      code: 'parse-error',
    },
  );
}

/**
 * Finds the blueprint function of blueprint.rs, in `parsed` when given (the quick
 * parser's tree of `text`), else in tree-sitter's. Throws UserError when it cannot.
 */
export async function analyseBlueprint(
  file: string,
  text: string,
  manual: string,
  parsed?: Node,
): Promise<BlueprintAnalysis> {
  const root = parsed ?? (await rustSyntaxTree(text));
  if (root.hasError) {
    const error = firstError(root) ?? root;
    throw parseFailure(file, text, error, manual);
  }
  // The `let mut bp = Blueprint::new();` of `fn blueprint()` (nested blueprints are built the same way).
  const lets = nodesOfType(root, 'let_declaration').filter((n) => {
    const value = n.childForFieldName('value');
    return (
      value?.type === 'call_expression' && /(^|::)Blueprint::new$/.test(value.childForFieldName('function')?.text ?? '')
    );
  });
  const enclosingFn = (n: Node): Node | null => {
    let p: Node | null = n.parent;
    while (p && p.type !== 'function_item') p = p.parent;
    return p;
  };
  const letNode: Node | null =
    lets.find((n) => enclosingFn(n)?.childForFieldName('name')?.text === 'blueprint') ?? lets[0] ?? null;
  if (!letNode) {
    throw new UserError(`No \`let mut bp = Blueprint::new();\` found in ${file}.`, {
      where: { file },
      hint: 'session-kit edits the function that builds your Blueprint; add the lines below to it by hand.',
      manual,
      code: 'no-blueprint',
    });
  }
  const found = letNode as Node;
  const bp = found.childForFieldName('pattern')?.text ?? 'bp';
  const block = found.parent as Node;
  let fnNode: Node | null = block;
  while (fnNode && fnNode.type !== 'function_item') fnNode = fnNode.parent;
  const routeFns = routeRegisteringFunctions(root, fnNode ?? block);
  const statements: BpStatement[] = [];
  let tail: Node | null = null;
  const named = namedChildren(block);
  for (const child of named) {
    if (child.startIndex < found.endIndex) continue;
    if (child.type === 'expression_statement') statements.push(classify(child, bp, routeFns));
    else if (child === named[named.length - 1] && !/comment|declaration/.test(child.type)) tail = child;
  }
  const uses = namedChildren(root)
    .filter((n) => n.type === 'use_declaration')
    .map((node) => ({ node, text: node.text }));
  const imports = statements.filter((s) => s.kind === 'import' && s.from).map((s) => s.from as FromList);
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  return { file, text, eol, bp, block, statements, tail, uses, imports };
}

export function stepsOf(a: BlueprintAnalysis): SessionStep[] {
  const steps: SessionStep[] = [];
  const push = (kind: string, node: Node) => {
    const { line, column } = lineColumn(a.text, node.startIndex);
    const text = node.text.replace(/\s+/g, ' ');
    steps.push({
      kind,
      file: a.file,
      line,
      column,
      start: node.startIndex,
      end: node.endIndex,
      text: text.length > 80 ? `${text.slice(0, 77)}...` : text,
    });
  };
  for (const s of a.statements) {
    if (s.kind === 'import') {
      push('import', s.node);
      const entries = s.from?.entries.map((e) => e.text) ?? [];
      if (entries.includes('*') || entries.includes('pavex_session')) push('session-import', s.node);
      if (entries.some((e) => /^pavex_session_/.test(e) || e === '*')) push('store-import', s.node);
    } else if (s.kind !== 'other' && s.kind !== 'post-process') push(s.kind, s.node);
  }
  return steps;
}

// ---------------------------------------------------------------- edits

/** Start of the line holding `offset`, and the whitespace before `offset` on it (null if code precedes it). */
function lineStartAndIndent(text: string, offset: number): { lineStart: number; indent: string | null } {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const lead = text.slice(lineStart, offset);
  return { lineStart, indent: /^[ \t]*$/.test(lead) ? lead : null };
}

/** Where to insert lines "before" a statement: above comment lines that sit directly on top of it. */
export function insertBefore(a: BlueprintAnalysis, node: Node, lines: string[]): Splice {
  let anchor: Node = node;
  for (let prev = node.previousSibling; prev && /comment/.test(prev.type); prev = prev.previousSibling) {
    const between = a.text.slice(prev.endIndex, anchor.startIndex);
    if ((between.match(/\n/g) ?? []).length > 1) break;
    if (lineStartAndIndent(a.text, prev.startIndex).indent === null) break;
    anchor = prev;
  }
  const { lineStart, indent } = lineStartAndIndent(a.text, anchor.startIndex);
  if (indent === null) return insertAt(anchor.startIndex, lines.map((l) => `${l} `).join(''));
  return insertAt(lineStart, lines.map((l) => `${indent}${l}${a.eol}`).join(''));
}

export function insertAfter(a: BlueprintAnalysis, node: Node, lines: string[]): Splice {
  const { indent } = lineStartAndIndent(a.text, node.startIndex);
  const pad = indent ?? '    ';
  return insertAt(node.endIndex, lines.map((l) => `${a.eol}${pad}${l}`).join(''));
}

/** Appends items to a comma-separated list (from![...] entries or a use list), in its layout. */
function appendToList(
  text: string,
  eol: string,
  open: number,
  items: { start: number; end: number; commaEnd: number | null }[],
  additions: string[],
): Splice {
  if (additions.length === 0) return insertAt(open, '');
  if (items.length === 0) return insertAt(open, additions.join(', '));
  const last = items[items.length - 1];
  const listText = text.slice(open, last.commaEnd ?? last.end);
  const multiline = listText.includes('\n');
  if (multiline) {
    const { indent } = lineStartAndIndent(text, last.start);
    const pad = indent ?? '';
    if (last.commaEnd !== null) return insertAt(last.commaEnd, additions.map((a) => `${eol}${pad}${a},`).join(''));
    return insertAt(last.end, additions.map((a) => `,${eol}${pad}${a}`).join(''));
  }
  if (last.commaEnd !== null) return insertAt(last.commaEnd, additions.map((a) => ` ${a},`).join(''));
  return insertAt(last.end, additions.map((a) => `, ${a}`).join(''));
}

export function addFromEntries(a: BlueprintAnalysis, list: FromList, additions: string[]): Splice {
  const open = (list.node.child(0) as Node).endIndex;
  return appendToList(a.text, a.eol, open, list.entries, additions);
}

/** Identifiers that a use declaration brings into scope (last segments, aliases). */
function importedNames(use: Node): Set<string> {
  const names = new Set<string>();
  for (const n of nodesOfType(use, ['use_as_clause', 'identifier'])) {
    if (n.type === 'use_as_clause') names.add(n.childForFieldName('alias')?.text ?? '');
    else if (n.type === 'identifier' && n.parent?.type !== 'use_as_clause') {
      const parent = n.parent;
      const isLast =
        parent?.type !== 'scoped_identifier' || parent.childForFieldName('name')?.startIndex === n.startIndex;
      if (isLast) names.add(n.text);
    }
  }
  return names;
}

export function isImported(a: BlueprintAnalysis, name: string): boolean {
  return a.uses.some((u) => importedNames(u.node).has(name));
}

/**
 * Brings `crateName::subpath::name` into scope: merged into an existing
 * `use crateName::{...}` (or `use crateName::subpath::{...}`) group, else a new
 * `use` line after the last one. Returns null when the name is already in scope.
 */
export function ensureUse(a: BlueprintAnalysis, crateName: string, subpath: string, name: string): Splice | null {
  if (isImported(a, name)) return null;
  const full = [crateName, subpath, name].filter(Boolean).join('::');
  const groupFor = (prefix: string) =>
    a.uses.find((u) => {
      const arg = namedChildren(u.node).find((c) => c.type === 'scoped_use_list');
      return arg && arg.childForFieldName('path')?.text.replace(/\s+/g, '') === prefix;
    });
  const tryGroup = (prefix: string, item: string): Splice | null => {
    const use = groupFor(prefix);
    if (!use) return null;
    const list = namedChildren(use.node)
      .find((c) => c.type === 'scoped_use_list')
      ?.childForFieldName('list');
    if (!list) return null;
    const items: { start: number; end: number; commaEnd: number | null }[] = [];
    const kids = children(list);
    for (let i = 1; i < kids.length - 1; i++) {
      const k = kids[i];
      if (k.type === ',' || /comment/.test(k.type)) continue;
      const next = kids[i + 1];
      items.push({ start: k.startIndex, end: k.endIndex, commaEnd: next?.type === ',' ? next.endIndex : null });
    }
    return appendToList(a.text, a.eol, kids[0].endIndex, items, [item]);
  };
  if (subpath) {
    const inSub = tryGroup(`${crateName}::${subpath}`, name);
    if (inSub) return inSub;
  }
  const inCrate = tryGroup(crateName, subpath ? `${subpath}::${name}` : name);
  if (inCrate) return inCrate;
  // A new line goes after the last `use` of a pavex crate, else after the last `use`.
  const pavexUses = a.uses.filter((u) => /^(pub\s+)?use\s+(::)?pavex/.test(u.text));
  const lastUse = pavexUses[pavexUses.length - 1] ?? a.uses[a.uses.length - 1];
  if (lastUse) return insertAt(lastUse.node.endIndex, `${a.eol}use ${full};`);
  return insertAt(0, `use ${full};${a.eol}`);
}
