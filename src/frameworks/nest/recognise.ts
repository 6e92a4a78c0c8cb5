/**
 * Reads a NestJS main.ts: the `NestFactory.create` call (and which HTTP adapter it
 * uses), and what the statements after it in the same block register on the app:
 * middleware (`app.use`), plugins (`app.register`, Fastify adapter), `app.init()`, `app.listen()`.
 */
import type { File, Node, Statement } from '@babel/types';
import { lineColumn } from '../../edit/lines.js';
import { bindingFor, isRelative, moduleBindings } from '../../edit/js/modules.js';
import { walk } from '../../edit/js/walk.js';
import { findAppCreation } from '../../edit/js/app-block.js';
import { chainCalls } from '../../edit/js/calls.js';
import type { ModuleReader } from '../../edit/js/modules.js';
import { classifyRegister, fastifyNames, type FastifyStep } from '../fastify/recognise.js';
import { argumentUse, handlerScope } from '../../edit/js/handler-use.js';
import type { SessionUse } from '../../edit/js/session-use.js';

export type NestAdapter = 'express' | 'fastify';

export interface NestApp {
  appName: string;
  adapter: NestAdapter;
  block: Statement[];
  asyncFunction: boolean;
  steps: FastifyStep[];
}

function unwrap(node: Node | null | undefined): Node | null {
  if (!node) return null;
  if (node.type === 'AwaitExpression') return unwrap(node.argument);
  if (
    node.type === 'TSAsExpression' ||
    node.type === 'TSSatisfiesExpression' ||
    node.type === 'TSNonNullExpression' ||
    node.type === 'ParenthesizedExpression'
  )
    return unwrap(node.expression);
  return node;
}

/** `NestFactory.create(...)` with NestFactory imported from @nestjs/core; the adapter from its type argument or arguments. */
function nestCreate(node: Node | null, factory: string, text: string): NestAdapter | null {
  const call = unwrap(node);
  if (call?.type !== 'CallExpression' || call.callee.type !== 'MemberExpression') return null;
  const { object, property } = call.callee;
  if (
    object.type !== 'Identifier' ||
    object.name !== factory ||
    property.type !== 'Identifier' ||
    property.name !== 'create'
  )
    return null;
  const typeArgs = call.typeParameters ? text.slice(call.typeParameters.start ?? 0, call.typeParameters.end ?? 0) : '';
  const args = call.arguments.map((a) => text.slice(a.start ?? 0, a.end ?? 0)).join(',');
  if (/Fastify/.test(typeArgs) || /\bFastifyAdapter\b/.test(args)) return 'fastify';
  // `const adapter = new FastifyAdapter(); NestFactory.create(AppModule, adapter)`
  return /\bnew\s+FastifyAdapter\b/.test(text) ? 'fastify' : 'express';
}

function isFunctionNode(node: Node): boolean {
  return (
    node.type === 'ArrowFunctionExpression' ||
    node.type === 'FunctionExpression' ||
    node.type === 'FunctionDeclaration' ||
    node.type === 'ClassMethod'
  );
}

/** The app a declaration or a plain `name = ...` assignment statement creates with NestFactory.create. */
function createdName(node: Node, factory: string, text: string): { appName: string; adapter: NestAdapter } | null {
  if (node.type === 'VariableDeclarator' && node.id.type === 'Identifier') {
    const adapter = nestCreate(node.init as Node, factory, text);
    return adapter ? { appName: node.id.name, adapter } : null;
  }
  if (
    node.type === 'ExpressionStatement' &&
    node.expression.type === 'AssignmentExpression' &&
    node.expression.operator === '=' &&
    node.expression.left.type === 'Identifier'
  ) {
    const adapter = nestCreate(node.expression.right, factory, text);
    return adapter ? { appName: node.expression.left.name, adapter } : null;
  }
  return null;
}

