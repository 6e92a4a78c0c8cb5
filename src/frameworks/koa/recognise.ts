/**
 * Reads a Koa setup file: where `new Koa()` is created and, in that block, what each
 * `app.*` statement does (keys, session, body parser, router, middleware, listen).
 */
import type { CallExpression, File, Node, Statement } from '@babel/types';
import { headName, isObjectNamed, memberCalls } from '../../edit/js/calls.js';
import { bindingLocals as locals, isRelative, moduleBindings, type ModuleReader } from '../../edit/js/modules.js';
import { walk } from '../../edit/js/walk.js';
import {
  argumentUse,
  type HandlerScope,
  handlerScope,
  localRouterUse,
  middlewareReads,
} from '../../edit/js/handler-use.js';
import { codeSessionUse, type SessionUse } from '../../edit/js/session-use.js';
import { chainStep, findAppCreation, statementStep, statementsAfterCreation } from '../../edit/js/app-block.js';
import type { SessionStep } from '../types.js';

export interface KoaApp {
  appName: string;
  block: Statement[];
  creation: Statement;
  steps: SessionStep[];
}

const SESSION_PACKAGES = new Set(['koa-session', 'koa-generic-session', 'koa-session2']);
const ROUTER_PACKAGES = new Set(['@koa/router', 'koa-router', 'koa-mount', 'koa-tree-router']);
const PARSER_PACKAGES = new Set([
  'koa-bodyparser',
  '@koa/bodyparser',
  'koa-body',
  '@koa/multer',
  'koa-compress',
  'koa-conditional-get',
  'koa-etag',
]);
const STATIC_PACKAGES = new Set(['koa-static', 'koa-send', 'koa-static-cache']);
const DEFINES_ROUTER = /\bnew\s+(?:\w+\.)?Router\s*\(|\bRouter\s*\(|\.(?:get|post|put|patch|delete|all)\s*\(\s*['"`/]/;

interface Names {
  koa: string | null;
  sessionFactories: Set<string>;
  /** Our generated module's exports (or any relative module named like a session). */
  sessionModules: Set<string>;
  routers: Set<string>;
  routerClasses: Set<string>;
  parsers: Set<string>;
  statics: Set<string>;
  /** Routers built in this file (`const router = new Router()`), read through their own calls. */
  localRouters: Set<string>;
  scope: HandlerScope;
}

function collectNames(
  ast: File,
  text: string,
  readModule: ModuleReader,
  sessionUseOf: (source: string) => SessionUse,
): Names {
  // Routers being read, so a router that mounts itself is not read forever.
  const following = new Set<string>();
  const n: Names = {
    koa: null,
    sessionFactories: new Set(),
    sessionModules: new Set(),
    routers: new Set(),
    routerClasses: new Set(),
    parsers: new Set(),
    statics: new Set(),
    localRouters: new Set(),
    scope: handlerScope(
      ast,
      moduleBindings(ast),
      sessionUseOf,
      (_arg, name) => {
        // Parsers and static file servers never read a session; a local router is read through its calls.
        if (n.parsers.has(name) || n.statics.has(name)) return 'never';
        if (!n.localRouters.has(name) || following.has(name)) return null;
        following.add(name);
        const use = localRouterUse(ast, name, n.scope, text);
        following.delete(name);
        return use;
      },
      readModule,
    ),
  };
  for (const b of moduleBindings(ast)) {
    if (b.source === 'koa') n.koa = b.defaultName ?? b.named.get('default') ?? b.named.get('Koa') ?? null;
    else if (SESSION_PACKAGES.has(b.source)) for (const x of locals(b)) n.sessionFactories.add(x);
    else if (ROUTER_PACKAGES.has(b.source)) for (const x of locals(b)) n.routerClasses.add(x);
    else if (PARSER_PACKAGES.has(b.source)) for (const x of locals(b)) n.parsers.add(x);
    else if (STATIC_PACKAGES.has(b.source)) for (const x of locals(b)) n.statics.add(x);
    else if (isRelative(b.source) && /session/i.test(b.source)) for (const x of locals(b)) n.sessionModules.add(x);
    else if (isRelative(b.source)) {
      const source = readModule(b.source);
      if (
        source === null ? locals(b).some((x) => /router|routes|api|controller/i.test(x)) : DEFINES_ROUTER.test(source)
      )
        for (const x of locals(b)) n.routers.add(x);
    }
  }
  // `const router = new Router()` in this file.
  walk(ast.program, (node) => {
    if (node.type === 'VariableDeclarator' && node.id.type === 'Identifier' && node.init?.type === 'NewExpression') {
      const callee = node.init.callee;
      const name =
        callee.type === 'Identifier'
          ? callee.name
          : callee.type === 'MemberExpression' && callee.object.type === 'Identifier'
            ? callee.object.name
            : null;
      if (name && n.routerClasses.has(name)) {
        n.routers.add(node.id.name);
        n.localRouters.add(node.id.name);
      }
    }
  });
  return n;
}

function memberName(node: Node): string | null {
  if (
    node.type === 'CallExpression' &&
    node.callee.type === 'MemberExpression' &&
    node.callee.property.type === 'Identifier'
  )
    return node.callee.property.name;
  return null;
}

/** A router by what its handlers can do with the session. */
function routerKind(use: SessionUse): string {
  return use === 'reads' ? 'session-router' : use === 'never' ? 'sessionless-router' : 'router';
}

function classifyUse(call: CallExpression, n: Names, text: string): string {
  const arg = call.arguments[0];
  if (!arg) return 'middleware';
  const name = headName(arg as Node);
  const asRouter = () => routerKind(argumentUse(arg as Node, n.scope, text));
  if (arg.type === 'ArrowFunctionExpression' || arg.type === 'FunctionExpression') {
    if (codeSessionUse(text.slice(arg.start ?? 0, arg.end ?? 0)) === 'reads') return 'session-consumer';
    // Without `next` the chain ends here: nothing registered after it runs.
    return arg.params.length < 2 ? 'handler' : 'middleware';
  }
  if (name && (n.sessionFactories.has(name) || n.sessionModules.has(name))) return 'session';
  // `router.routes()`, `router.allowedMethods()`, `mount('/x', sub)`, a router module.
  const member = memberName(arg as Node);
  if (member === 'routes' || member === 'allowedMethods' || member === 'middleware') return asRouter();
  if (name && (n.routers.has(name) || n.routerClasses.has(name))) return asRouter();
  if (name && n.parsers.has(name)) return 'body-parser';
  if (name && n.statics.has(name)) return 'static';
  if (
    arg.type === 'CallExpression' &&
    arg.callee.type === 'Identifier' &&
    arg.callee.name === 'require' &&
    arg.arguments[0]?.type === 'StringLiteral'
  ) {
    const source = arg.arguments[0].value;
    if (SESSION_PACKAGES.has(source)) return 'session';
    if (ROUTER_PACKAGES.has(source) || isRelative(source)) return asRouter();
  }
  // `app.use(loadUser)`, a middleware of the app's own that reads ctx.session.
  return middlewareReads(arg as Node, n.scope, text) ? 'session-consumer' : 'middleware';
}

/** `app.keys = ...` and `app.proxy = ...`. */
function assignmentKind(statement: Statement, appName: string): string | null {
  if (statement.type !== 'ExpressionStatement' || statement.expression.type !== 'AssignmentExpression') return null;
  const left = statement.expression.left;
  if (left.type !== 'MemberExpression' || !isObjectNamed(left.object, appName) || left.property.type !== 'Identifier')
    return null;
  if (left.property.name === 'keys') return 'keys';
  if (left.property.name === 'proxy') return 'proxy';
  return null;
}

/** Kinds of the statement's steps, each with the offset of its call in a chain (null: the statement's start). */
function classify(
  statement: Statement,
  appName: string,
  n: Names,
  text: string,
): { kind: string; at: number | null }[] {
  const assigned = assignmentKind(statement, appName);
  if (assigned) return [{ kind: assigned, at: null }];
  const kinds: { kind: string; at: number | null }[] = [];
  memberCalls(statement, appName).forEach(({ method, call, dot }, index) => {
    const at = index === 0 ? null : dot;
    if (method === 'use') kinds.push({ kind: classifyUse(call, n, text), at });
    else if (method === 'listen' || method === 'callback') kinds.push({ kind: 'listen', at });
  });
  if (kinds.length === 0) {
    // `http.createServer(app.callback())`, `registerRoutes(app)`.
    const source = text.slice(statement.start ?? 0, statement.end ?? 0);
    if (new RegExp(`\\b${appName}\\.callback\\s*\\(`).test(source)) kinds.push({ kind: 'listen', at: null });
    else if (statement.type === 'ExpressionStatement') {
      let expr: Node = statement.expression;
      if (expr.type === 'AwaitExpression') expr = expr.argument;
      if (expr.type === 'CallExpression' && expr.arguments.some((a) => a.type === 'Identifier' && a.name === appName))
        kinds.push({ kind: routerKind(argumentUse(expr.callee, n.scope, text)), at: null });
    }
  }
  return kinds;
}

function isKoaCreation(node: Node | null | undefined, koa: string | null): boolean {
  if (!node || !koa) return false;
  if (node.type === 'TSAsExpression' || node.type === 'TSSatisfiesExpression')
    return isKoaCreation(node.expression, koa);
  if (node.type !== 'NewExpression') return false;
  const callee = node.callee;
  if (callee.type === 'Identifier') return callee.name === koa;
  return callee.type === 'MemberExpression' && callee.object.type === 'Identifier' && callee.object.name === koa;
}

export function findKoaApp(
  ast: File,
  text: string,
  file: string,
  readModule: ModuleReader = () => null,
  sessionUseOf: (source: string) => SessionUse = () => 'unknown',
): KoaApp | null {
  const n = collectNames(ast, text, readModule, sessionUseOf);
  if (!n.koa) return null;
  const found = findAppCreation(ast, (init) => isKoaCreation(init, n.koa));
  if (!found) return null;
  const { appName, block, creation } = found;
  const steps: SessionStep[] = [statementStep(text, file, 'app', creation)];
  for (const { statement, branch } of statementsAfterCreation(text, found)) {
    for (const { kind, at } of classify(statement, appName, n, text)) {
      const step = chainStep(statementStep(text, file, kind, statement), text, at);
      steps.push(branch ? { ...step, branch } : step);
    }
  }
  return { appName, block, creation, steps };
}
