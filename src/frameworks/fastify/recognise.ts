/**
 * Reads a Fastify setup file: where the app is created (or which plugin function
 * receives it) and what each `app.register(...)`/route/hook statement of that
 * block does. Steps carry the position of their call inside a `.register` chain,
 * so new registrations can go into the chain before the routes.
 */
import type { CallExpression, File, Function as FunctionNode, Node, Statement } from '@babel/types';
import { lineColumn } from '../../edit/lines.js';
import { chainCalls } from '../../edit/js/calls.js';
import {
  bindingFor,
  bindingLocals as locals,
  isRelative,
  moduleBindings,
  type ModuleBinding,
  type ModuleReader,
} from '../../edit/js/modules.js';
import { walk } from '../../edit/js/walk.js';
import { argumentUse, type HandlerScope, handlerScope, middlewareReads } from '../../edit/js/handler-use.js';
import { codeSessionUse, type SessionUse } from '../../edit/js/session-use.js';
import type { SessionStep } from '../types.js';

export type { ModuleReader };

export interface FastifyStep extends SessionStep {
  /** Offset of the `.method` dot of this call in its statement's chain. */
  callStart: number;
  /** Position of the call in a chain (`app.register(a).register(b)`: 0, 1). */
  chainIndex: number;
  awaited: boolean;
  /** Plugin local name for register steps. */
  plugin?: string;
  /** For an @fastify/autoload registration: the folder it loads (relative to the file). */
  autoloadDir?: string;
}

export interface FastifyApp {
  appName: string;
  block: Statement[];
  /** Offset where the block's statements start (after `{`), for apps received as a parameter. */
  blockStart: number;
  /** 'created': `const app = fastify()`; 'plugin': the app is a plugin function's parameter. */
  mode: 'created' | 'plugin';
  /** The block may use `await` (async function; module top level is decided by the caller). */
  asyncFunction: boolean;
  topLevel: boolean;
  steps: FastifyStep[];
  /** Where @fastify/autoload is told to load plugins from (relative to the file), if it is. */
  autoloadPluginsDir: string | null;
}

