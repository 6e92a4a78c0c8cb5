/**
 * Reads an axum crate (its syntax trees, edit/rust/syntax-tree.ts): every Router chain (`Router::new()` or a call
 * of a crate function returning `Router`, followed by Router methods, continued by
 * `let app = app.layer(..)` statements), the session steps of each chain, and which
 * chain is the app's outermost router (the one no other chain merges, nests or builds on).
 */
import type { ProjectFiles } from '../../detect/project.js';
import { lineColumn } from '../../edit/lines.js';
import type { RustNode } from '../../edit/rust/syntax-node.js';
import type { SessionStep } from '../types.js';
import { rustCode } from '../../edit/rust/code.js';
import { crateSources, type CrateSource } from '../rust-crate/sources.js';
import { ROUTER_NEW, type AxumApp } from './detect.js';

/** Methods of `Router` that return a Router (a chain goes on through them). */
const ROUTER_METHODS = new Set([
  'route',
  'route_service',
  'nest',
  'nest_service',
  'merge',
  'layer',
  'route_layer',
  'fallback',
  'fallback_service',
  'method_not_allowed_fallback',
  'reset_fallback',
  'with_state',
  'without_v07_checks',
]);
const ROUTE_METHODS = new Set([
  'route',
  'route_service',
  'nest',
  'nest_service',
  'merge',
  'fallback',
  'fallback_service',
]);
/** Sub-routers are given to these. */
const COMPOSING = new Set(['merge', 'nest', 'nest_service']);

