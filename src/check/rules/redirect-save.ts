/**
 * express-session writes a changed session when the response ends, asynchronously with
 * a persistent store; `res.redirect()` right after `req.session.x = …` lets the browser
 * follow the redirect before the write lands, so the next page sees the old session
 * (a login that "does not stick" until a reload). `req.session.save(() => res.redirect(…))`
 * orders them. @fastify/session and koa-session save before they send, so this is
 * express-session's (Express, Nest on Express).
 */
import { findingAt } from '../finding.js';
import { enclosingFunctions } from '../handlers.js';
import { persistentStore, sessionOptions } from '../session-options.js';
import type { CheckFinding, GenericRule, RuleContext } from '../types.js';

const WRITES_SESSION =
  /(?<![\w$])req\.session\.(?!save\b|regenerate\b|destroy\b|reload\b|touch\b|cookie\b)[\w$]+(?:\.[\w$]+|\[[^\]\n]+\])*\s*(?:=(?![=>])|\+=|-=|\.push\s*\()/g;
const REDIRECT = /(?<![\w$])res\.redirect\s*\(/g;
const SAVES = /\bsession\.save\s*\(/;

export const redirectBeforeSave: GenericRule = {
  ids: ['redirect-before-save'],
  ecosystems: ['node'],
  run(ctx: RuleContext): CheckFinding[] {
    const options = sessionOptions(ctx).filter((o) => o.setup.library === 'express-session');
    const store = options.map((o) => persistentStore(ctx, o)).find((s) => s !== null);
    if (!store) return [];
    const findings: CheckFinding[] = [];
    for (const source of ctx.sources.matching(/res\.redirect/)) {
      const { code, bare } = source.masked;
      WRITES_SESSION.lastIndex = 0;
      const reported = new Set<number>();
      for (let w = WRITES_SESSION.exec(code); w; w = WRITES_SESSION.exec(code)) {
        const body = enclosingFunctions(bare, w.index)[0];
        if (!body) continue;
        const text = code.slice(body.open, body.close);
        if (SAVES.test(text)) continue;
        REDIRECT.lastIndex = w.index - body.open;
        const redirect = REDIRECT.exec(text);
        if (!redirect) continue;
        const at = body.open + redirect.index;
        if (reported.has(at)) continue;
        reported.add(at);
        findings.push(
          findingAt(source, at, {
            ruleId: 'redirect-before-save',
            severity: 'warning',
            message: `res.redirect() right after writing req.session (line ${code.slice(0, w.index).split('\n').length}): express-session saves to ${store} only as the response ends, so the browser can load the next page before the session is stored and see the old one`,
            fix: 'Save first: req.session.save((err) => { if (err) return next(err); res.redirect(...); }).',
          }),
        );
      }
    }
    return findings;
  },
};
