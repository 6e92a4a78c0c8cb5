/**
 * A login that keeps the session id the visitor had before logging in: whoever planted
 * that id (a link, a shared computer, a subdomain's cookie) is logged in too (session
 * fixation). A login is a handler that checks a password and then puts the user into the
 * session (`req.session.userId = …`, `request.session.set('user', …)`, `ctx.session.user
 * = …`), or passport's `req.login()` / `passport.authenticate()` before passport 0.6 (which
 * regenerates the session itself since). The handler must call the session's
 * `regenerate` (express-session, @fastify/session) or `ctx.regenerateSession()` (koa-session).
 */
import { dependencyRange } from '../../detect/project.js';
import { findingAt } from '../finding.js';
import { enclosingFunctions } from '../handlers.js';
import type { CheckFinding, GenericRule, RuleContext } from '../types.js';

const IDENTITY = `(?:user|userId|userID|user_id|uid|account|accountId|authenticated|loggedIn|isLoggedIn|isAuthenticated|auth)`;
const SETS_USER = new RegExp(
  String.raw`(?<![\w$])(?:req|request|ctx|context)\.session\.(?:${IDENTITY}\s*=(?![=>])\s*(?!null\b|undefined\b|false\b)|set\s*\(\s*(['"\`])${IDENTITY}\1)`,
  'g',
);
const PASSWORD_CHECK = /password|passwd|bcrypt|argon2|scrypt|\.compare\s*\(|verify\w*\s*\(/i;
const PASSPORT_LOGIN =
  /(?<![\w$])(?:req|request)\.log[iI]n\s*\(|(?<![\w$])passport\.authenticate\s*\(\s*(['"`])(?!jwt|bearer|anonymous|headerapikey)/g;
const REGENERATES = /\bregenerate(?:Session)?\s*\(/;
const HINT = /\.session\.|\.log[iI]n\s*\(|passport\.authenticate/;

function passportBefore06(ctx: RuleContext): boolean {
  const range = dependencyRange(ctx.project.packageJson, 'passport');
  const version = range ? /(\d+)\.(\d+)/.exec(range) : null;
  return version !== null && Number(version[1]) === 0 && Number(version[2]) < 6;
}

export const loginRegenerate: GenericRule = {
  ids: ['no-regenerate-on-login'],
  ecosystems: ['node'],
  run(ctx: RuleContext): CheckFinding[] {
    const findings: CheckFinding[] = [];
    const oldPassport = passportBefore06(ctx);
    for (const source of ctx.sources.matching(HINT)) {
      const { code, bare } = source.masked;
      const reported = new Set<number>();
      SETS_USER.lastIndex = 0;
      for (let m = SETS_USER.exec(code); m; m = SETS_USER.exec(code)) {
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
            fix: 'Call req.session.regenerate(cb) (@fastify/session: await request.session.regenerate(); koa-session: await ctx.regenerateSession()) after the password check and set the user in the new session.',
          }),
        );
      }
      if (!oldPassport) continue;
      PASSPORT_LOGIN.lastIndex = 0;
      for (let m = PASSPORT_LOGIN.exec(code); m; m = PASSPORT_LOGIN.exec(code)) {
        const bodies = enclosingFunctions(bare, m.index);
        if (bodies.some((b) => REGENERATES.test(code.slice(b.open, b.close)))) continue;
        findings.push(
          findingAt(source, m.index, {
            ruleId: 'no-regenerate-on-login',
            severity: 'error',
            message: `passport ${dependencyRange(ctx.project.packageJson, 'passport')} keeps the session id across login (only 0.6 and later regenerate it): whoever planted that id before the login is logged in too (session fixation)`,
            fix: 'Upgrade passport to 0.6 or later (it regenerates the session on req.login), or call req.session.regenerate before req.login.',
          }),
        );
      }
    }
    return findings;
  },
};
