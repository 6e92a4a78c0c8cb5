/**
 * Reads an Express setup file: where the app is created and, in that block,
 * what each `app.*` statement registers (session, body parser, router, route...).
 */
import type { CallExpression, File, Node, Statement } from '@babel/types';
import { memberCalls } from '../../edit/js/calls.js';
import { bindingFor, bindingLocals, isRelative, moduleBindings, type ModuleBinding, type ModuleReader } from '../../edit/js/modules.js';
import { walk } from '../../edit/js/walk.js';
import { chainStep, findAppCreation, statementStep } from '../../edit/js/app-block.js';
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
}

const DEFINES_ROUTER = /\bRouter\s*\(|\.(?:get|post|put|patch|delete|all)\s*\(\s*['"`\/]/;

function names(bindings: ModuleBinding[], ast: File, readModule: ModuleReader): Names {
  const express = bindingFor(bindings, isExpressSource);
  const result: Names = {
    express: express?.defaultName ?? null,
    sessionFactories: new Set(),
    sessionMiddlewares: new Set(),
    bodyParsers: new Set(),
    routers: new Set(),
    passport: new Set(),
  };
  for (const b of bindings) {
    const locals = bindingLocals(b);
    if (b.source === 'express-session') locals.forEach((n) => result.sessionFactories.add(n));
    else if (isRelative(b.source) && /session/i.test(b.source)) locals.forEach((n) => result.sessionMiddlewares.add(n));
    else if (['body-parser', 'cookie-parser', 'compression', 'express-fileupload', 'multer'].includes(b.source)) locals.forEach((n) => result.bodyParsers.add(n));
    else if (b.source === 'passport' || b.source.startsWith('passport-')) locals.forEach((n) => result.passport.add(n));
    else if (isRelative(b.source)) {
      // A relative module is a router when it builds one; otherwise it is the app's own middleware.
      const source = readModule(b.source);
      if (source === null ? locals.some((n) => /router|routes|api|controller/i.test(n)) : DEFINES_ROUTER.test(source)) locals.forEach((n) => result.routers.add(n));
    }
  }
  // Routers declared in this file: `const router = express.Router()` / `Router()`.
  walk(ast.program, (node) => {
    if (node.type === 'VariableDeclarator' && node.id.type === 'Identifier' && node.init?.type === 'CallExpression') {
      const callee = calleeText(node.init, '');
      const init = node.init.callee;
      const isRouter =
        (init.type === 'MemberExpression' && init.property.type === 'Identifier' && init.property.name === 'Router') ||
        (init.type === 'Identifier' && init.name === 'Router');
      if (isRouter || callee === 'Router') result.routers.add(node.id.name);
    }
  });
  return result;
}

function classifyUse(call: CallExpression, n: Names, text: string): string {
  const args = call.arguments;
  if (args.length === 0) return 'middleware';
  if (args.length > 1 && (args[0].type === 'StringLiteral' || args[0].type === 'TemplateLiteral' || args[0].type === 'RegExpLiteral' || args[0].type === 'ArrayExpression')) {
    return 'router';
  }
  for (const arg of args) {
    if (arg.type === 'Identifier') {
      if (n.sessionMiddlewares.has(arg.name)) return 'session';
      if (n.routers.has(arg.name)) return 'router';
      if (/(?:router|routes|controller|api)$/i.test(arg.name)) return 'router';
      if (n.passport.has(arg.name)) return 'passport';
      continue;
    }
    if (arg.type === 'CallExpression') {
      const callee = calleeText(arg, text);
      const head = callee.split('.')[0];
      if (n.sessionFactories.has(head) || n.sessionMiddlewares.has(head)) return 'session';
      if (n.passport.has(head)) return 'passport';
      if (head === n.express) {
        const member = callee.split('.')[1];
        if (member === 'static') return 'static';
        if (member === 'Router') return 'router';
        if (BODY_PARSERS.has(member)) return 'body-parser';
      }
      if (n.bodyParsers.has(head)) return 'body-parser';
      // `require('express-session')({ ... })`: the session factory required inline.
      const inner = arg.callee.type === 'CallExpression' ? arg.callee : null;
      if (inner?.callee.type === 'Identifier' && inner.callee.name === 'require' && inner.arguments[0]?.type === 'StringLiteral' && inner.arguments[0].value === 'express-session') return 'session';
      if (callee === 'require' && arg.arguments[0]?.type === 'StringLiteral') {
        return arg.arguments[0].value === 'express-session' ? 'session' : isRelative(arg.arguments[0].value) ? 'router' : 'middleware';
      }
      if (n.routers.has(head)) return 'router';
      continue;
    }
    if (arg.type === 'ArrowFunctionExpression' || arg.type === 'FunctionExpression') {
      if (arg.params.length >= 4) return 'error-handler';
      const body = text.slice(arg.start ?? 0, arg.end ?? 0);
      if (/\.session\b/.test(body)) return 'session-consumer';
    }
  }
  return 'middleware';
}

/** Kinds of the statement's steps, each with the offset of its call in a chain (null: the statement's start). */
function classify(statement: Statement, appName: string, n: Names, text: string): { kind: string; at: number | null }[] {
  const kinds: { kind: string; at: number | null }[] = [];
  memberCalls(statement, appName).forEach(({ method, call, dot }, index) => {
    const at = index === 0 ? null : dot;
    if (method === 'use') kinds.push({ kind: classifyUse(call, n, text), at });
    else if (method === 'set' && call.arguments[0]?.type === 'StringLiteral' && call.arguments[0].value === 'trust proxy') kinds.push({ kind: 'trust-proxy', at });
    else if (method === 'listen') kinds.push({ kind: 'listen', at });
    else if (ROUTE_METHODS.has(method) && (call.arguments.length > 1 || method === 'route')) kinds.push({ kind: 'route', at });
  });
  if (kinds.length === 0 && statement.type === 'ExpressionStatement') {
    // `registerRoutes(app)`, `require('./routes')(app)`: a function given the app may register routes.
    let expr: Node = statement.expression;
    if (expr.type === 'AwaitExpression') expr = expr.argument;
    if (expr.type === 'CallExpression' && expr.arguments.some((a) => a.type === 'Identifier' && a.name === appName)) {
      const callee = calleeText(expr, text);
      kinds.push({ kind: n.passport.has(callee.split('.')[0]) ? 'passport' : 'router', at: null });
    }
  }
  return kinds;
}

function isExpressCall(node: Node | null | undefined, expressName: string | null): boolean {
  if (!node) return false;
  if (node.type === 'TSAsExpression' || node.type === 'TSSatisfiesExpression' || node.type === 'TSNonNullExpression') return isExpressCall(node.expression, expressName);
  if (node.type !== 'CallExpression') return false;
  const callee = node.callee;
  if (callee.type === 'Identifier') return callee.name === expressName;
  // `express.default()` after some interop, or `(0, express)()`.
  return callee.type === 'MemberExpression' && callee.object.type === 'Identifier' && callee.object.name === expressName && callee.property.type === 'Identifier' && callee.property.name === 'default';
}

export function findExpressApp(ast: File, text: string, file: string, readModule: ModuleReader = () => null): ExpressApp | null {
  const bindings = moduleBindings(ast);
  const n = names(bindings, ast, readModule);
  if (!n.express) return null;
  const found = findAppCreation(ast, (init) => isExpressCall(init, n.express));
  if (!found) return null;
  const { appName, block, creation } = found;
  const steps: SessionStep[] = [statementStep(text, file, 'app', creation)];
  for (const statement of block.slice(block.indexOf(creation) + 1)) {
    for (const { kind, at } of classify(statement, appName, n, text)) steps.push(chainStep(statementStep(text, file, kind, statement), text, at));
  }
  return { appName, block, creation, steps };
}
