/** Hono ordering rules, as data: `add` places the session by them, `check` reports them. */
import type { OrderingRule } from '../types.js';

export const HONO_STEP_KINDS: Record<string, string> = {
  app: 'the app creation (new Hono())',
  'session-storage': 'the session storage middleware (useSessionStorage)',
  session: 'the session middleware (useSession)',
  middleware: 'a middleware',
  'session-consumer': 'a middleware that reads the session',
  route: 'a route',
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
    id: 'hono/session-before-routes',
    step: 'session',
    before: ['route', 'session-consumer', 'serve'],
    severity: 'error',
    message:
      'routes registered before useSession run without it: c.var.session is undefined and reading it answers 500.',
    fix: 'Move the session middleware above the first route and app.route(...).',
  },
  {
    id: 'hono/storage-before-routes',
    step: 'session-storage',
    before: ['route', 'session-consumer', 'serve'],
    severity: 'error',
    message:
      'routes registered before the session storage middleware keep their sessions in the cookie, not in the store.',
    fix: 'Move app.use(useSessionStorage(...)) above the first route and app.route(...).',
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
