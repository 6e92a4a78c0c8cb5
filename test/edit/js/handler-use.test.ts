/**
 * handler-use.ts, the one reader of what a handler, router or plugin given to an app can do
 * with the session: its own code, the functions of its file, the modules it imports.
 */
import type { CallExpression, Node } from '@babel/types';
import { describe, expect, it } from 'vitest';
import { argumentUse, handlerScope, localRouterUse } from '../../../src/edit/js/handler-use.js';
import { moduleBindings } from '../../../src/edit/js/modules.js';
import { parseJs } from '../../../src/edit/js/parse.js';
import { preorder } from '../../../src/edit/js/walk.js';
import type { SessionUse } from '../../../src/edit/js/session-use.js';

/** What the first argument of the call `app.use(…)`/`app.register(…)` in `code` does, modules answering by `modules`. */
async function useOf(code: string, modules: Record<string, SessionUse> = {}): Promise<SessionUse> {
  const ast = await parseJs(code, 'app.js');
  const scope = handlerScope(ast, moduleBindings(ast), (source) => modules[source] ?? 'unknown');
  const call = preorder(ast.program).find(
    (n): n is CallExpression =>
      n.type === 'CallExpression' &&
      n.callee.type === 'MemberExpression' &&
      n.callee.object.type === 'Identifier' &&
      n.callee.object.name === 'app',
  );
  if (!call) throw new Error('no app call');
  return argumentUse(call.arguments[call.arguments.length - 1] as Node, scope, code);
}

describe('argumentUse', () => {
  it('reads a handler: reads, never, or unknown when it hands its request on', async () => {
    expect(await useOf('app.get("/", (c) => c.json(c.get("session")));')).toBe('reads');
    expect(await useOf('app.get("/", (ctx) => { ctx.body = "ok"; });')).toBe('never');
    expect(await useOf('app.get("/", (req, res) => res.json(load(req)));')).toBe('unknown');
  });

  it("follows the file's functions and its relative modules, also required inline with a member or call", async () => {
    expect(await useOf('function me(req, res) { res.json(req.user); }\napp.get("/me", me);')).toBe('reads');
    expect(await useOf('import health from "./health.js";\napp.register(health);', { './health.js': 'never' })).toBe(
      'never',
    );
    expect(await useOf('app.use(require("./routes").routes());', { './routes': 'reads' })).toBe('reads');
    expect(await useOf('app.use(require("./metrics").router);', { './metrics': 'never' })).toBe('never');
  });

  it('packages: never for those that serve files or headers, unknown for the rest; probes by name', async () => {
    expect(await useOf('import cors from "cors";\napp.use(cors());')).toBe('never');
    expect(await useOf('import admin from "admin-panel";\napp.use(admin);')).toBe('unknown');
    expect(await useOf('app.use(healthRouter);')).toBe('never');
  });
});

describe('localRouterUse', () => {
  it("combines the handlers given to a file's own router, chained calls included", async () => {
    const code =
      'const r = new Router();\nr.get("/a", (ctx) => { ctx.body = 1; }).post("/b", (ctx) => { ctx.body = ctx.session.n; });\nconst h = new Router();\nh.get("/health", (ctx) => { ctx.body = "ok"; });\n';
    const ast = await parseJs(code, 'app.js');
    const scope = handlerScope(ast, moduleBindings(ast), () => 'unknown');
    expect(localRouterUse(ast, 'r', scope, code)).toBe('reads');
    expect(localRouterUse(ast, 'h', scope, code)).toBe('never');
  });
});
