/**
 * Reads an Express setup file: where the app is created and, in that block,
 * what each `app.*` statement registers (session, body parser, router, route...).
 */
import type { CallExpression, File, Node, Statement } from '@babel/types';
import { memberCalls } from '../../edit/js/calls.js';
import {
  bindingFor,
  bindingLocals,
  isRelative,
  moduleBindings,
  type ModuleBinding,
  type ModuleReader,
} from '../../edit/js/modules.js';
import { preorder } from '../../edit/js/walk.js';
import { chainStep, findAppCreation, statementStep, statementsAfterCreation } from '../../edit/js/app-block.js';
import {
  argumentUse as handlerArgumentUse,
  combinedUse,
  handlerScope,
  type HandlerScope,
  middlewareReads,
} from '../../edit/js/handler-use.js';
import { codeSessionUse, type SessionUse } from '../../edit/js/session-use.js';
import type { SessionStep } from '../types.js';

export interface ExpressApp {
  appName: string;
  /** Statements of the block that creates the app. */
  block: Statement[];
  /** The statement creating the app. */
  creation: Statement;
  steps: SessionStep[];
}

const ROUTE_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'all', 'options', 'head', 'route']);
const BODY_PARSERS = new Set(['json', 'urlencoded', 'text', 'raw']);

function isExpressSource(source: string): boolean {
  return source === 'express';
}

function calleeText(node: Node | undefined | null, text: string): string {
  if (!node) return '';
  if (node.type === 'CallExpression') return calleeText(node.callee, text);
  return text.slice(node.start ?? 0, node.end ?? 0);
}

interface Names {
  express: string | null;
  sessionFactories: Set<string>;
  sessionMiddlewares: Set<string>;
  bodyParsers: Set<string>;
  routers: Set<string>;
  passport: Set<string>;
  staticServers: Set<string>;
  /** The file's functions and imports, for what handlers do with the session (handler-use.ts). */
  scope: HandlerScope;
}

type SessionUseOf = (source: string) => SessionUse;

