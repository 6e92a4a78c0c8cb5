/**
 * The passport libraries and whether their login gives the visitor a new session id,
 * by the versions the app declares (the lowest version a range admits):
 * - passport regenerates the session in req.login since 0.6.0 (express-session's
 *   `regenerate`); before, the id survives the login.
 * - @fastify/passport regenerates it in request.logIn since 2.3.0 (with @fastify/session;
 *   with @fastify/secure-session there is no id, it clears the session's fields);
 *   fastify-passport, its old name, never did.
 * - koa-passport below 5 runs passport 0.4/0.5: the id survives ctx.login. From 5 it runs
 *   passport 0.6, which calls ctx.session.regenerate(): koa-session has it from 6.4.0,
 *   and below that every login throws "req.session.regenerate is not a function".
 */
import { compareVersions, lowestVersion } from '../../detect/node-version.js';
import { dependencyRange, type PackageJson } from '../../detect/project.js';

export interface LoginVerdict {
  severity: 'error' | 'warning';
  message: string;
  fix: string;
}

export interface LoginLibrary {
  /** The package. */
  name: string;
  /** The usual local name of its authenticator (`passport.authenticate`), besides the names a file imports it as. */
  local: string;
  /** Request objects it gives a `login`/`logIn` method. */
  requests: string[];
  /** A finding for every login, or null when this setup regenerates the session itself. */
  verdict(pkg: PackageJson | null): LoginVerdict | null;
}

/** The declared range of `name` admits versions below `version`. */
function below(pkg: PackageJson | null, name: string, version: [number, number, number]): boolean {
  const range = dependencyRange(pkg, name);
  const lowest = range === null ? null : lowestVersion(range);
  return lowest !== null && compareVersions(lowest, version) < 0;
}

const FIXATION = 'whoever planted that id before the login is logged in too (session fixation)';

export const LOGIN_LIBRARIES: LoginLibrary[] = [
  {
    name: 'passport',
    local: 'passport',
    requests: ['req', 'request'],
    verdict: (pkg) =>
      below(pkg, 'passport', [0, 6, 0])
        ? {
            severity: 'error',
            message: `passport ${dependencyRange(pkg, 'passport')} keeps the session id across login (only 0.6 and later regenerate it): ${FIXATION}`,
            fix: 'Upgrade passport to 0.6 or later (it regenerates the session on req.login), or call req.session.regenerate before req.login.',
          }
        : null,
  },
  {
    name: '@fastify/passport',
    local: 'fastifyPassport',
    requests: ['req', 'request'],
    verdict: (pkg) =>
      below(pkg, '@fastify/passport', [2, 3, 0])
        ? {
            severity: 'error',
            message: `@fastify/passport ${dependencyRange(pkg, '@fastify/passport')} keeps the session id across request.logIn (2.3.0 and later regenerate it): ${FIXATION}`,
            fix: 'Upgrade @fastify/passport to 2.3.0 or later (it regenerates the session on login), or call await request.session.regenerate() before request.logIn.',
          }
        : null,
  },
  {
    name: 'fastify-passport',
    local: 'fastifyPassport',
    requests: ['req', 'request'],
    verdict: (pkg) =>
      dependencyRange(pkg, 'fastify-passport')
        ? {
            severity: 'error',
            message: `fastify-passport (renamed @fastify/passport) keeps the session id across request.logIn: ${FIXATION}`,
            fix: 'Replace fastify-passport with @fastify/passport 2.3.0 or later (it regenerates the session on login).',
          }
        : null,
  },
  {
    name: 'koa-passport',
    local: 'passport',
    requests: ['ctx', 'context'],
    verdict: (pkg) => {
      if (!dependencyRange(pkg, 'koa-passport')) return null;
      if (below(pkg, 'koa-passport', [5, 0, 0]))
        return {
          severity: 'error',
          message: `koa-passport ${dependencyRange(pkg, 'koa-passport')} runs passport 0.4/0.5, which keeps the session id across ctx.login: ${FIXATION}`,
          fix: 'Upgrade koa-passport to 5 or later with koa-session 6.4 or later (ctx.login then regenerates the session), or call await ctx.session.regenerate() before ctx.login.',
        };
      if (below(pkg, 'koa-session', [6, 4, 0]))
        return {
          severity: 'error',
          message: `koa-passport 5+ (passport 0.6) calls ctx.session.regenerate() on every login, which koa-session ${dependencyRange(pkg, 'koa-session')} does not have (it came in 6.4.0): every login fails with "req.session.regenerate is not a function"`,
          fix: 'Upgrade koa-session to 6.4 or later.',
        };
      return null;
    },
  },
];
