/**
 * A session secret written into the source: anyone with the repository can forge
 * session cookies. A literal fallback (`process.env.SESSION_SECRET || 'dev'`) is the
 * same leak the day the variable is missing in production.
 */
import { findingAt } from '../finding.js';
import type { CheckFinding, GenericRule, RuleContext } from '../types.js';

/** `secret: ...`, `secrets: ...`, `keys: ...`, `app.keys = ...`, `cookieSecret: ...`, `password: ...` (sealed-cookie sessions). */
const SECRET_KEY = /(?<![\w$])(secret|secrets|keys|cookieSecret|sessionSecret|password)\s*(:|=(?![=>]))\s*/g;
const STRING = /^(?:'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`[^`$]*`)/;
const STRING_ARRAY = /^\[\s*(?:(?:'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`[^`$]*`)\s*,?\s*)+\]/;
const ENV_FALLBACK = /^(?:process\.env(?:\.[\w$]+|\[['"][\w$]+['"]\])|Deno\.env\.get\([^)]*\)|env\.[\w$]+)\s*(?:\|\||\?\?)\s*(?:'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`[^`$]*`)/;

function checkFile(ctx: RuleContext, fileIndex: number): CheckFinding[] {
  const source = ctx.sessionFiles[fileIndex];
  const { code } = source.masked;
  const findings: CheckFinding[] = [];
  SECRET_KEY.lastIndex = 0;
  for (let m = SECRET_KEY.exec(code); m; m = SECRET_KEY.exec(code)) {
    const key = m[1];
    const valueStart = m.index + m[0].length;
    const rest = code.slice(valueStart, valueStart + 400);
    // `password` is a secret of sealed-cookie sessions only when written next to a cookie name or session options.
    if (key === 'password' && !/cookieName|useSession|getIronSession|sealData|sealSession|ironSession/.test(code.slice(Math.max(0, m.index - 300), valueStart + 300))) continue;
    if (key === 'keys' && m[2] === ':' && !/session/i.test(code.slice(Math.max(0, m.index - 200), m.index))) continue;
    if (STRING.test(rest) || STRING_ARRAY.test(rest)) {
      const literal = (STRING.exec(rest) ?? STRING_ARRAY.exec(rest))?.[0] ?? '';
      if (/^\[?\s*(['"`])\1\s*\]?$/.test(literal)) continue;
      findings.push(
        findingAt(source, valueStart, {
          ruleId: 'secret-literal',
          severity: 'error',
          message: `the session ${key === 'keys' ? 'keys are' : 'secret is'} a literal in the source: anyone who can read the repository can forge session cookies`,
          fix: `Read it from the environment, e.g. ${key}: process.env.SESSION_SECRET${key === 'keys' || key === 'secrets' ? ".split(',')" : ''} (session-kit add writes a generated one to .env).`,
        }),
      );
    } else if (ENV_FALLBACK.test(rest)) {
      findings.push(
        findingAt(source, valueStart, {
          ruleId: 'secret-fallback',
          severity: 'warning',
          message: 'the session secret falls back to a literal when the variable is unset: a deploy that forgets the variable signs cookies with a public secret',
          fix: 'Fail at startup when the variable is missing instead of falling back, e.g. `if (!process.env.SESSION_SECRET) throw new Error(...)`.',
        }),
      );
    }
  }
  return findings;
}

export const secretLiteral: GenericRule = {
  ids: ['secret-literal', 'secret-fallback'],
  ecosystems: ['node'],
  run: (ctx) => ctx.sessionFiles.flatMap((_, i) => checkFile(ctx, i)),
};
