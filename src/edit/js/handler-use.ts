/**
 * What the handlers, middleware and routers a setup file registers can do with the
 * session, read from its syntax tree: the one reader every Node recogniser uses to tell a
 * route or router that reads the session (an error before it) from one that provably
 * never does (a health probe, static files: fine before it) and from code it cannot
 * follow. The text test itself is session-use.ts's.
 */
import type { File, Node } from '@babel/types';
import { headName } from './calls.js';
import { exportedFunctionCode } from './export-code.js';
import { bindingLocals, isRelative, type ModuleBinding, type ModuleReader } from './modules.js';
import { codeSessionUse, SESSIONLESS_NAME, SESSIONLESS_PACKAGES, type SessionUse } from './session-use.js';
import { preorder } from './walk.js';
import { escapeIdentifier } from '../regex.js';

/** The names a file's handlers are read against. */
export interface HandlerScope {
  /** Functions declared in the file, by name. */
  functions: Map<string, Node>;
  /** Names imported from the app's own modules, with what that code can do with the session. */
  imported: Map<string, SessionUse>;
  /** Names imported from packages that never read a session (SESSIONLESS_PACKAGES). */
  sessionless: Set<string>;
  /** Follows a relative module given inline (`require('./routes')`). */
  useOf: (source: string) => SessionUse;
  /** What the framework itself knows of an argument (passport, express.static); null: nothing. */
  known?: (arg: Node, head: string) => SessionUse | null;
  /** Names imported from the app's own modules: the specifier and the name exported there. */
  origins?: Map<string, { source: string; name: string }>;
  /** Reads a relative module's text, to find one export's code in it. */
  readModule?: ModuleReader;
}

/** Any use that reads wins; else any that cannot be followed; else never. */
export function combinedUse(uses: SessionUse[]): SessionUse {
  if (uses.includes('reads')) return 'reads';
  return uses.includes('unknown') ? 'unknown' : 'never';
}

/** The scope of a file: its function declarations and what its relative imports do with the session. */
export function handlerScope(
  ast: File,
  bindings: ModuleBinding[],
  useOf: (source: string) => SessionUse,
  known?: HandlerScope['known'],
  readModule?: ModuleReader,
): HandlerScope {
  const origins = new Map<string, { source: string; name: string }>();
  const scope: HandlerScope = {
    functions: new Map(),
    imported: new Map(),
    sessionless: new Set(),
    useOf,
    known,
    origins,
    readModule,
  };
  for (const b of bindings) {
    const locals = bindingLocals(b);
    if (isRelative(b.source)) {
      const use = useOf(b.source);
      for (const n of locals) scope.imported.set(n, use);
      for (const [name, local] of b.named) origins.set(local, { source: b.source, name });
    } else if (SESSIONLESS_PACKAGES.has(b.source)) for (const n of locals) scope.sessionless.add(n);
  }
  for (const node of preorder(ast.program)) {
    if (node.type === 'FunctionDeclaration' && node.id) scope.functions.set(node.id.name, node);
    if (
      node.type === 'VariableDeclarator' &&
      node.id.type === 'Identifier' &&
      (node.init?.type === 'ArrowFunctionExpression' || node.init?.type === 'FunctionExpression')
    )
      scope.functions.set(node.id.name, node.init);
  }
  return scope;
}

function isFunction(node: Node): boolean {
  return (
    node.type === 'ArrowFunctionExpression' || node.type === 'FunctionExpression' || node.type === 'FunctionDeclaration'
  );
}

// One expression per request parameter name (`req`), not one per handler.
const handedOnPatterns = new Map<string, RegExp>();

/** `request` passed as an argument: `(req)`, `, req,`. */
function handedOn(request: string): RegExp {
  let pattern = handedOnPatterns.get(request);
  if (!pattern) {
    pattern = new RegExp(String.raw`[(,]\s*${escapeIdentifier(request)}\s*[,)]`);
    handedOnPatterns.set(request, pattern);
  }
  return pattern;
}

/**
 * A handler's own code; one that hands its request (or context, or app) to another
 * function (`load(req)`, `routes(instance)`) cannot be followed that far.
 */
export function functionUse(fn: Node, text: string): SessionUse {
  const code = text.slice(fn.start ?? 0, fn.end ?? 0);
  if (codeSessionUse(code) === 'reads') return 'reads';
  if (!isFunction(fn)) return 'never';
  const { params, body } = fn as Extract<Node, { type: 'ArrowFunctionExpression' }>;
  const request = params[0]?.type === 'Identifier' ? params[0].name : null;
  if (params[0] && !request) return 'unknown';
  if (request && handedOn(request).test(text.slice(body.start ?? 0, body.end ?? 0))) return 'unknown';
  return 'never';
}

