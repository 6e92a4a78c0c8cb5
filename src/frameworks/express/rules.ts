/** Express ordering rules, as data: `add` places the session by them, `check` reports them. */
import type { OrderingRule, SessionPackage, TrustProxy } from '../types.js';

/** express-session stores every new session unless told otherwise (saveUninitialized defaults to true). */
export const EXPRESS_SESSION_PACKAGE: SessionPackage = {
  name: 'express-session',
  defaultStore: 'memory',
  saveUninitializedDefault: true,
  secureDefault: false,
};

/** `app.set('trust proxy', …)` (anything but false) or `app.enable('trust proxy')`. */
export const EXPRESS_TRUST_PROXY: TrustProxy = {
  patterns: [/\.set\s*\(\s*(['"`])trust proxy\1\s*,\s*(?!false\b)/, /\.enable\s*\(\s*(['"`])trust proxy\1\s*\)/],
  breaks:
    'req.secure is false behind TLS termination, so express-session never sends a Secure cookie: no session survives a request in production, silently',
  fix: "Add app.set('trust proxy', 1) (one proxy hop) after creating the app.",
  repair: { statement: (app) => `${app}.set('trust proxy', 1);` },
};

export const EXPRESS_STEP_KINDS: Record<string, string> = {
  app: 'the app creation',
  session: 'the session middleware',
  'body-parser': 'a body parser',
  'trust-proxy': "app.set('trust proxy')",
  static: 'express.static',
  middleware: 'a middleware',
  'session-consumer': 'a middleware that reads req.session',
  'session-router': 'a router that reads the session',
  'session-route': 'a route that reads the session',
  router: 'a router whose code session-kit cannot follow',
  route: 'a route whose handlers session-kit cannot follow',
  'sessionless-router': 'a router that never reads the session',
  'sessionless-route': 'a route that never reads the session',
  passport: 'passport',
  'error-handler': 'an error handler',
  listen: 'app.listen',
};

export const EXPRESS_ORDERING: OrderingRule[] = [
  {
    id: 'express/session-before-passport',
    step: 'session',
    before: ['passport'],
    severity: 'error',
    message: 'passport needs the session first ("Login sessions require session support").',
    fix: 'Move app.use(session...) above app.use(passport.initialize()) and app.use(passport.session()).',
  },
  {
    // Static files, health and metrics routers that never read the session may come
    // first (the usual, deliberate order): only code that reads it, or code that
    // cannot be followed, is reported.
    id: 'express/session-before-routes',
    step: 'session',
    before: ['session-router', 'session-route', 'session-consumer', 'listen'],
    severity: 'error',
    message: 'it reads req.session (or req.user, passport) before the session middleware ran, so it sees undefined.',
    fix: 'Move app.use(session...) above the first router or route that reads the session.',
  },
  {
    id: 'express/session-before-routes',
    step: 'session',
    before: ['router', 'route'],
    severity: 'error',
    message:
      'its code could not be followed (a package or an unreadable module), so it may read req.session before the session middleware ran and see undefined.',
    fix: 'Move app.use(session...) above it; a router that never reads the session can stay first.',
  },
  {
    id: 'express/session-after-app',
    step: 'session',
    after: ['app'],
    severity: 'error',
    message: 'the session middleware must be registered on the app after it is created.',
    fix: 'Register the session right after `const app = express()`.',
  },
  {
    // Placement only: cheap middleware (parsers, static files, logging) runs first so
    // static requests never touch the store. Not an error when an app does otherwise.
    id: 'express/session-after-parsers',
    step: 'session',
    after: ['body-parser', 'trust-proxy', 'static', 'middleware'],
    severity: 'warning',
    scope: 'add',
    message: 'session-kit places the session after body parsers, static files and generic middleware.',
    fix: '',
  },
];