const SESSION_LAYER = /\bSessionManagerLayer\b|\bsession_layer\b|\bAuthManagerLayerBuilder\b/;
const READER_LAYER = /\b(?:login_required|permission_required|predicate_required)!|\bcsrf|Csrf/;
const FROM_FN = /\bfrom_fn(?:_with_state)?\s*\((?:[^(),]*,)?\s*([A-Za-z_][\w:]*)\s*\)/;
const ROUTER_FN = /\bfn\s+([A-Za-z_]\w*)\s*(?:<[^>{]*>)?\s*\([^)]*\)\s*->\s*(?:axum::)?Router\b/g;
const SQL_STORE = /\b(?:PostgresStore|MySqlStore|SqliteStore)::new\s*\(/g;
const MEMORY_STORE = /\bMemoryStore\s*::\s*(?:default|new)\s*\(/g;
const EXPIRED_DELETION = /\bcontinuously_delete_expired\b|\.delete_expired\s*\(/g;

export interface ChainCall {
  method: string;
  /** The call_expression node. */
  call: RustNode;
  /** Offset of the `.` before the method name. */
  dot: number;
  args: RustNode | null;
}

export interface RouterChain {
  file: string;
  text: string;
  /** The expression the chain starts from (`Router::new()`, `app()`, `app`). */
  root: RustNode;
  calls: ChainCall[];
  /** The statement (or tail expression) holding the chain's first part. */
  statement: RustNode;
  /** Name of the enclosing function. */
  fnName: string | null;
  fnNode: RustNode | null;
  /** `let <binding> = <chain>`. */
  binding: string | null;
  /** Built on a call of a router function of the crate (`routes::app()`). */
  rootFn: string | null;
}

const same = (a: RustNode | null | undefined, b: RustNode | null | undefined) =>
  !!a && !!b && a.startIndex === b.startIndex && a.endIndex === b.endIndex && a.type === b.type;

/** The Router method calls made on `node`, innermost first. */
function ascend(node: RustNode): { top: RustNode; calls: ChainCall[] } {
  const calls: ChainCall[] = [];
  let cur = node;
  for (;;) {
    const field = cur.parent;
    if (field?.type !== 'field_expression' || !same(field.childForFieldName('value'), cur)) break;
    const call = field.parent;
    if (call?.type !== 'call_expression' || !same(call.childForFieldName('function'), field)) break;
    const name = field.childForFieldName('field');
    if (!name || !ROUTER_METHODS.has(name.text)) break;
    const dot = field.children.find((c) => c?.type === '.');
    calls.push({
      method: name.text,
      call,
      dot: dot?.startIndex ?? name.startIndex,
      args: call.childForFieldName('arguments'),
    });
    cur = call;
  }
  return { top: cur, calls };
}

function statementOf(node: RustNode): RustNode {
  let cur = node;
  while (cur.parent && cur.parent.type !== 'block' && cur.parent.type !== 'source_file') cur = cur.parent;
  return cur;
}

function enclosingFunction(node: RustNode): RustNode | null {
  let cur: RustNode | null = node.parent;
  while (cur && cur.type !== 'function_item') cur = cur.parent;
  return cur;
}

function letBinding(top: RustNode): string | null {
  const parent = top.parent;
  if (parent?.type !== 'let_declaration' || !same(parent.childForFieldName('value'), top)) return null;
  const pattern = parent.childForFieldName('pattern');
  const ident = pattern?.type === 'mut_pattern' ? pattern.namedChildren[0] : pattern;
  return ident?.type === 'identifier' ? ident.text : null;
}

/** Names of the crate's functions that return a Router. */
export function routerFunctions(sources: CrateSource[]): Set<string> {
  const names = new Set<string>();
  for (const s of sources) for (const m of rustCode(s.text).matchAll(ROUTER_FN)) names.add(m[1]);
  return names;
}

function lastSegment(path: string): string {
  const parts = path.split('::');
  return parts[parts.length - 1].trim();
}

/** Every Router chain of the crate. */
export function routerChains(sources: CrateSource[]): RouterChain[] {
  const fns = routerFunctions(sources);
  const chains: RouterChain[] = [];
  for (const source of sources) {
    const code = rustCode(source.text);
    const mentionsFn = [...fns].some((f) => new RegExp(`\\b${f}\\s*\\(`).test(code));
    if (!ROUTER_NEW.test(code) && !mentionsFn) continue;
    for (const call of source.tree.descendantsOfType('call_expression')) {
      if (!call) continue;
      const fn = call.childForFieldName('function');
      if (!fn) continue;
      const isNew = /^Router\s*(?:::\s*<[^>]*>\s*)?::\s*new$/.test(fn.text);
      const rootFn =
        !isNew && (fn.type === 'identifier' || fn.type === 'scoped_identifier') ? lastSegment(fn.text) : null;
      if (!isNew && !(rootFn && fns.has(rootFn))) continue;
      const { top, calls } = ascend(call);
      if (!isNew && calls.length === 0) continue;
      const fnNode = enclosingFunction(call);
      const chain: RouterChain = {
        file: source.file,
        text: source.text,
        root: call,
        calls,
        statement: statementOf(top),
        fnName: fnNode?.childForFieldName('name')?.text ?? null,
        fnNode,
        binding: letBinding(top),
        rootFn: isNew ? null : rootFn,
      };
      continueChain(chain);
      chains.push(chain);
    }
  }
  return chains;
}

/** `let app = app.layer(..);` / `app = app.route(..);` after the chain's statement, in the same block. */
function continueChain(chain: RouterChain): void {
  let name = chain.binding;
  let stmt: RustNode | null = chain.statement;
  while (name && stmt) {
    let next: RustNode | null = null;
    const block: RustNode | null = stmt.parent;
    if (!block) return;
    const current: RustNode = stmt;
    const siblings: RustNode[] = block.namedChildren.filter((n): n is RustNode => n !== null);
    const index = siblings.findIndex((n) => same(n, current));
    for (const candidate of siblings.slice(index + 1) as RustNode[]) {
      const ident = candidate
        .descendantsOfType('identifier')
        .find(
          (id: RustNode | null) =>
            id?.text === name &&
            id.parent?.type === 'field_expression' &&
            same(id.parent.childForFieldName('value'), id),
        );
      if (!ident) continue;
      const { top, calls } = ascend(ident);
      if (calls.length === 0) continue;
      chain.calls.push(...calls);
      const rebound = letBinding(top);
      const assigned = top.parent?.type === 'assignment_expression' ? top.parent.childForFieldName('left')?.text : null;
      next = candidate;
      name = rebound ?? assigned ?? null;
      break;
    }
    stmt = next;
  }
}

/** The chains no other chain builds on: the app's outermost routers. */
export function outermostChains(chains: RouterChain[]): RouterChain[] {
  const composed: string[] = [];
  for (const c of chains)
    for (const call of c.calls) if (COMPOSING.has(call.method) && call.args) composed.push(call.args.text);
  const rootFns = new Set(chains.map((c) => c.rootFn).filter((f): f is string => f !== null));
  return chains.filter((c) => {
    // Nested inside another chain's arguments.
    if (
      chains.some(
        (o) =>
          o !== c &&
          o.file === c.file &&
          o.calls.some((k) => k.args && k.args.startIndex <= c.root.startIndex && c.root.endIndex <= k.args.endIndex),
      )
    )
      return false;
    const returned = c.fnName !== null && (isTail(c) || c.binding !== null);
    if (returned && c.fnName !== null) {
      const call = new RegExp(`\\b${c.fnName}\\s*\\(`);
      if (rootFns.has(c.fnName) || composed.some((t) => call.test(t))) return false;
    }
    if (c.binding && composed.some((t) => new RegExp(`\\b${c.binding}\\b`).test(t))) return false;
    return true;
  });
}

function isTail(chain: RouterChain): boolean {
  const s = chain.statement;
  return s.parent?.type === 'block' && s.type !== 'let_declaration' && s.type !== 'expression_statement';
}

function lineAt(text: string, offset: number) {
  return lineColumn(text, offset);
}

/** What a layer argument is: the session, something that reads it, or neither. */
function classifyLayer(
  argText: string,
  chain: RouterChain,
  readers: Set<string>,
): 'session-layer' | 'session-reader' | null {
  let text = argText;
  const ident = /^\(\s*([A-Za-z_]\w*)\s*\)$/.exec(argText.trim());
  if (ident && chain.fnNode) {
    // A layer kept in a local: classify what it was built from.
    const bound = new RegExp(`\\blet\\s+(?:mut\\s+)?${ident[1]}\\b[^=]*=([^;]*);`).exec(rustCode(chain.fnNode.text));
    if (bound) text = `${argText} ${bound[1]}`;
  }
  if (SESSION_LAYER.test(text)) return 'session-layer';
  if (READER_LAYER.test(text)) return 'session-reader';
  const fn = FROM_FN.exec(text);
  if (fn && readers.has(lastSegment(fn[1]))) return 'session-reader';
  return null;
}

/** Functions of the crate that take the session (`Session`, axum-login's `AuthSession`): middleware that reads it. */
export function sessionReaders(sources: CrateSource[]): Set<string> {
  const names = new Set<string>();
  const head = /\bfn\s+([A-Za-z_]\w*)\s*(?:<[^>{]*>)?\s*\(/g;
  for (const s of sources) {
    const code = rustCode(s.text);
    for (const m of code.matchAll(head)) {
      let depth = 1;
      let i = (m.index ?? 0) + m[0].length;
      const start = i;
      for (; i < code.length && depth > 0; i++) {
        if (code[i] === '(') depth++;
        else if (code[i] === ')') depth--;
      }
      if (/\b(?:Session|AuthSession)\b/.test(code.slice(start, i))) names.add(m[1]);
    }
  }
  return names;
}

function step(kind: string, chain: RouterChain, at: number, callStart: number): SessionStep {
  const { line, column } = lineAt(chain.text, at);
  const text = chain.text
    .slice(at, chain.text.indexOf('\n', at) === -1 ? undefined : chain.text.indexOf('\n', at))
    .trim();
  return {
    kind,
    file: chain.file,
    line,
    column,
    start: chain.statement.startIndex,
    end: chain.statement.endIndex,
    text: text.slice(0, 80),
    callStart,
  };
}

/** The steps of one chain, in the order their calls take effect. */
export function chainSteps(chain: RouterChain, readers: Set<string>): SessionStep[] {
  const steps: SessionStep[] = [];
  for (const call of chain.calls) {
    if (ROUTE_METHODS.has(call.method)) steps.push(step('route', chain, call.dot, call.dot));
    if ((call.method === 'layer' || call.method === 'route_layer') && call.args) {
      const inner = serviceBuilderLayers(call.args);
      if (inner) {
        // ServiceBuilder: the first .layer() is the outermost, so offsets are mirrored.
        inner.forEach((layer, i) => {
          const kind = classifyLayer(layer.args, chain, readers);
          if (kind) steps.push(step(kind, chain, layer.dot, inner[inner.length - 1 - i].dot));
        });
        continue;
      }
      const kind = classifyLayer(call.args.text, chain, readers);
      if (kind) steps.push(step(kind, chain, call.dot, call.dot));
    }
  }
  return steps;
}

function serviceBuilderLayers(args: RustNode): { args: string; dot: number }[] | null {
  const expr = args.namedChildren.find((n) => n !== null && n.type !== 'line_comment' && n.type !== 'block_comment');
  if (!expr || !/^(?:[\w:]*::)?ServiceBuilder\s*::\s*new\s*\(/.test(expr.text)) return null;
  const out: { args: string; dot: number }[] = [];
  let cur: RustNode | null = expr;
  while (cur?.type === 'call_expression') {
    const field = cur.childForFieldName('function');
    if (field?.type !== 'field_expression') break;
    const name = field.childForFieldName('field')?.text;
    const a = cur.childForFieldName('arguments');
    if (name === 'layer' && a) {
      const dot = field.children.find((c) => c?.type === '.');
      out.unshift({ args: a.text, dot: dot?.startIndex ?? field.startIndex });
    }
    cur = field.childForFieldName('value');
  }
  return out;
}

/** Store and deletion-task steps, anywhere in the crate. */
export function storeSteps(sources: CrateSource[]): SessionStep[] {
  const steps: SessionStep[] = [];
  for (const s of sources) {
    const code = rustCode(s.text);
    for (const [kind, pattern] of [
      ['sql-store', SQL_STORE],
      ['expired-deletion', EXPIRED_DELETION],
      ['memory-store', MEMORY_STORE],
    ] as const) {
      for (const m of code.matchAll(pattern)) {
        const at = m.index ?? 0;
        const { line, column } = lineAt(s.text, at);
        steps.push({ kind, file: s.file, line, column, start: at, end: at + m[0].length, text: m[0] });
      }
    }
  }
  return steps;
}

/** Every session step of the crate: the chains that hold a session layer, and the stores. */
export async function recogniseAxum(files: ProjectFiles, app: AxumApp): Promise<SessionStep[]> {
  const sources = await crateSources(files, app);
  const readers = sessionReaders(sources);
  const steps: SessionStep[] = [];
  for (const chain of routerChains(sources)) {
    const own = chainSteps(chain, readers);
    if (own.some((s) => s.kind === 'session-layer')) steps.push(...own);
  }
  return [...steps, ...storeSteps(sources)];
}