function requiredSource(arg: Node): string | null {
  if (
    arg.type === 'CallExpression' &&
    arg.callee.type === 'Identifier' &&
    arg.callee.name === 'require' &&
    arg.arguments[0]?.type === 'StringLiteral'
  )
    return arg.arguments[0].value;
  if (arg.type === 'ImportExpression' && arg.source.type === 'StringLiteral') return arg.source.value;
  if (arg.type === 'CallExpression' && arg.callee.type === 'Import' && arg.arguments[0]?.type === 'StringLiteral')
    return arg.arguments[0].value;
  return null;
}

/** What a handler, middleware, router or plugin given to the app can do with the session. */
export function argumentUse(arg: Node, scope: HandlerScope, text: string): SessionUse {
  let node = arg;
  while (node.type === 'AwaitExpression' || node.type === 'TSAsExpression' || node.type === 'TSNonNullExpression')
    node = node.type === 'AwaitExpression' ? node.argument : node.expression;
  if (node.type === 'ArrowFunctionExpression' || node.type === 'FunctionExpression') return functionUse(node, text);
  const source = requiredSource(node);
  if (source !== null)
    return isRelative(source) ? scope.useOf(source) : SESSIONLESS_PACKAGES.has(source) ? 'never' : 'unknown';
  // `(await import('./routes')).default`, `require('./routes').routes()`.
  if (node.type === 'MemberExpression' || node.type === 'CallExpression') {
    const inner = node.type === 'MemberExpression' ? node.object : node.callee;
    const innerSource = requiredSource(inner.type === 'MemberExpression' ? inner.object : inner);
    if (innerSource !== null) return argumentUse(inner.type === 'MemberExpression' ? inner.object : inner, scope, text);
  }
  const head =
    node.type === 'Identifier' || node.type === 'CallExpression' || node.type === 'MemberExpression'
      ? headName(node)
      : null;
  if (!head) return 'unknown';
  const known = scope.known?.(node, head);
  if (known) return known;
  if (scope.sessionless.has(head)) return 'never';
  const local = node.type === 'Identifier' ? scope.functions.get(head) : undefined;
  if (local !== undefined) return functionUse(local, text);
  const imported = scope.imported.get(head);
  if (imported && imported !== 'unknown') return imported;
  return SESSIONLESS_NAME.test(head) ? 'never' : 'unknown';
}

/**
 * Whether a middleware given to the app (not a router or a mount) reads the session: a
 * function of this file by its own code; a name imported from the app's own module by
 * the exported function's code when it can be found there, else by the whole module's
 * (which errs toward a reader: the session then goes above it).
 */
export function middlewareReads(arg: Node, scope: HandlerScope, text: string): boolean {
  if (arg.type !== 'Identifier') return argumentUse(arg, scope, text) === 'reads';
  const local = scope.functions.get(arg.name);
  if (local !== undefined) return functionUse(local, text) === 'reads';
  if (scope.imported.get(arg.name) !== 'reads') return false;
  const origin = scope.origins?.get(arg.name);
  const moduleText = origin && origin.name !== 'default' ? (scope.readModule?.(origin.source) ?? null) : null;
  const code = moduleText !== null && origin ? exportedFunctionCode(moduleText, origin.name) : null;
  if (code === null || codeSessionUse(code) === 'reads') return true;
  // One that hands its request on (`attachUser(req)`) is judged by its module, as above.
  const request = /\(\s*([A-Za-z_$][\w$]*)/.exec(code);
  return request !== null && handedOn(request[1]).test(code.slice(code.indexOf(')', request.index) + 1));
}

/**
 * A router or sub-app built in this file (`const router = new Router()`, `const api =
 * new Hono()`): what the handlers given to its own calls (`router.get('/me', h)`,
 * `api.use(m)`) can do with the session. Paths and option objects are not handlers.
 */
export function localRouterUse(ast: File, name: string, scope: HandlerScope, text: string): SessionUse {
  const uses: SessionUse[] = [];
  for (const node of preorder(ast.program)) {
    // `router.get(...)`, and each call of a chain on it: `router.get(...).post(...)`.
    if (node.type !== 'CallExpression' || node.callee.type !== 'MemberExpression' || headName(node.callee) !== name)
      continue;
    for (const a of node.arguments) {
      const arg = a as Node;
      if (arg.type === 'StringLiteral' || arg.type === 'TemplateLiteral' || arg.type === 'ObjectExpression') continue;
      if (arg.type === 'Identifier' && arg.name === name) continue;
      uses.push(argumentUse(arg, scope, text));
    }
  }
  return combinedUse(uses);
}
