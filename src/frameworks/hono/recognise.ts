/**
 * Reads a Hono setup file: where `new Hono()` is created and, in that block, what
 * each statement registers. Every middleware argument of `app.use(a, b)` is a step of
 * its own (at the argument's offset), so `app.use(useSession(), useSessionStorage(s))`
 * is reported as storage after session.
 */
import type { File, Node, Statement } from '@babel/types';
import { lineColumn } from '../../edit/lines.js';
import { isRelative, moduleBindings, type ModuleReader } from '../../edit/js/modules.js';
import { type AppBlock, findAppCreation, statementsAfterCreation } from '../../edit/js/app-block.js';
import { preorder } from '../../edit/js/walk.js';
import { headName as head, memberCalls } from '../../edit/js/calls.js';
import {
  argumentUse,
  combinedUse,
  type HandlerScope,
  handlerScope,
  localRouterUse,
  middlewareReads,
} from '../../edit/js/handler-use.js';
import { codeSessionUse, type SessionUse } from '../../edit/js/session-use.js';
import type { SessionStep } from '../types.js';
import { escapeIdentifier } from '../../edit/regex.js';

export interface HonoStep extends SessionStep {
  /** Start of the whole statement (steps of `app.use(a, b)` start at their argument). */
  statementStart: number;
}

export interface HonoApp {
  appName: string;
  block: Statement[];
  creation: Statement;
  steps: HonoStep[];
}

const HONO_SOURCES = new Set(['hono', 'hono/tiny', 'hono/quick']);
const ROUTE_METHODS = new Set([
  'get',
  'post',
  'put',
  'patch',
  'delete',
  'all',
  'on',
  'options',
  'route',
  'mount',
  'head',
]);

interface Names {
  hono: string | null;
  /** useSession and session middlewares exported by the app's own session module. */
  session: Set<string>;
  /** useSessionStorage and storage middlewares of the app's own session module. */
  storage: Set<string>;
  /** Local functions (from the app's own modules) that return `new Hono()`. */
  factories: Set<string>;
  /** Hono's own middleware (`hono/logger`, `hono/cors`...): none reads a session. */
  builtins: Set<string>;
}

function collectNames(ast: File, readModule: ModuleReader): Names {
  const n: Names = { hono: null, session: new Set(), storage: new Set(), factories: new Set(), builtins: new Set() };
  const bindings = moduleBindings(ast);
  // @hono/zod-openapi's OpenAPIHono is a Hono subclass: a file importing it creates that one (`Hono` is then often a type).
  const openApi = bindings.find((b) => b.source === '@hono/zod-openapi')?.named.get('OpenAPIHono') ?? null;
  for (const b of bindings) {
    if (HONO_SOURCES.has(b.source)) n.hono = openApi ?? b.named.get('Hono') ?? n.hono;
    else if (b.source.startsWith('hono/')) for (const local of b.named.values()) n.builtins.add(local);
    else if (b.source === '@hono/zod-openapi') n.hono = openApi ?? n.hono;
    else if (b.source === '@hono/session') {
      const useSession = b.named.get('useSession');
      const useStorage = b.named.get('useSessionStorage');
      if (useSession) n.session.add(useSession);
      if (useStorage) n.storage.add(useStorage);
    } else if (isRelative(b.source) && /session/i.test(b.source)) {
      for (const [imported, local] of b.named) {
        if (!/route|router/i.test(imported)) (/storage/i.test(imported) ? n.storage : n.session).add(local);
      }
      if (b.defaultName) n.session.add(b.defaultName);
    } else if (isRelative(b.source)) {
      // `const app = createApp()` where the app's own module returns `new Hono()`.
      const source = readModule(b.source);
      if (source === null || !/\bnew\s+(?:OpenAPI)?Hono\b/.test(source)) continue;
      for (const [imported, local] of b.named) if (returnsNewHono(source, imported)) n.factories.add(local);
      if (b.defaultName && returnsNewHono(source, 'default')) n.factories.add(b.defaultName);
    }
  }
  return n;
}

/** The file's top-level functions (`function f`, `const f = () =>`, exported or not), with their names. */
function topLevelFunctions(ast: File): { name: string; fn: Node }[] {
  const fns: { name: string; fn: Node }[] = [];
  for (const statement of ast.program.body) {
    const declaration =
      statement.type === 'ExportNamedDeclaration' || statement.type === 'ExportDefaultDeclaration'
        ? statement.declaration
        : statement;
    if (declaration?.type === 'FunctionDeclaration' && declaration.id)
      fns.push({ name: declaration.id.name, fn: declaration });
    else if (declaration?.type === 'VariableDeclaration')
      for (const d of declaration.declarations)
        if (
          d.id.type === 'Identifier' &&
          (d.init?.type === 'ArrowFunctionExpression' || d.init?.type === 'FunctionExpression')
        )
          fns.push({ name: d.id.name, fn: d.init });
  }
  return fns;
}