const ROUTE_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'all', 'options', 'head', 'route']);
const DEFINES_ROUTES = /\.(?:get|post|put|patch|delete|all|route)\s*\(/;
/**
 * The app's own plugin that mounts the routes (`app.ts` autoloading `routes/`, or registering a
 * routes module): registered by the entry (`server.register(app)`), it is a routes plugin, so
 * the session goes before it.
 */
function registersRoutes(text: string): boolean {
  if (/['"]@fastify\/autoload['"]/.test(text) && /['"`][^'"`\n]*rout[^'"`\n]*['"`]/i.test(text)) return true;
  return /\.register\s*\(\s*(?:require\s*\(\s*['"]\.{1,2}\/[^'"\n]*rout|[\w$]*[Rr]out)/.test(text);
}

/** A plugin that registers a routes plugin by name (`fastify.register(authRoutes, …)`, `.register(apiPlugin)`). */
const REGISTERS_ROUTES = /\.register\s*\(\s*(?:[\w$]+\.)?[\w$]*(?:rout|api|controller)[\w$]*\s*[,)]/i;
/** A plugin that autoloads a routes folder (the fastify-cli app plugin, registered by a server.ts). */
const AUTOLOADS_ROUTES = /['"](?:@fastify\/autoload|fastify-autoload)['"][\s\S]*['"`]\/?routes\/?['"`]/;

/**
 * Does a relative module carry routes? It declares some, or it registers or autoloads
 * the plugins that do: the app plugin a server.ts registers, a routes/index.ts that
 * registers each routes plugin. Hooks registered after it never reach its routes.
 */
function carriesRoutes(text: string): boolean {
  return (
    DEFINES_ROUTES.test(text) || registersRoutes(text) || REGISTERS_ROUTES.test(text) || AUTOLOADS_ROUTES.test(text)
  );
}

interface Names {
  factories: Set<string>;
  cookie: Set<string>;
  session: Set<string>;
  otherSession: Set<string>;
  passport: Set<string>;
  autoload: Set<string>;
  /** Locals imported from relative modules that define routes. */
  routes: Set<string>;
  /** Other imported plugins. */
  plugins: Set<string>;
  /** The file's functions and imports, for what a routes plugin does with the session (handler-use.ts). */
  scope: HandlerScope;
}

/** Session plugins other than @fastify/session: `add` never adds a second session, but their own rules differ. */
export const OTHER_SESSION_PLUGINS = ['@fastify/secure-session', 'fastify-session', '@mgcrea/fastify-session'];

function names(
  bindings: ModuleBinding[],
  readModule: ModuleReader,
  ast?: File,
  sessionUseOf: (source: string) => SessionUse = () => 'unknown',
): Names {
  const n: Names = {
    factories: new Set(),
    cookie: new Set(),
    session: new Set(),
    otherSession: new Set(),
    passport: new Set(),
    autoload: new Set(),
    routes: new Set(),
    plugins: new Set(),
    scope: ast
      ? handlerScope(ast, bindings, sessionUseOf, (_arg, name) => (n.passport.has(name) ? 'reads' : null), readModule)
      : { functions: new Map(), imported: new Map(), sessionless: new Set(), useOf: sessionUseOf },
  };
  for (const b of bindings) {
    const all = locals(b);
    if (b.source === 'fastify') {
      if (b.defaultName) n.factories.add(b.defaultName);
      for (const [imported, local] of b.named)
        if (imported === 'fastify' || imported === 'default') n.factories.add(local);
    } else if (b.source === '@fastify/cookie' || b.source === 'fastify-cookie') for (const x of all) n.cookie.add(x);
    else if (b.source === '@fastify/session') for (const x of all) n.session.add(x);
    else if (OTHER_SESSION_PLUGINS.includes(b.source)) for (const x of all) n.otherSession.add(x);
    else if (b.source === '@fastify/passport' || b.source === 'fastify-passport')
      for (const x of all) n.passport.add(x);
    else if (b.source === '@fastify/autoload' || b.source === 'fastify-autoload')
      for (const x of all) n.autoload.add(x);
    else if (isRelative(b.source)) {
      const text = readModule(b.source);
      // A relative module is a routes plugin when it declares routes; our generated session module is not.
      if (/session/i.test(b.source) && text !== null && /sessionOptions/.test(text))
        for (const x of all) n.session.add(x);
      // The app's own plugin that registers @fastify/cookie: reused, never registered twice (FST_ERR_DEC_ALREADY_PRESENT).
      else if (text !== null && /['"]@fastify\/cookie['"]/.test(text) && !DEFINES_ROUTES.test(text))
        for (const x of all) n.cookie.add(x);
      else if (text === null ? all.some((x) => /rout|api|controller/i.test(x)) : carriesRoutes(text))
        for (const x of all) n.routes.add(x);
      else for (const x of all) n.plugins.add(x);
    } else for (const x of all) n.plugins.add(x);
  }
  return n;
}

function unwrap(node: Node | null | undefined): Node | null {
  if (!node) return null;
  if (
    node.type === 'AwaitExpression' ||
    node.type === 'TSAsExpression' ||
    node.type === 'TSSatisfiesExpression' ||
    node.type === 'TSNonNullExpression' ||
    node.type === 'ParenthesizedExpression'
  ) {
    return unwrap(node.type === 'AwaitExpression' ? node.argument : node.expression);
  }
  return node;
}

function requireOf(node: Node | null): string | null {
  if (
    node?.type === 'CallExpression' &&
    node.callee.type === 'Identifier' &&
    node.callee.name === 'require' &&
    node.arguments[0]?.type === 'StringLiteral'
  )
    return node.arguments[0].value;
  if (node?.type === 'ImportExpression' && node.source.type === 'StringLiteral') return node.source.value;
  if (node?.type === 'CallExpression' && node.callee.type === 'Import' && node.arguments[0]?.type === 'StringLiteral')
    return node.arguments[0].value;
  return null;
}

const INSTANCE_RETURNING = new Set([
  'withTypeProvider',
  'setValidatorCompiler',
  'setSerializerCompiler',
  'decorate',
  'decorateRequest',
  'decorateReply',
]);

/** `fastify(...)`, `Fastify.default(...)`, `require('fastify')(...)`, `require('fastify').fastify(...)`. */
function isFastifyCall(node: Node | null, n: Names): boolean {
  const call = unwrap(node);
  if (call?.type !== 'CallExpression') return false;
  const callee = unwrap(call.callee as Node);
  if (callee?.type === 'Identifier') return n.factories.has(callee.name);
  if (requireOf(callee) === 'fastify') return true;
  if (
    callee?.type === 'MemberExpression' &&
    callee.property.type === 'Identifier' &&
    ['default', 'fastify'].includes(callee.property.name)
  ) {
    const object = unwrap(callee.object);
    if ((object?.type === 'Identifier' && n.factories.has(object.name)) || requireOf(object) === 'fastify') return true;
  }
  // `Fastify(opts).withTypeProvider<T>()`: a method called on the new instance returns it.
  if (
    callee?.type === 'MemberExpression' &&
    callee.property.type === 'Identifier' &&
    INSTANCE_RETURNING.has(callee.property.name)
  )
    return isFastifyCall(callee.object, n);
  return false;
}

/** Calls of a statement on `objectName`, in source order: `app.a(x).b(y)`, `await app.a(x)`. */
function functionText(fn: Node, text: string): string {
  return text.slice(fn.start ?? 0, fn.end ?? 0);
}

function isFunction(node: Node | undefined | null): node is FunctionNode {
  return Boolean(
    node &&
      (node.type === 'ArrowFunctionExpression' ||
        node.type === 'FunctionExpression' ||
        node.type === 'FunctionDeclaration'),
  );
}

/**
 * A routes plugin is a context of its own, created when it loads: it gets the session's
 * hooks only when the session was registered before it. Named by what its routes can do
 * with the session.
 */
function routesKind(arg: Node, n: Names, text: string): string {
  const use = argumentUse(arg, n.scope, text);
  return use === 'reads' ? 'session-routes' : use === 'never' ? 'sessionless-routes' : 'routes';
}

export function classifyRegister(call: CallExpression, n: Names, text: string): { kind: string; plugin?: string } {
  const arg = call.arguments[0] ? unwrap(call.arguments[0] as Node) : null;
  if (!arg) return { kind: 'plugin' };
  const routes = () => routesKind(arg, n, text);
  if (arg.type === 'Identifier') {
    if (n.cookie.has(arg.name)) return { kind: 'cookie', plugin: arg.name };
    if (n.session.has(arg.name)) return { kind: 'session', plugin: arg.name };
    if (n.otherSession.has(arg.name)) return { kind: 'other-session', plugin: arg.name };
    if (n.passport.has(arg.name)) return { kind: 'passport', plugin: arg.name };
    if (n.autoload.has(arg.name)) return { kind: 'autoload', plugin: arg.name };
    if (n.routes.has(arg.name)) return { kind: routes(), plugin: arg.name };
    if (n.plugins.has(arg.name)) return { kind: 'plugin', plugin: arg.name };
    return { kind: /rout|api|controller/i.test(arg.name) ? routes() : 'plugin', plugin: arg.name };
  }
  const source = requireOf(arg);
  if (source !== null) {
    if (source === '@fastify/cookie') return { kind: 'cookie' };
    if (source === '@fastify/session') return { kind: 'session' };
    if (OTHER_SESSION_PLUGINS.includes(source)) return { kind: 'other-session' };
    if (source === '@fastify/autoload') return { kind: 'autoload' };
    return { kind: isRelative(source) ? routes() : 'plugin' };
  }
  if (arg.type === 'CallExpression' || arg.type === 'MemberExpression') {
    const head = text.slice(arg.start ?? 0, arg.end ?? 0).split(/[.(]/)[0];
    if (n.passport.has(head)) return { kind: 'passport' };
    if (n.session.has(head)) return { kind: 'session' };
    if (n.cookie.has(head)) return { kind: 'cookie' };
  }
  if (isFunction(arg)) {
    const body = functionText(arg, text);
    if (DEFINES_ROUTES.test(body)) return { kind: routes() };
  }
  return { kind: 'plugin' };
}

function classifyCall(
  method: string,
  call: CallExpression,
  n: Names,
  text: string,
): { kind: string; plugin?: string } | null {
  if (method === 'register') return classifyRegister(call, n, text);
  if (ROUTE_METHODS.has(method) && (call.arguments.length > 1 || method === 'route')) return { kind: 'route' };
  if (method === 'addHook') {
    // @fastify/session loads the session in an onRequest hook: an earlier onRequest hook runs
    // before it, every later phase (preParsing, preHandler...) after it, whatever the order.
    const name = call.arguments[0];
    const early = name?.type !== 'StringLiteral' || name.value === 'onRequest';
    const fn = call.arguments.find((a) => isFunction(a as Node));
    // `addHook('onRequest', loadUser)`: a hook of the app's own module.
    const named = call.arguments[1]?.type === 'Identifier' ? (call.arguments[1] as Node) : null;
    const reads = fn
      ? codeSessionUse(functionText(fn as Node, text)) === 'reads'
      : named !== null && middlewareReads(named, n.scope, text);
    return { kind: early && reads ? 'session-consumer' : 'hook' };
  }
  if (method === 'listen') return { kind: 'listen' };
  if (method === 'ready') return { kind: 'ready' };
  return null;
}

/** Steps of one statement of the app's block. */
export function statementSteps(
  statement: Statement,
  appName: string,
  n: Names,
  text: string,
  file: string,
): FastifyStep[] {
  const start = statement.start ?? 0;
  const end = statement.end ?? start;
  const { line, column } = lineColumn(text, start);
  const awaited = statement.type === 'ExpressionStatement' && statement.expression.type === 'AwaitExpression';
  const base = { file, line, column, start, end, text: text.slice(start, Math.min(end, start + 80)), awaited };
  const column0 = column;
  const calls = chainCalls(statement, appName);
  if (calls) {
    const steps: FastifyStep[] = [];
    calls.forEach(({ method, call, dot: guess }, chainIndex) => {
      const dot = text.lastIndexOf('.', guess);
      const kind = classifyCall(method, call, n, text);
      if (!kind) return;
      // The line of the call's own `.register`: in a multi-line chain each call has its line.
      const at = lineColumn(text, dot);
      const column = at.line === line ? column0 : at.column;
      steps.push({ ...base, line: at.line, column, kind: kind.kind, plugin: kind.plugin, callStart: dot, chainIndex });
    });
    return steps;
  }
  // `registerRoutes(app)`, `await routes(app)`: a function given the app may add routes.
  if (statement.type === 'ExpressionStatement') {
    const expr = unwrap(statement.expression);
    if (expr?.type === 'CallExpression' && expr.arguments.some((a) => a.type === 'Identifier' && a.name === appName)) {
      return [{ ...base, kind: routesKind(expr.callee as Node, n, text), callStart: start, chainIndex: 0 }];
    }
  }
  return [];
}

/** The directory an @fastify/autoload registration loads plugins from, e.g. 'plugins'. */
function autoloadDir(call: CallExpression): string | null {
  const options = call.arguments[1];
  if (options?.type !== 'ObjectExpression') return null;
  for (const prop of options.properties) {
    if (prop.type !== 'ObjectProperty' || prop.key.type !== 'Identifier' || prop.key.name !== 'dir') continue;
    const parts: string[] = [];
    walk(prop.value, (node) => {
      if (node.type === 'StringLiteral') parts.push(node.value);
    });
    const dir = parts
      .filter((p) => p !== '.' && !p.startsWith('..'))
      .join('/')
      .replace(/^\.?\//, '');
    return dir || null;
  }
  return null;
}

function pluginFunction(ast: File): { fn: FunctionNode; appName: string } | null {
  // `const app = async (fastify) => {...}; export default fp(app)`: follow top-level names.
  const resolve = (node: Node | null | undefined): Node | null => {
    const inner = unwrap(node);
    if (inner?.type !== 'Identifier') return inner;
    for (const statement of ast.program.body) {
      const declaration = statement.type === 'ExportNamedDeclaration' ? statement.declaration : statement;
      if (declaration?.type === 'VariableDeclaration') {
        const d = declaration.declarations.find((x) => x.id.type === 'Identifier' && x.id.name === inner.name);
        if (d?.init) return unwrap(d.init as Node);
      }
      if (declaration?.type === 'FunctionDeclaration' && declaration.id?.name === inner.name) return declaration;
    }
    return inner;
  };
  let found = null as { fn: FunctionNode; appName: string } | null;
  const consider = (node: Node | null | undefined) => {
    if (found || !node) return;
    let fn: Node | null = resolve(node);
    // `fp(async (fastify) => {...})`, `fp(app, { name })`
    if (fn?.type === 'CallExpression')
      fn = fn.arguments.map((a) => resolve(a as Node)).find((a) => isFunction(a)) ?? null;
    if (isFunction(fn) && fn.params[0]?.type === 'Identifier' && fn.body.type === 'BlockStatement')
      found = { fn, appName: fn.params[0].name };
  };
  for (const statement of ast.program.body) {
    if (statement.type === 'ExportDefaultDeclaration') consider(statement.declaration as Node);
    if (statement.type === 'ExpressionStatement' && statement.expression.type === 'AssignmentExpression') {
      const left = statement.expression.left;
      if (
        left.type === 'MemberExpression' &&
        left.object.type === 'Identifier' &&
        left.object.name === 'module' &&
        left.property.type === 'Identifier' &&
        left.property.name === 'exports'
      )
        consider(statement.expression.right);
    }
  }
  return found;
}

export function findFastifyApp(
  ast: File,
  text: string,
  file: string,
  readModule: ModuleReader = () => null,
  sessionUseOf: (source: string) => SessionUse = () => 'unknown',
): FastifyApp | null {
  const n = names(moduleBindings(ast), readModule, ast, sessionUseOf);
  type Found = {
    appName: string;
    block: Statement[];
    creation: Statement;
    blockStart: number;
    asyncFunction: boolean;
    topLevel: boolean;
  };
  let found = null as Found | null;
  walk(ast.program, (node, ancestors) => {
    if (found) return 'skip';
    if (node.type !== 'VariableDeclarator' || node.id.type !== 'Identifier' || !isFastifyCall(node.init as Node, n))
      return;
    for (let i = ancestors.length - 1; i >= 1; i--) {
      const parent = ancestors[i - 1];
      const body = parent.type === 'Program' || parent.type === 'BlockStatement' ? parent.body : null;
      if (body?.includes(ancestors[i] as Statement)) {
        const owner = [...ancestors.slice(0, i - 1)].reverse().find((a) => isFunction(a)) as FunctionNode | undefined;
        found = {
          appName: node.id.name,
          block: body,
          creation: ancestors[i] as Statement,
          blockStart: parent.type === 'Program' ? 0 : (parent.start ?? 0) + 1,
          asyncFunction: Boolean(owner?.async),
          topLevel: parent.type === 'Program',
        };
        return 'skip';
      }
    }
  });
  let app: Omit<FastifyApp, 'steps' | 'autoloadPluginsDir'> & { creation: Statement | null };
  if (found) {
    const f: Found = found;
    app = {
      appName: f.appName,
      block: f.block,
      blockStart: f.blockStart,
      mode: 'created',
      asyncFunction: f.asyncFunction,
      topLevel: f.topLevel,
      creation: f.creation,
    };
  } else {
    const plugin = pluginFunction(ast);
    if (plugin?.fn.body.type !== 'BlockStatement') return null;
    app = {
      appName: plugin.appName,
      block: plugin.fn.body.body,
      blockStart: (plugin.fn.body.start ?? 0) + 1,
      mode: 'plugin',
      asyncFunction: Boolean(plugin.fn.async),
      topLevel: false,
      creation: null,
    };
  }
  const steps: FastifyStep[] = [];
  let autoloadPluginsDir: string | null = null;
  if (app.creation) {
    const start = app.creation.start ?? 0;
    const { line, column } = lineColumn(text, start);
    steps.push({
      kind: 'app',
      file,
      line,
      column,
      start,
      end: app.creation.end ?? start,
      text: text.slice(start, Math.min(app.creation.end ?? start, start + 80)),
      callStart: start,
      chainIndex: 0,
      awaited: false,
    });
  }
  const statements = app.creation ? app.block.slice(app.block.indexOf(app.creation) + 1) : app.block;
  for (const statement of statements) {
    for (const step of statementSteps(statement, app.appName, n, text, file)) {
      if (step.kind === 'autoload') {
        // Autoloading the plugins folder registers plugins; any other folder registers routes.
        const call = chainCalls(statement, app.appName)?.[step.chainIndex]?.call;
        const dir = call ? autoloadDir(call) : null;
        const plugins = Boolean(dir && /plugin/i.test(dir));
        // add writes its plugin into a folder loaded before every route; one loaded after them would be too late.
        const routesBefore = steps.some((s) => s.kind === 'routes' || s.kind === 'route');
        if (plugins && autoloadPluginsDir === null && !routesBefore) autoloadPluginsDir = dir;
        step.kind = plugins ? 'plugin' : 'routes';
        step.plugin = dir ?? step.plugin;
        if (dir) step.autoloadDir = dir;
      }
      steps.push(step);
    }
  }
  return {
    appName: app.appName,
    block: app.block,
    blockStart: app.blockStart,
    mode: app.mode,
    asyncFunction: app.asyncFunction,
    topLevel: app.topLevel,
    steps,
    autoloadPluginsDir,
  };
}

/** Names of the setup file's imports that matter to a caller (e.g. Nest's fastify adapter). */
export function fastifyNames(ast: File, readModule: ModuleReader): Names {
  return names(moduleBindings(ast), readModule, ast);
}

/** The local name bound to one of `sources`, if imported. */
export function importedName(ast: File, sources: string[]): string | null {
  const b = bindingFor(moduleBindings(ast), (s) => sources.includes(s));
  return b ? (b.defaultName ?? [...b.named.values()][0] ?? null) : null;
}

/**
 * For a file that uses an app it does not create (`const app = await buildApp()`):
 * the name and the call, to explain what session-kit could not follow.
 */
export function unfollowedApp(ast: File, text: string): { appName: string; factory: string; line: number } | null {
  let result: { appName: string; factory: string; line: number } | null = null;
  const used = new Set<string>();
  walk(ast.program, (node) => {
    if (
      node.type === 'CallExpression' &&
      node.callee.type === 'MemberExpression' &&
      node.callee.object.type === 'Identifier' &&
      node.callee.property.type === 'Identifier' &&
      ['listen', 'register', 'ready', 'inject'].includes(node.callee.property.name)
    )
      used.add(node.callee.object.name);
  });
  walk(ast.program, (node) => {
    if (result) return 'skip';
    if (node.type === 'VariableDeclarator' && node.id.type === 'Identifier' && used.has(node.id.name)) {
      const init = unwrap(node.init as Node);
      if (init?.type === 'CallExpression')
        result = {
          appName: node.id.name,
          factory: text.slice(init.callee.start ?? 0, init.callee.end ?? 0),
          line: lineColumn(text, node.start ?? 0).line,
        };
    }
  });
  return result;
}
