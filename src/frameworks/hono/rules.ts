/** Hono ordering rules, as data: `add` places the session by them, `check` reports them. */
import type { OrderingRule } from '../types.js';

export const HONO_STEP_KINDS: Record<string, string> = {
  app: 'the app creation (new Hono())',
  'session-storage': 'the session storage middleware (useSessionStorage)',
  session: 'the session middleware (useSession)',
  middleware: 'a middleware',
  'session-consumer': 'a middleware that reads the session',
  'session-route': 'a route that reads the session',
  route: 'a route whose handlers session-kit cannot follow',
  'sessionless-route': 'a route that never reads the session',
  serve: 'the server start or app export',
};

export const HONO_ORDERING: OrderingRule[] = [
  {
    id: 'hono/storage-before-session',
    step: 'session-storage',
    before: ['session'],
    severity: 'error',
    message:
      'useSession looks for the storage when it runs: registered after it, the storage is never used and the whole session goes into the cookie instead, silently.',
    fix: 'Register the storage first: app.use(useSessionStorage(storage), useSession(...)).',
  },
  {
    // A route before the session answers without it: fine for a probe or static files
    // that never read it (the usual, deliberate order), an error for one that does.
    id: 'hono/session-before-routes',
    step: 'session',
    before: ['session-route', 'session-consumer', 'serve'],
    severity: 'error',
    message:
      "it reads the session (c.get('session'), c.var.session) but runs before useSession: the session is undefined there and reading it answers 500.",
    fix: 'Move the session middleware above the first route or app.route(...) that reads the session.',
  },
  {
    id: 'hono/session-before-routes',
    step: 'session',
    before: ['route'],
    severity: 'error',
    message:
      'its code could not be followed (a package or an unreadable module), so it may read the session before useSession ran: c.var.session would be undefined and reading it answers 500.',
    fix: 'Move the session middleware above it; a route that never reads the session (a health probe) can stay first.',
  },
  {
    id: 'hono/storage-before-routes',
    step: 'session-storage',
    before: ['session-route', 'route', 'session-consumer', 'serve'],
    severity: 'error',
    message:
      'routes registered before the session storage middleware keep their sessions in the cookie, not in the store.',
    fix: 'Move app.use(useSessionStorage(...)) above the first route and app.route(...) that reads the session.',
  },
  {
    id: 'hono/session-after-app',
    step: 'session',
    after: ['app'],
    severity: 'error',
    message: 'the session middleware must be registered on the app after it is created.',
    fix: 'Register the session right after `const app = new Hono()`.',
  },
  {
    // Placement only: add puts the session above every route, also those that never read it.
    id: 'hono/session-before-sessionless-routes',
    step: 'session',
    before: ['sessionless-route'],
    severity: 'warning',
    scope: 'add',
    message: 'session-kit places the session above every route.',
    fix: '',
  },
  {
    // Placement only: loggers, CORS, security headers run first.
    id: 'hono/session-after-middleware',
    step: 'session',
    after: ['middleware'],
    severity: 'warning',
    scope: 'add',
    message: 'session-kit places the session after generic middleware such as logger() and cors().',
    fix: '',
  },
];