function topLevelFunctionNames(ast: File): string[] {
  return topLevelFunctions(ast).map((f) => f.name);
}

/** The top-level function whose body creates `found` and returns it, by name. */
function enclosingFactory(ast: File, found: AppBlock): string | null {
  const at = found.creation.start ?? 0;
  for (const { name, fn } of topLevelFunctions(ast)) {
    const body = (fn as { body: Node }).body;
    if (body.type !== 'BlockStatement' || at < (body.start ?? 0) || at >= (body.end ?? 0)) continue;
    // Its own statements: the creation and a `return <app>`.
    if (!body.body.includes(found.creation)) return null;
    const returns = body.body.some(
      (s) => s.type === 'ReturnStatement' && s.argument?.type === 'Identifier' && s.argument.name === found.appName,
    );
    return returns ? name : null;
  }
  return null;
}

/** Does `source` define `name` (or its default export) as a function returning `new Hono(...)` directly? */
export function returnsNewHono(source: string, name: string): boolean {
  const creates = '(?:new\\s+(?:OpenAPI)?Hono\\b)';
  const params = '(?:<[^>]*>)?\\s*\\([^)]*\\)\\s*(?::[^={]+)?';
  const body = `(?:=>\\s*\\(?\\s*${creates}|(?:=>\\s*)?\\{\\s*return\\s+${creates})`;
  const escaped = escapeIdentifier(name);
  const id =
    name === 'default'
      ? 'export\\s+default\\s+(?:async\\s+)?(?:function\\s*[\\w$]*)?'
      : `(?:function\\s+${escaped}\\b|\\b${escaped}\\s*(?::[^=]+)?=\\s*(?:async\\s+)?(?:function\\b\\s*)?)`;
  return new RegExp(`${id}\\s*${params}\\s*${body}`).test(source);
}

function classifyMiddleware(arg: Node, n: Names, scope: HandlerScope, text: string): string {
  if (arg.type === 'ArrowFunctionExpression' || arg.type === 'FunctionExpression') {
    return codeSessionUse(text.slice(arg.start ?? 0, arg.end ?? 0)) === 'reads' ? 'session-consumer' : 'middleware';
  }
  const name = head(arg);
  if (name && n.storage.has(name)) return 'session-storage';
  if (name && n.session.has(name)) return 'session';
  // `app.use(loadUser)`, a middleware of the app's own that reads c.get('session').
  return middlewareReads(arg, scope, text) ? 'session-consumer' : 'middleware';
}

/** A route or mounted sub-app by what its handlers can do with the session. */
function routeKind(use: SessionUse): string {
  return use === 'reads' ? 'session-route' : use === 'never' ? 'sessionless-route' : 'route';
}

/**
 * Sub-apps built in this file (`const api = new Hono()`) are read through their own
 * calls; Hono's built-in middleware never reads a session.
 */
function honoScope(
  ast: File,
  n: Names,
  text: string,
  sessionUseOf: (source: string) => SessionUse,
  readModule: ModuleReader,
): HandlerScope {
  const subApps = new Set<string>();
  for (const node of preorder(ast.program))
    if (node.type === 'VariableDeclarator' && node.id.type === 'Identifier' && isHonoCreation(node.init, n.hono))
      subApps.add(node.id.name);
  const following = new Set<string>();
  const scope: HandlerScope = handlerScope(
    ast,
    moduleBindings(ast),
    sessionUseOf,
    (arg, name) => {
      if (n.builtins.has(name)) return 'never';
      if (arg.type !== 'Identifier' || !subApps.has(name) || following.has(name)) return null;
      following.add(name);
      const use = localRouterUse(ast, name, scope, text);
      following.delete(name);
      return use;
    },
    readModule,
  );
  return scope;
}

function isHonoCreation(
  node: Node | null | undefined,
  hono: string | null,
  factories: Set<string> = new Set(),
): boolean {
  if (!node) return false;
  if (node.type === 'TSAsExpression' || node.type === 'TSSatisfiesExpression')
    return isHonoCreation(node.expression, hono, factories);
  if (node.type === 'CallExpression' && node.callee.type === 'Identifier') return factories.has(node.callee.name);
  // `new Hono().basePath('/api')`
  if (node.type === 'CallExpression' && node.callee.type === 'MemberExpression')
    return isHonoCreation(node.callee.object, hono, factories);
  return (
    hono !== null && node.type === 'NewExpression' && node.callee.type === 'Identifier' && node.callee.name === hono
  );
}

