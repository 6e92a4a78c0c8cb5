/** Fastify ordering rules, as data: `add` places cookie and session by them, `check` reports them. */
import type { OrderingRule, RequirementRule, SessionPackage, TrustProxy } from '../types.js';

/** @fastify/session: saveUninitialized and cookie.secure both default to true. */
export const FASTIFY_SESSION_PACKAGE: SessionPackage = {
  name: '@fastify/session',
  defaultStore: 'memory',
  saveUninitializedDefault: true,
  secureDefault: true,
};

/** `Fastify({ trustProxy: … })` (anything but false). */
export const FASTIFY_TRUST_PROXY: TrustProxy = {
  patterns: [/(?<![\w$])trustProxy\s*:\s*(?!false\b)/],
  breaks:
    'request.protocol is http behind TLS termination, so @fastify/session never sends a Secure cookie: no session survives a request in production, silently',
  fix: 'Pass trustProxy: true (or the proxy hop count) in the Fastify options.',
  repair: { option: 'trustProxy: true', call: /\b[Ff]astify\s*\(\s*/ },
};

export const FASTIFY_STEP_KINDS: Record<string, string> = {
  app: 'the app creation',
  cookie: 'the @fastify/cookie registration',
  session: 'the @fastify/session registration',
  'other-session': 'another session plugin (@fastify/secure-session...)',
  plugin: 'a plugin registration',
  hook: 'a hook',
  'session-consumer': 'a hook that reads request.session',
  passport: '@fastify/passport',
  'session-routes': 'a routes plugin that reads request.session',
  routes: 'a routes plugin whose code session-kit cannot follow',
  'sessionless-routes': 'a routes plugin that never reads request.session',
  route: 'a route',
  ready: 'app.ready()',
  listen: 'app.listen',
};

export const FASTIFY_ORDERING: OrderingRule[] = [
  {
    id: 'fastify/cookie-before-session',
    step: 'cookie',
    before: ['session'],
    severity: 'error',
    message:
      '@fastify/session needs @fastify/cookie registered first (the app fails at boot with FST_ERR_PLUGIN_DEPENDENCY_NOT_REGISTERED).',
    fix: 'Move the @fastify/cookie registration above the @fastify/session registration.',
  },
  {
    // A route declared on the app itself gets the hooks of its context when the app is
    // ready, so one above the session still has it; a routes plugin is a context of its
    // own that copies the hooks there when it loads, and an onRequest hook runs in order.
    id: 'fastify/session-before-routes',
    step: 'session',
    before: ['session-routes', 'session-consumer', 'ready', 'listen'],
    severity: 'error',
    message:
      "it reads request.session but is registered before the session plugin: a routes plugin copies its context's hooks when it loads (an onRequest hook runs before later ones), so request.session is undefined there.",
    fix: 'Register @fastify/session (after @fastify/cookie) above the first routes plugin or onRequest hook that reads the session.',
  },
  {
    id: 'fastify/session-before-routes',
    step: 'session',
    before: ['routes'],
    severity: 'error',
    message:
      'its code could not be followed (a package, an autoloaded folder or an unreadable module), so its routes may read request.session, which is undefined in a routes plugin registered before the session plugin.',
    fix: 'Register @fastify/session above it; a routes plugin that never reads the session (health, metrics) can stay first.',
  },
  {
    id: 'fastify/session-before-passport',
    step: 'session',
    before: ['passport'],
    severity: 'error',
    message: '@fastify/passport needs a session plugin registered before it.',
    fix: 'Register @fastify/session above @fastify/passport.',
  },
  {
    id: 'fastify/session-after-app',
    step: 'session',
    after: ['app'],
    severity: 'error',
    message: 'the session plugin must be registered on the app after it is created.',
    fix: 'Register the session right after the app is created.',
  },
  {
    id: 'fastify/cookie-after-app',
    step: 'cookie',
    after: ['app'],
    severity: 'error',
    message: 'the cookie plugin must be registered on the app after it is created.',
    fix: 'Register @fastify/cookie right after the app is created.',
  },
  {
    // Placement only: add puts the session above every route and routes plugin, also
    // those that would work without it (routes on the app itself, plugins that never read it).
    id: 'fastify/session-before-every-route',
    step: 'session',
    before: ['route', 'sessionless-routes'],
    severity: 'warning',
    scope: 'add',
    message: 'session-kit registers the session above every route.',
    fix: '',
  },
  {
    // Placement only: other plugins (cors, helmet, sensible) keep their place before the session.
    id: 'fastify/session-after-plugins',
    step: 'session',
    after: ['plugin', 'hook', 'cookie'],
    severity: 'warning',
    scope: 'add',
    message: 'session-kit registers the session after the plugins that precede the routes.',
    fix: '',
  },
];

export const FASTIFY_REQUIREMENTS: RequirementRule[] = [
  {
    id: 'fastify/session-requires-cookie',
    when: 'session',
    requires: 'cookie',
    severity: 'error',
    message: '@fastify/session is registered but @fastify/cookie is not (the app fails at boot).',
    fix: 'Register @fastify/cookie before @fastify/session.',
  },
];