export function findNestApp(
  ast: File,
  text: string,
  file: string,
  readModule: ModuleReader = () => null,
  sessionUseOf: (source: string) => SessionUse = () => 'unknown',
): NestApp | null {
  const bindings = moduleBindings(ast);
  const core = bindingFor(bindings, '@nestjs/core');
  const factory = core?.named.get('NestFactory');
  if (!factory) return null;
  let found = null as {
    appName: string;
    adapter: NestAdapter;
    block: Statement[];
    creation: Statement;
    asyncFunction: boolean;
    runsAt?: Map<Statement, number>;
  } | null;
  walk(ast.program, (node, ancestors) => {
    if (found) return 'skip';
    // `const app = await NestFactory.create(...)`, or `app = await NestFactory.create(...)`
    // assigning a `let app` declared before (often above a try block that creates it).
    const created = createdName(node, factory, text);
    if (!created) return;
    const { appName, adapter } = created;
    // The statement holding the creation: the declaration's parent, or the assignment's statement.
    const chain = node.type === 'ExpressionStatement' ? [...ancestors, node] : ancestors;
    for (let i = chain.length - 1; i >= 1; i--) {
      const parent = chain[i - 1];
      const body = parent.type === 'Program' || parent.type === 'BlockStatement' ? parent.body : null;
      if (body?.includes(chain[i] as Statement)) {
        const owner = [...chain.slice(0, i - 1)].reverse().find(isFunctionNode) as { async?: boolean } | undefined;
        found = {
          appName,
          adapter,
          block: body,
          creation: chain[i] as Statement,
          asyncFunction: Boolean(owner?.async) || parent.type === 'Program',
        };
        return 'skip';
      }
    }
  });
  // `this.app = await NestFactory.create(...)` in a class method, configured by the methods run after it.
  if (!found) {
    const made = findAppCreation(ast, (init) => nestCreate(init ?? null, factory, text) !== null);
    const creation = made?.creation;
    if (made?.appName.startsWith('this.') && creation?.type === 'ExpressionStatement')
      found = {
        appName: made.appName,
        adapter: nestCreate((creation.expression as { right?: Node }).right ?? null, factory, text) ?? 'express',
        block: made.block,
        creation,
        // The statements come from several methods, not all of them async: registrations are not awaited.
        asyncFunction: false,
        runsAt: made.runsAt,
      };
  }
  if (!found) return null;
  const { appName, adapter, block, creation, asyncFunction } = found as NonNullable<typeof found>;
  const fastify = fastifyNames(ast, readModule);
  // express-session and our generated module count as session middleware.
  const sessionMiddleware = new Set<string>();
  const passport = new Set<string>();
  for (const b of bindings) {
    const locals = [b.defaultName, ...b.named.values()].filter((n): n is string => Boolean(n));
    if (b.source === 'express-session' || (isRelative(b.source) && /session/i.test(b.source)))
      for (const n of locals) sessionMiddleware.add(n);
    else if (b.source === 'passport') for (const n of locals) passport.add(n);
  }
  // Controllers' routes are set up at app.init(), after every app.use: only middleware
  // that reads the session (or passport, which needs it) must come after it.
  const scope = handlerScope(ast, bindings, sessionUseOf);
  const useKind = (arg: Node | null, head: string): string => {
    if (sessionMiddleware.has(head)) return 'session';
    if (passport.has(head)) return 'passport';
    return arg && argumentUse(arg, scope, text) === 'reads' ? 'session-consumer' : 'middleware';
  };
  const steps: FastifyStep[] = [];
  const push = (kind: string, statement: Statement, at: number, chainIndex: number, plugin?: string) => {
    const start = statement.start ?? 0;
    const { line, column } = lineColumn(text, at);
    const awaited = statement.type === 'ExpressionStatement' && statement.expression.type === 'AwaitExpression';
    const runsAt = found?.runsAt?.get(statement);
    steps.push({
      kind,
      file,
      line,
      column,
      start,
      end: statement.end ?? start,
      text: text.slice(start, Math.min(statement.end ?? start, start + 80)),
      callStart: at,
      chainIndex,
      awaited,
      plugin,
      // A step in a method the creating code calls runs where that call stands.
      ...(runsAt !== undefined ? { loadedAt: { file, offset: runsAt } } : {}),
    });
  };
  push('app', creation, creation.start ?? 0, 0);
  for (const statement of block.slice(block.indexOf(creation) + 1)) {
    const calls = chainCalls(statement, appName) ?? [];
    calls.forEach(({ method, call }, chainIndex) => {
      const at =
        chainIndex === 0
          ? (statement.start ?? 0)
          : text.lastIndexOf('.', call.callee.type === 'MemberExpression' ? (call.callee.property.start ?? 0) : 0);
      if (method === 'use') {
        const arg = unwrap(call.arguments[0] as Node);
        const head = arg ? text.slice(arg.start ?? 0, arg.end ?? 0).split(/[.(]/)[0] : '';
        push(useKind(arg, head), statement, at, chainIndex);
      } else if (method === 'register') {
        const { kind, plugin } = classifyRegister(call, fastify, text);
        push(
          ['cookie', 'session', 'other-session', 'passport'].includes(kind) ? kind : 'plugin',
          statement,
          at,
          chainIndex,
          plugin,
        );
      } else if (method === 'init') push('init', statement, at, chainIndex);
      else if (method === 'listen') push('listen', statement, at, chainIndex);
    });
  }
  return { appName, adapter, block, asyncFunction, steps };
}

/** Relative imports of the file are written without an extension (`./app.module`): Nest's CommonJS style. */
export function extensionlessImports(ast: File): boolean {
  const relative = moduleBindings(ast).filter((b) => isRelative(b.source));
  return relative.length > 0 && relative.every((b) => !/\.[cm]?[jt]s$/.test(b.source));
}