const DEFINES_ROUTER = /\bRouter\s*\(|\.(?:get|post|put|patch|delete|all)\s*\(\s*['"`/]/;

function names(
  bindings: ModuleBinding[],
  ast: File,
  text: string,
  readModule: ModuleReader,
  sessionUseOf: SessionUseOf,
): Names {
  const express = bindingFor(bindings, isExpressSource);
  const partial = {
    express: express?.defaultName ?? null,
    sessionFactories: new Set<string>(),
    sessionMiddlewares: new Set<string>(),
    bodyParsers: new Set<string>(),
    routers: new Set<string>(),
    passport: new Set<string>(),
    staticServers: new Set<string>(),
  };
  const result: Names = {
    ...partial,
    scope: handlerScope(ast, bindings, sessionUseOf, expressKnown(partial, text), readModule),
  };
  for (const b of bindings) {
    const locals = bindingLocals(b);
    if (b.source === 'serve-static' || b.source === 'sirv') for (const n of locals) result.staticServers.add(n);
    if (b.source === 'express-session') for (const n of locals) result.sessionFactories.add(n);
    else if (isRelative(b.source) && /session/i.test(b.source))
      for (const n of locals) result.sessionMiddlewares.add(n);
    else if (['body-parser', 'cookie-parser', 'compression', 'express-fileupload', 'multer'].includes(b.source))
      for (const n of locals) result.bodyParsers.add(n);
    else if (b.source === 'passport' || b.source.startsWith('passport-'))
      for (const n of locals) result.passport.add(n);
    else if (isRelative(b.source)) {
      // A relative module is a router when it builds one; otherwise it is the app's own middleware.
      const source = readModule(b.source);
      if (source === null ? locals.some((n) => /router|routes|api|controller/i.test(n)) : DEFINES_ROUTER.test(source))
        for (const n of locals) result.routers.add(n);
    }
  }
  // Routers declared in this file: `const router = express.Router()` / `Router()`.
  for (const node of preorder(ast.program)) {
    if (node.type === 'VariableDeclarator' && node.id.type === 'Identifier' && node.init?.type === 'CallExpression') {
      const callee = calleeText(node.init, '');
      const init = node.init.callee;
      const isRouter =
        (init.type === 'MemberExpression' && init.property.type === 'Identifier' && init.property.name === 'Router') ||
        (init.type === 'Identifier' && init.name === 'Router');
      if (isRouter || callee === 'Router') result.routers.add(node.id.name);
    }
  }
  return result;
}

function isPath(node: Node): boolean {
  return (
    node.type === 'StringLiteral' ||
    node.type === 'TemplateLiteral' ||
    node.type === 'RegExpLiteral' ||
    node.type === 'ArrayExpression'
  );
}

const combined = combinedUse;

/** What a handler, middleware or router given to the app can do with the session. */
function argumentUse(arg: Node, n: Names, text: string): SessionUse {
  return handlerArgumentUse(arg, n.scope, text);
}

/** Passport reads the session; express.static and serve-static never do. */
function expressKnown(n: Pick<Names, 'passport' | 'staticServers' | 'express'>, text: string) {
  return (arg: Node, head: string): SessionUse | null => {
    if (n.passport.has(head)) return 'reads';
    if (n.staticServers.has(head)) return 'never';
    if (head === n.express && calleeText(arg, text).split('.')[1] === 'static') return 'never';
    return null;
  };
}

/** A router (or mounted handler) by what it can do with the session. */
function routerKind(use: SessionUse): string {
  return use === 'reads' ? 'session-router' : use === 'never' ? 'sessionless-router' : 'router';
}

function routeKind(use: SessionUse): string {
  return use === 'reads' ? 'session-route' : use === 'never' ? 'sessionless-route' : 'route';
}

function classifyUse(call: CallExpression, n: Names, text: string): string {
  const args = call.arguments;
  if (args.length === 0) return 'middleware';
  const mounted = args.length > 1 && isPath(args[0]);
  const handlers = (mounted ? args.slice(1) : args) as Node[];
  const asRouter = () => routerKind(combined(handlers.map((a) => argumentUse(a, n, text))));
  for (const arg of handlers) {
    if (arg.type === 'Identifier') {
      if (n.sessionMiddlewares.has(arg.name)) return 'session';
      if (n.passport.has(arg.name)) return 'passport';
      if (n.staticServers.has(arg.name)) return 'static';
      if (n.routers.has(arg.name) || /(?:router|routes|controller|api)$/i.test(arg.name)) return asRouter();
      // `app.use(loadUser)`, a middleware of the app's own that reads req.session.
      if (!mounted && middlewareReads(arg, n.scope, text)) return 'session-consumer';
      continue;
    }
    if (arg.type === 'CallExpression') {
      const callee = calleeText(arg, text);
      const head = callee.split('.')[0];
      if (n.sessionFactories.has(head) || n.sessionMiddlewares.has(head)) return 'session';
      if (n.passport.has(head)) return 'passport';
      if (n.staticServers.has(head)) return 'static';
      if (head === n.express) {
        const member = callee.split('.')[1];
        if (member === 'static') return 'static';
        if (member === 'Router') return asRouter();
        if (BODY_PARSERS.has(member)) return 'body-parser';
      }
      if (n.bodyParsers.has(head)) return 'body-parser';
      // `require('express-session')({ ... })`: the session factory required inline.
      const inner = arg.callee.type === 'CallExpression' ? arg.callee : null;
      if (
        inner?.callee.type === 'Identifier' &&
        inner.callee.name === 'require' &&
        inner.arguments[0]?.type === 'StringLiteral' &&
        inner.arguments[0].value === 'express-session'
      )
        return 'session';
      if (callee === 'require' && arg.arguments[0]?.type === 'StringLiteral') {
        const source = arg.arguments[0].value;
        if (source === 'express-session') return 'session';
        if (source === 'serve-static') return 'static';
        if (isRelative(source)) return asRouter();
        return mounted ? asRouter() : 'middleware';
      }
      if (n.routers.has(head)) return asRouter();
      if (!mounted && middlewareReads(arg, n.scope, text)) return 'session-consumer';
      continue;
    }
    if (arg.type === 'ArrowFunctionExpression' || arg.type === 'FunctionExpression') {
      if (arg.params.length >= 4) return 'error-handler';
      if (!mounted && codeSessionUse(text.slice(arg.start ?? 0, arg.end ?? 0)) === 'reads') return 'session-consumer';
    }
  }
  return mounted ? asRouter() : 'middleware';
}

/** Kinds of the statement's steps, each with the offset of its call in a chain (null: the statement's start). */
function classify(
  statement: Statement,
  appName: string,
  n: Names,
  text: string,
): { kind: string; at: number | null }[] {
  const kinds: { kind: string; at: number | null }[] = [];
  memberCalls(statement, appName).forEach(({ method, call, dot }, index) => {
    const at = index === 0 ? null : dot;
    if (method === 'use') kinds.push({ kind: classifyUse(call, n, text), at });
    else if (
      method === 'set' &&
      call.arguments[0]?.type === 'StringLiteral' &&
      call.arguments[0].value === 'trust proxy'
    )
      kinds.push({ kind: 'trust-proxy', at });
    else if (method === 'listen') kinds.push({ kind: 'listen', at });
    else if (method === 'route') kinds.push({ kind: 'route', at });
    else if (ROUTE_METHODS.has(method) && call.arguments.length > 1)
      kinds.push({
        kind: routeKind(combined((call.arguments.slice(1) as Node[]).map((a) => argumentUse(a, n, text)))),
        at,
      });
  });
  if (kinds.length === 0 && statement.type === 'ExpressionStatement') {
    // `registerRoutes(app)`, `require('./routes')(app)`: a function given the app may register routes.
    let expr: Node = statement.expression;
    if (expr.type === 'AwaitExpression') expr = expr.argument;
    if (expr.type === 'CallExpression' && expr.arguments.some((a) => a.type === 'Identifier' && a.name === appName)) {
      const callee = calleeText(expr, text);
      kinds.push({
        kind: n.passport.has(callee.split('.')[0]) ? 'passport' : routerKind(argumentUse(expr.callee, n, text)),
        at: null,
      });
    }
  }
  return kinds;
}

function isExpressCall(node: Node | null | undefined, expressName: string | null): boolean {
  if (!node) return false;
  if (node.type === 'TSAsExpression' || node.type === 'TSSatisfiesExpression' || node.type === 'TSNonNullExpression')
    return isExpressCall(node.expression, expressName);
  if (node.type !== 'CallExpression') return false;
  const callee = node.callee;
  if (callee.type === 'Identifier') return callee.name === expressName;
  // `express.default()` after some interop, or `(0, express)()`.
  return (
    callee.type === 'MemberExpression' &&
    callee.object.type === 'Identifier' &&
    callee.object.name === expressName &&
    callee.property.type === 'Identifier' &&
    callee.property.name === 'default'
  );
}

export function findExpressApp(
  ast: File,
  text: string,
  file: string,
  readModule: ModuleReader = () => null,
  sessionUseOf: SessionUseOf = () => 'unknown',
): ExpressApp | null {
  const bindings = moduleBindings(ast);
  const n = names(bindings, ast, text, readModule, sessionUseOf);
  if (!n.express) return null;
  const found = findAppCreation(ast, (init) => isExpressCall(init, n.express));
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