export function findHonoApp(
  ast: File,
  text: string,
  file: string,
  readModule: ModuleReader = () => null,
  sessionUseOf: (source: string) => SessionUse = () => 'unknown',
): HonoApp | null {
  const n = collectNames(ast, readModule);
  if (!n.hono && n.factories.size === 0) return null;
  let found = findAppCreation(ast, (init) => isHonoCreation(init, n.hono, n.factories));
  // Failing that, a factory of the same file: `function createRouter() { return new OpenAPIHono() }`
  // called by `createApp()` below it (never preferred to an app created directly).
  const local = n.hono ? topLevelFunctionNames(ast).filter((name) => returnsNewHono(text, name)) : [];
  if (!found && local.length) {
    const factories = new Set([...n.factories, ...local]);
    found = findAppCreation(ast, (init) => isHonoCreation(init, n.hono, factories));
  }
  if (!found) return null;
  // An app made inside a factory of this file (`function createRouter() { const app = new
  // OpenAPIHono(); return app }`) that another factory of the file builds on (`const app =
  // createRouter()` in `createApp()`) is a sub-router maker (routes modules call it too): the
  // app is the outer factory's. One level only: a wrapper of that one (`createTestApp()`
  // calling `createApp()`) is not what the server runs.
  const factory = enclosingFactory(ast, found);
  if (factory) {
    const outer = findAppCreation(
      ast,
      (init) => isHonoCreation(init, null, new Set([factory])) && init?.type === 'CallExpression',
    );
    if (outer && enclosingFactory(ast, outer)) found = outer;
  }
  const { appName, block, creation } = found;
  const scope = honoScope(ast, n, text, sessionUseOf, readModule);
  // A route's handlers (after its path), or the sub-app `app.route('/api', api)` mounts.
  const handlersUse = (args: Node[]) =>
    combinedUse(
      args
        .filter((a) => a.type !== 'StringLiteral' && a.type !== 'TemplateLiteral' && a.type !== 'ArrayExpression')
        .map((a) => argumentUse(a, scope, text)),
    );
  const steps: HonoStep[] = [];
  let branch: SessionStep['branch'];
  const step = (kind: string, statement: Statement, at: number = statement.start ?? 0) => {
    const statementStart = statement.start ?? 0;
    const { line, column } = lineColumn(text, at);
    steps.push({
      kind,
      file,
      line,
      column,
      start: at,
      end: statement.end ?? at,
      statementStart,
      text: text.slice(at, Math.min(statement.end ?? at, at + 80)),
      ...(branch ? { branch } : {}),
    });
  };
  step('app', creation);
  for (const run of statementsAfterCreation(text, found)) {
    const statement = run.statement;
    branch = run.branch;
    const calls = memberCalls(statement, appName);
    for (const { method, call } of calls) {
      if (method === 'use') {
        for (const arg of call.arguments) {
          if (arg.type === 'StringLiteral' || arg.type === 'TemplateLiteral') continue;
          step(classifyMiddleware(arg as Node, n, scope, text), statement, arg.start ?? statement.start ?? 0);
        }
      } else if (ROUTE_METHODS.has(method) && (call.arguments.length > 1 || method === 'route' || method === 'mount')) {
        step(
          routeKind(handlersUse(call.arguments as Node[])),
          statement,
          call.callee.type === 'MemberExpression'
            ? (call.callee.property.start ?? statement.start ?? 0)
            : (statement.start ?? 0),
        );
      } else if (method === 'fire') step('serve', statement);
    }
    if (calls.length) continue;
    const source = text.slice(statement.start ?? 0, statement.end ?? 0);
    if (statement.type === 'ExportDefaultDeclaration' || new RegExp(`\\b${appName}\\.fetch\\b`).test(source))
      step('serve', statement);
    else if (statement.type === 'ExpressionStatement') {
      // `registerRoutes(app)`, `serve(app)`.
      let expr: Node = statement.expression;
      if (expr.type === 'AwaitExpression') expr = expr.argument;
      if (expr.type === 'CallExpression' && expr.arguments.some((a) => a.type === 'Identifier' && a.name === appName)) {
        step(
          /^(?:serve|handle|fire)$/.test(head(expr.callee) ?? '') ? 'serve' : routeKind(handlersUse([expr.callee])),
          statement,
        );
      }
    }
  }
  return { appName, block, creation, steps };
}
