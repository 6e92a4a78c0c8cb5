/**
 * A session middleware registered on a sub-router or sub-app (`api.use(session(…))`,
 * `api.use(useSession())`) covers that router only. A route or middleware registered on
 * the app itself, in the same file, that reads the session runs without it: `req.session`
 * (Hono: `c.get('session')`) is undefined there. The app's name comes from the
 * framework's recognised `app` step.
 */
import { lineColumn } from '../../edit/lines.js';
import { findingAt } from '../finding.js';
import { matchingClose } from '../mask.js';
import type { CheckFinding, GenericRule, RuleContext } from '../types.js';

/** `name.use(` with only a path or other middleware before the session in the call. */
const REGISTERED_ON = /([A-Za-z_$][\w$]*)\s*\.\s*use\s*\([^;{}]*$/;
/** Express `Router()`, `express.Router()`, `express()`; Hono `new Hono()`. */
const SUB_APP = (name: string) =>
  new RegExp(
    String.raw`(?<![\w$.])(?:const|let|var)\s+${name.replace(/\$/g, '\\$')}\s*(?::[^=]+)?=\s*(?:(?:express\s*\.\s*)?Router\s*\(|express\s*\(|new\s+Hono\s*[(<])`,
  );
const READS_SESSION =
  /(?<![\w$])(?:req|request)\.(?:session|user)\b|(?<![\w$])req\.(?:isAuthenticated|login|logIn|logout|logOut)\s*\(|\bc\.(?:get\s*\(\s*['"`]session['"`]|var\.session\b)/;
const APP_CALL = (app: string) =>
  new RegExp(
    String.raw`(?<![\w$.])${app.replace(/\$/g, '\\$')}\s*\.\s*(?:use|get|post|put|patch|delete|all|on)\s*\(`,
    'g',
  );

export const sessionCoverage: GenericRule = {
  ids: ['session-used-outside-middleware'],
  ecosystems: ['node'],
  run(ctx: RuleContext): CheckFinding[] {
    const appStep = ctx.steps.find((s) => s.kind === 'app');
    const app = appStep ? /(?:const|let|var)\s+([A-Za-z_$][\w$]*)/.exec(appStep.text)?.[1] : undefined;
    if (!app || !appStep) return [];
    const findings: CheckFinding[] = [];
    for (const setup of ctx.sessionSetups.filter((s) => s.file === appStep.file)) {
      const source = ctx.sources.get(setup.file);
      if (!source) continue;
      const { code, bare } = source.masked;
      const on = REGISTERED_ON.exec(code.slice(Math.max(0, setup.start - 200), setup.start))?.[1];
      if (!on || on === app || !SUB_APP(on).test(code)) continue;
      const setupLine = lineColumn(source.text, setup.start).line;
      const calls = APP_CALL(app);
      for (let m = calls.exec(bare); m; m = calls.exec(bare)) {
        const open = m.index + m[0].length - 1;
        const args = code.slice(open, matchingClose(bare, open));
        // Mounting the router that has the session is fine; so is a call that never reads it.
        if (new RegExp(String.raw`(?<![\w$.])${on.replace(/\$/g, '\\$')}(?![\w$])`).test(args)) continue;
        if (!READS_SESSION.test(args)) continue;
        findings.push(
          findingAt(source, m.index, {
            ruleId: 'session-used-outside-middleware',
            severity: 'error',
            message: `this reads the session but is registered on ${app}, while the session middleware is registered on ${on} only (line ${setupLine}): it runs without a session, and reads undefined`,
            fix: `Register the session on ${app} itself, before its routers (${app}.use(...)), or move this route onto ${on}.`,
          }),
        );
      }
    }
    return findings;
  },
};
