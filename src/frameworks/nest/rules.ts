/** NestJS ordering rules, as data: the session goes on the app between NestFactory.create and app.init()/app.listen(). */
import { EXPRESS_SESSION_PACKAGE, EXPRESS_TRUST_PROXY } from '../express/rules.js';
import { FASTIFY_SESSION_PACKAGE, FASTIFY_TRUST_PROXY } from '../fastify/rules.js';
import type { OrderingRule, RequirementRule, SessionPackage, TrustProxy } from '../types.js';

/** Nest runs express-session or @fastify/session, with their defaults. */
export const NEST_SESSION_PACKAGES: SessionPackage[] = [EXPRESS_SESSION_PACKAGE, FASTIFY_SESSION_PACKAGE];

/**
 * On the Express adapter `app.set('trust proxy', 1)` (NestExpressApplication) or on its
 * instance; on the Fastify adapter `new FastifyAdapter({ trustProxy: true })`.
 */
export const NEST_TRUST_PROXY: TrustProxy = {
  patterns: [...EXPRESS_TRUST_PROXY.patterns, ...FASTIFY_TRUST_PROXY.patterns],
  breaks:
    'the request looks like plain HTTP behind TLS termination, so the session library never sends a Secure cookie: no session survives a request in production, silently',
  fix: "Call app.set('trust proxy', 1) on the NestExpressApplication (Express adapter), or pass new FastifyAdapter({ trustProxy: true }).",
  // An app created as NestExpressApplication has `set`; the plain INestApplication type reaches it through its adapter.
  repair: (detection) =>
    detection?.facts?.adapter === 'fastify'
      ? { option: 'trustProxy: true', call: /\bnew\s+FastifyAdapter\s*\(\s*/ }
      : {
          statement: (app, creation) =>
            /\bNestExpressApplication\b/.test(creation)
              ? `${app}.set('trust proxy', 1);`
              : `${app}.getHttpAdapter().getInstance().set('trust proxy', 1);`,
        },
};

export const NEST_STEP_KINDS: Record<string, string> = {
  app: 'NestFactory.create',
  session: 'the session registration',
  cookie: 'the @fastify/cookie registration',
  'other-session': 'another session plugin (@fastify/secure-session...)',
  middleware: 'a middleware (app.use)',
  passport: 'passport (passport.initialize() / passport.session())',
  'session-consumer': 'a middleware that reads the session',
  plugin: 'a plugin registration (app.register)',
  init: 'app.init()',
  listen: 'app.listen',
};

export const NEST_ORDERING: OrderingRule[] = [
  {
    id: 'nest/session-before-init',
    step: 'session',
    before: ['init', 'listen'],
    severity: 'error',
    message:
      'middleware added after app.init() or app.listen() is never applied to the routes: req.session stays undefined.',
    fix: 'Register the session after NestFactory.create and before app.init()/app.listen().',
  },
  {
    id: 'nest/session-before-passport',
    step: 'session',
    before: ['passport'],
    severity: 'error',
    message:
      'passport needs the session first: passport.session() (or @fastify/passport\'s secureSession()) registered above it finds no session ("Login sessions require session support"), so no login survives a request.',
    fix: 'Move the session registration above app.use(passport.initialize()) and app.use(passport.session()) (app.register(fastifyPassport.initialize()) on Fastify).',
  },
  {
    // Controllers' routes run after every app.use, so only middleware that reads the session is misplaced above it.
    id: 'nest/session-before-readers',
    step: 'session',
    before: ['session-consumer'],
    severity: 'error',
    message: 'it reads req.session (or req.user) but runs before the session middleware, so it sees undefined.',
    fix: 'Move the session registration above the middleware that reads the session; other middleware (helmet, cookie-parser) can stay first.',
  },
  {
    id: 'nest/session-after-app',
    step: 'session',
    after: ['app'],
    severity: 'error',
    message: 'the session must be registered on the app after NestFactory.create.',
    fix: 'Register the session right after `const app = await NestFactory.create(...)`.',
  },
  {
    id: 'nest/cookie-before-session',
    step: 'cookie',
    before: ['session'],
    severity: 'error',
    message: '@fastify/session needs @fastify/cookie registered first (the app fails at boot).',
    fix: 'Move the @fastify/cookie registration above the @fastify/session registration.',
  },
  {
    id: 'nest/cookie-before-init',
    step: 'cookie',
    before: ['init', 'listen'],
    severity: 'error',
    message: 'plugins registered after app.init() or app.listen() are not applied.',
    fix: 'Register @fastify/cookie after NestFactory.create and before app.init()/app.listen().',
  },
  {
    // Placement only: the app's own middleware (helmet, compression, cookie-parser) keeps its place first.
    id: 'nest/session-after-middleware',
    step: 'session',
    after: ['middleware', 'plugin'],
    severity: 'warning',
    scope: 'add',
    message: 'session-kit registers the session after the app’s other middleware and plugins.',
    fix: '',
  },
];

export const NEST_FASTIFY_REQUIREMENTS: RequirementRule[] = [
  {
    id: 'nest/fastify-session-requires-cookie',
    when: 'session',
    requires: 'cookie',
    severity: 'error',
    message: '@fastify/session is registered but @fastify/cookie is not (the app fails at boot).',
    fix: 'Register @fastify/cookie before @fastify/session.',
  },
];
