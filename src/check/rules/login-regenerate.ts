/**
 * A login that keeps the session id the visitor had before logging in: whoever planted
 * that id (a link, a shared computer, a subdomain's cookie) is logged in too (session
 * fixation). A login is a handler that checks a password and then puts the user into the
 * session (`req.session.userId = …`, `request.session.set('user', …)`, `ctx.session.user
 * = …`), or a passport login (`req.login()`, `passport.authenticate()`) of a passport
 * library that does not regenerate the session itself (login-libraries.ts). The handler
 * must call the session's `regenerate` (express-session, @fastify/session, koa-session
 * 6.4+) or `ctx.regenerateSession()` (koa-generic-session).
 */
import { findingAt } from '../finding.js';
import { enclosingFunctions } from '../handlers.js';
import { textBindings } from '../imports.js';
import type { CheckFinding, GenericRule, RuleContext } from '../types.js';
import { LOGIN_LIBRARIES, type LoginLibrary } from './login-libraries.js';
import { escapeIdentifier } from '../../edit/regex.js';

const IDENTITY = new Set([
  'user',
  'userId',
  'userID',
  'user_id',
  'uid',
  'account',
  'accountId',
  'authenticated',
  'loggedIn',
  'isLoggedIn',
  'isAuthenticated',
  'auth',
]);
/**
 * `req.session.<name> = <value>` and `request.session.set('<name>'`; the name and value
 * are judged in code (IDENTITY, CLEARED): a pattern listing them costs V8 far more to compile.
 */
const SESSION_WRITE =
  /(?<![\w$])(?:req|request|ctx|context)\.session\.(?:([\w$]+)\s*=(?![=>])\s*([\w$]*)|set\s*\(\s*['"`]([\w$]+)['"`])/g;
/** Logging out, not in. */
const CLEARED = new Set(['null', 'undefined', 'false']);
const PASSWORD_CHECK = /password|passwd|bcrypt|argon2|scrypt|\.compare\s*\(|verify\w*\s*\(/i;
const REGENERATES = /\bregenerate(?:Session)?\s*\(/;
const HINT = /\.session\.|\.log[iI]n\s*\(|\.authenticate\s*\(/;
/** Strategies that authenticate each request and keep no login in the session. */
const STATELESS = '(?!jwt|bearer|anonymous|headerapikey)';

/** `req.login(`, `ctx.logIn(`, and `<the library's local name>.authenticate('local'`. */
function loginCalls(library: LoginLibrary, locals: string[]): RegExp {
  const requests = library.requests.map(escapeIdentifier).join('|');
  const authenticators = [...new Set([library.local, ...locals])].map(escapeIdentifier).join('|');
  return new RegExp(
    String.raw`(?<![\w$])(?:${requests})\.log[iI]n\s*\(|(?<![\w$.])(?:${authenticators})\.authenticate\s*\(\s*(['"\`])${STATELESS}`,
    'g',
  );
}

export const loginRegenerate: GenericRule = {
  ids: ['no-regenerate-on-login'],
  ecosystems: ['node'],
  run(ctx: RuleContext): CheckFinding[] {
    const findings: CheckFinding[] = [];
    // The passport libraries the app depends on whose login keeps (or breaks) the session.
    const libraries = LOGIN_LIBRARIES.flatMap((library) => {
      const verdict = library.verdict(ctx.project.packageJson);
      return verdict ? [{ library, verdict }] : [];
    });
    for (const source of ctx.sources.matching(HINT)) {
      const { code, bare } = source.masked;
      const reported = new Set<number>();
      SESSION_WRITE.lastIndex = 0;
      for (let m = SESSION_WRITE.exec(code); m; m = SESSION_WRITE.exec(code)) {
        if (!IDENTITY.has(m[1] ?? m[3]) || (m[1] !== undefined && CLEARED.has(m[2]))) continue;
        const bodies = enclosingFunctions(bare, m.index);
        if (bodies.length === 0) continue;
        const texts = bodies.map((b) => code.slice(b.open, b.close));
        if (!texts.some((t) => PASSWORD_CHECK.test(t)) || texts.some((t) => REGENERATES.test(t))) continue;
        if (reported.has(bodies[0].open)) continue;
        reported.add(bodies[0].open);
        findings.push(
          findingAt(source, m.index, {
            ruleId: 'no-regenerate-on-login',
            severity: 'warning',
            message:
              'this login puts the user into the session it already had, without a new session id: whoever planted that id before the login is logged in too (session fixation)',
            fix: 'Call req.session.regenerate(cb) (@fastify/session: await request.session.regenerate(); koa-session 6.4+: await ctx.session.regenerate(); koa-generic-session: await ctx.regenerateSession()) after the password check and set the user in the new session.',
          }),
        );
      }
      for (const { library, verdict } of libraries) {
        const locals = textBindings(source.masked)
          .filter((b) => b.source === library.name)
          .flatMap((b) => b.locals);
        const calls = loginCalls(library, locals);
        for (let m = calls.exec(code); m; m = calls.exec(code)) {
          const bodies = enclosingFunctions(bare, m.index);
          if (bodies.some((b) => REGENERATES.test(code.slice(b.open, b.close)))) continue;
          findings.push(findingAt(source, m.index, { ruleId: 'no-regenerate-on-login', ...verdict }));
        }
      }
    }
    return findings;
  },
};
