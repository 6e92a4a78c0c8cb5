/**
 * Reads an actix-web crate (its syntax trees, edit/rust/syntax-tree.ts): the `HttpServer::new(<closure>)` call, the
 * App the closure returns (an `App::new()` chain, or a call of a crate function that
 * builds one, continued by the calls made on its result), and the session steps of
 * each App chain in the order its `.wrap()` calls take effect.
 */
import type { ProjectFiles } from '../../detect/project.js';
import { lineColumn } from '../../edit/lines.js';
import type { RustNode } from '../../edit/rust/syntax-node.js';
import type { SessionStep } from '../types.js';
import { rustCode } from '../../edit/rust/code.js';
import { crateSources, type CrateSource } from '../rust-crate/sources.js';
import type { ActixApp } from './detect.js';

/** Methods of `App` (and `Scope`/`Resource`) that return the same builder: a chain goes on through them. */
const BUILDER_METHODS = new Set([
  'wrap',
  'wrap_fn',
  'service',
  'services',
  'route',
  'configure',
  'app_data',
  'data',
  'data_factory',
  'default_service',
  'external_resource',
  'guard',
  'to',
]);

const SESSION_MIDDLEWARE = /\bSessionMiddleware\s*::\s*(?:new|builder)\b|\bsession\s*::\s*middleware\s*\(/;
const READER_MIDDLEWARE = /\bIdentityMiddleware\b|\bget_session\s*\(|\bSessionExt\b/;
const FROM_FN = /\bfrom_fn\s*\(\s*([A-Za-z_][\w:]*)\s*\)/;
const APP_NEW = /^(?:[\w:]*::)?App\s*::\s*new$/;
/** Types whose extraction reads the session. */
const SESSION_PARAM = /\b(?:Session|Identity)\b/;
const SQL_STORE_IMPL = /\bimpl\s+(?:[\w:]*::)?SessionStore\s+for\s+\w+/g;
const SQL_POOL = /\b(?:PgPool|MySqlPool|SqlitePool|sqlx::(?:Pool|postgres|mysql|sqlite))\b/;
const EXPIRED_DELETION = /\bDELETE\s+FROM\b[^;]*\bexpir/gi;

export interface ChainCall {
  method: string;
  call: RustNode;
  /** Offset of the `.` before the method name. */
  dot: number;
  args: RustNode | null;
}

export interface ServerSite {
  source: CrateSource;
  /** The `HttpServer::new(..)` call. */
  call: RustNode;
  /** Its argument, when it is a closure. */
  closure: RustNode | null;
  /** The expression the closure returns (the App). */
  returned: RustNode | null;
  /** The function holding the call, and the statement of its block that holds it. */
  fnNode: RustNode | null;
  statement: RustNode;
}

export interface AppChain {
  source: CrateSource;
  /** `App::new()`, or the call of a crate function returning an App. */
  base: RustNode;
  calls: ChainCall[];
  /** The whole chain expression. */
  top: RustNode;
  /** The crate function the chain starts from (`app(..)`), when it does not start at App::new(). */
  baseFn: string | null;
}

const same = (a: RustNode | null | undefined, b: RustNode | null | undefined) =>
  !!a && !!b && a.startIndex === b.startIndex && a.endIndex === b.endIndex && a.type === b.type;

function lastSegment(path: string): string {
  const parts = path.split('::');
  return parts[parts.length - 1].trim();
}

function dotOf(field: RustNode): number {
  return field.children.find((c) => c?.type === '.')?.startIndex ?? field.startIndex;
}

/** The builder calls made on `node`, innermost first, and the outermost expression they form. */
function ascend(node: RustNode): { top: RustNode; calls: ChainCall[] } {
  const calls: ChainCall[] = [];
  let cur = node;
  for (;;) {
    const field = cur.parent;
    if (field?.type !== 'field_expression' || !same(field.childForFieldName('value'), cur)) break;
    const call = field.parent;
    if (call?.type !== 'call_expression' || !same(call.childForFieldName('function'), field)) break;
    const name = field.childForFieldName('field');
    if (!name || !BUILDER_METHODS.has(name.text)) break;
    calls.push({ method: name.text, call, dot: dotOf(field), args: call.childForFieldName('arguments') });
    cur = call;
  }
  return { top: cur, calls };
}

/** The chain `expr` is: its base expression and the builder calls on it, innermost first. */
export function descend(expr: RustNode): { base: RustNode; calls: ChainCall[] } {
  const calls: ChainCall[] = [];
  let cur = expr;
  while (cur.type === 'call_expression') {
    const fn = cur.childForFieldName('function');
    if (fn?.type !== 'field_expression') break;
    const name = fn.childForFieldName('field');
    const value = fn.childForFieldName('value');
    if (!name || !value || !BUILDER_METHODS.has(name.text)) break;
    calls.unshift({ method: name.text, call: cur, dot: dotOf(fn), args: cur.childForFieldName('arguments') });
    cur = value;
  }
  return { base: cur, calls };
}

export function statementOf(node: RustNode): RustNode {
  let cur = node;
  while (cur.parent && cur.parent.type !== 'block' && cur.parent.type !== 'source_file') cur = cur.parent;
  return cur;
}

export function enclosingFunction(node: RustNode): RustNode | null {
  let cur: RustNode | null = node.parent;
  while (cur && cur.type !== 'function_item') cur = cur.parent;
  return cur;
}

const isComment = (n: RustNode) => n.type === 'line_comment' || n.type === 'block_comment';

/** The expression a block (or a closure's expression body) evaluates to. */
export function tailExpression(body: RustNode | null): RustNode | null {
  if (!body) return null;
  if (body.type !== 'block') return body;
  const items = body.namedChildren.filter((n): n is RustNode => n !== null && !isComment(n));
  const last = items[items.length - 1];
  // A tail expression is a bare child of the block; `expr;` is an expression_statement.
  if (!last || /_statement$|_declaration$|_item$/.test(last.type)) return null;
  return last;
}

/** Every `HttpServer::new(..)` call of the crate. */
export function serverSites(sources: CrateSource[]): ServerSite[] {
  const sites: ServerSite[] = [];
  for (const source of sources) {
    if (!/\bHttpServer\b/.test(source.text)) continue;
    for (const call of source.tree.descendantsOfType('call_expression')) {
      if (!call) continue;
      const fn = call.childForFieldName('function');
      if (!fn || !/^(?:[\w:]*::)?HttpServer\s*(?:::\s*<[^>]*>\s*)?::\s*new$/.test(fn.text)) continue;
      const args = call.childForFieldName('arguments');
      const first = args?.namedChildren.find((n): n is RustNode => n !== null && !isComment(n)) ?? null;
      const closure = first?.type === 'closure_expression' ? first : null;
      sites.push({
        source,
        call,
        closure,
        returned: closure ? tailExpression(closure.childForFieldName('body')) : null,
        fnNode: enclosingFunction(call),
        statement: statementOf(call),
      });
    }
  }
  return sites;
}

/** The crate's functions by name (the first of each name). */
function functionsByName(sources: CrateSource[]): Map<string, { source: CrateSource; node: RustNode }> {
  const out = new Map<string, { source: CrateSource; node: RustNode }>();
  for (const source of sources)
    for (const node of source.tree.descendantsOfType('function_item')) {
      const name = node?.childForFieldName('name')?.text;
      if (node && name && !out.has(name)) out.set(name, { source, node });
    }
  return out;
}

/** The App chain a server's closure returns; for `app(..).wrap(..)`, the call-site part. */
export function returnedChain(site: ServerSite): AppChain | null {
  if (!site.returned) return null;
  const { base, calls } = descend(site.returned);
  const fn = base.type === 'call_expression' ? base.childForFieldName('function') : null;
  const isNew = !!fn && APP_NEW.test(fn.text);
  const baseFn =
    !isNew && fn && (fn.type === 'identifier' || fn.type === 'scoped_identifier') ? lastSegment(fn.text) : null;
  return { source: site.source, base, calls, top: site.returned, baseFn };
}

/** Every `App::new()` chain of the crate. */
export function appChains(sources: CrateSource[]): AppChain[] {
  const chains: AppChain[] = [];
  for (const source of sources) {
    if (!/\bApp\s*::\s*new\b/.test(source.text)) continue;
    for (const call of source.tree.descendantsOfType('call_expression')) {
      const fn = call?.childForFieldName('function');
      if (!call || !fn || !APP_NEW.test(fn.text)) continue;
      const { top, calls } = ascend(call);
      chains.push({ source, base: call, calls, top, baseFn: null });
    }
  }
  return chains;
}

/** Functions of the crate that take the session (`Session`, actix-identity's `Identity`): they read it. */
export function sessionReaders(sources: CrateSource[]): Set<string> {
  const names = new Set<string>();
  for (const s of sources)
    for (const node of s.tree.descendantsOfType('function_item')) {
      const params = node?.childForFieldName('parameters');
      const name = node?.childForFieldName('name')?.text;
      if (name && params && SESSION_PARAM.test(rustCode(params.text))) names.add(name);
    }
  return names;
}

/** What a `.wrap()`/`.wrap_fn()` argument is: the session, something that reads it, or neither. */
export function classifyWrap(argText: string, readers: Set<string>): 'session-middleware' | 'session-reader' | null {
  const code = rustCode(argText);
  if (SESSION_MIDDLEWARE.test(code)) return 'session-middleware';
  if (READER_MIDDLEWARE.test(code)) return 'session-reader';
  const fn = FROM_FN.exec(code);
  if (fn && readers.has(lastSegment(fn[1]))) return 'session-reader';
  return null;
}

function step(kind: string, source: CrateSource, at: number, callStart: number, statement: RustNode): SessionStep {
  const { line, column } = lineColumn(source.text, at);
  const end = source.text.indexOf('\n', at);
  return {
    kind,
    file: source.file,
    line,
    column,
    start: statement.startIndex,
    end: statement.endIndex,
    text: source.text
      .slice(at, end === -1 ? undefined : end)
      .trim()
      .slice(0, 80),
    callStart,
  };
}

/** The wrap steps of one chain, in the order they take effect (the last is the outermost). */
export function chainSteps(chain: AppChain, readers: Set<string>, position?: (i: number) => number): SessionStep[] {
  const steps: SessionStep[] = [];
  const statement = statementOf(chain.top);
  chain.calls.forEach((call, i) => {
    if ((call.method !== 'wrap' && call.method !== 'wrap_fn') || !call.args) return;
    const kind = classifyWrap(call.args.text, readers);
    if (kind) steps.push(step(kind, chain.source, call.dot, position ? position(i) : call.dot, statement));
  });
  return steps;
}

/**
 * The steps of the App each server runs: for `app(..).wrap(..)` in the closure, the
 * wraps of `app`'s own App chain come first (placed at the call, so that offsets in one
 * file compare as the chain runs), then those made at the call site.
 */
export function serverSteps(sources: CrateSource[], readers: Set<string>): SessionStep[] {
  const steps: SessionStep[] = [];
  const fns = functionsByName(sources);
  const inner = new Set<AppChain>();
  const chains = appChains(sources);
  for (const site of serverSites(sources)) {
    const outer = returnedChain(site);
    if (!outer?.baseFn) continue;
    const target = fns.get(outer.baseFn);
    const chain = target
      ? chains.find(
          (c) =>
            c.source.file === target.source.file &&
            target.node.startIndex <= c.base.startIndex &&
            c.base.endIndex <= target.node.endIndex,
        )
      : undefined;
    const own = chainSteps(outer, readers);
    if (!chain) {
      steps.push(...own);
      continue;
    }
    inner.add(chain);
    const sameFile = chain.source.file === outer.source.file;
    const at = outer.base.startIndex;
    const combined = [...chainSteps(chain, readers, sameFile ? (i) => at + (i + 1) / 1000 : undefined), ...own];
    if (combined.some((s) => s.kind === 'session-middleware')) steps.push(...combined);
  }
  for (const chain of chains) {
    if (inner.has(chain)) continue;
    const own = chainSteps(chain, readers);
    if (own.some((s) => s.kind === 'session-middleware')) steps.push(...own);
  }
  return steps;
}

/** SQL SessionStore implementations and the deletion of expired rows, anywhere in the crate. */
export function storeSteps(sources: CrateSource[]): SessionStep[] {
  const steps: SessionStep[] = [];
  for (const s of sources) {
    const code = rustCode(s.text);
    const push = (kind: string, at: number, text: string) => {
      const { line, column } = lineColumn(s.text, at);
      steps.push({ kind, file: s.file, line, column, start: at, end: at + text.length, text });
    };
    for (const m of code.matchAll(SQL_STORE_IMPL)) {
      if (SQL_POOL.test(code)) push('sql-store', m.index ?? 0, m[0]);
      // An in-process store (session-kit's MemorySessionStore): check's memory-store rule reads its file.
      else if (/\bMemory\w*\s*$/.test(m[0])) push('memory-store', m.index ?? 0, m[0]);
    }
    // SQL lives in string literals: the deletion is read from the text itself.
    for (const m of s.text.matchAll(EXPIRED_DELETION)) push('expired-deletion', m.index ?? 0, m[0].slice(0, 40));
  }
  return steps;
}

export async function recogniseActix(files: ProjectFiles, app: ActixApp): Promise<SessionStep[]> {
  const sources = await crateSources(files, app);
  const readers = sessionReaders(sources);
  return [...serverSteps(sources, readers), ...storeSteps(sources)];
}
