/** Koa ordering and presence rules, as data: `add` places the session by them, `check` reports them. */
import type { OrderingRule, RequirementRule, TrustProxy } from '../types.js';

/** `app.proxy = true` or `new Koa({ proxy: true })`. */
export const KOA_TRUST_PROXY: TrustProxy = {
  patterns: [/\.proxy\s*=\s*(?!false\b)(?!=)/, /new\s+Koa\s*\(\s*\{[^}]*\bproxy\s*:\s*(?!false\b)/],
  breaks:
    'ctx.secure is false behind TLS termination, so writing the session cookie throws "Cannot send secure cookie over unencrypted connection": every request that touches the session answers 500',
  fix: 'Set app.proxy = true after creating the app (or new Koa({ proxy: true })).',
  repair: { statement: (app) => `${app}.proxy = true;` },
};

export const KOA_STEP_KINDS: Record<string, string> = {
  app: 'the app creation (new Koa())',
  keys: 'app.keys',
  proxy: 'app.proxy',
  session: 'the session middleware',
  'body-parser': 'a body parser',
  static: 'a static file server',
  middleware: 'a middleware',
  'session-consumer': 'a middleware that reads ctx.session',
  'session-router': 'a router whose handlers read ctx.session',
  router: 'a router whose code session-kit cannot follow',
  'sessionless-router': 'a router that never reads ctx.session',
  handler: 'a handler that ends the chain (no next)',
  listen: 'app.listen',
};

export const KOA_ORDERING: OrderingRule[] = [
  {
    // A router that answers without calling next ends the chain before koa-session: fine
    // for probes and static routes that never touch ctx.session, an error for one that does.
    id: 'koa/session-before-routers',
    step: 'session',
    before: ['session-router', 'handler', 'session-consumer', 'listen'],
    severity: 'error',
    message:
      'it uses ctx.session but runs before the session middleware, which commits the session only after the middleware below it return: what it stores is never saved, silently.',
    fix: 'Move app.use(session(...)) above the first app.use(router.routes()) whose handlers use ctx.session.',
  },
  {
    id: 'koa/session-before-routers',
    step: 'session',
    before: ['router'],
    severity: 'error',
    message:
      'its code could not be followed (a package or an unreadable module), so it may use ctx.session before the session middleware runs: what it stores would never be saved, silently.',
    fix: 'Move app.use(session(...)) above it; a router that never uses ctx.session (health, metrics) can stay first.',
  },
  {
    id: 'koa/session-after-app',
    step: 'session',
    after: ['app'],
    severity: 'error',
    message: 'the session middleware must be registered on the app after it is created.',
    fix: 'Register the session right after `const app = new Koa()` and app.keys.',
  },
  {
    // Placement only: add puts the session above every router, also those that never use it.
    id: 'koa/session-before-sessionless-routers',
    step: 'session',
    before: ['sessionless-router'],
    severity: 'warning',
    scope: 'add',
    message: 'session-kit places the session above every router.',
    fix: '',
  },
  {
    // Placement only: keys, proxy settings, parsers and generic middleware come first.
    id: 'koa/session-after-setup',
    step: 'session',
    after: ['keys', 'proxy', 'body-parser', 'static', 'middleware'],
    severity: 'warning',
    scope: 'add',
    message: 'session-kit places the session after app.keys, body parsers and generic middleware.',
    fix: '',
  },
];

export const KOA_REQUIREMENTS: RequirementRule[] = [
  {
    id: 'koa/keys-required',
    when: 'session',
    requires: 'keys',
    severity: 'error',
    message:
      'koa-session signs its cookie with app.keys: without them every request that writes the session fails with 500 (".keys required for signed cookies").',
    fix: 'Set app.keys (e.g. `app.keys = sessionKeys` from the generated session module) after creating the app.',
  },
];
