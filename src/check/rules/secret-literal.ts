/**
 * A session secret written into the source: anyone with the repository can forge
 * session cookies. A literal fallback (`process.env.SESSION_SECRET || 'dev'`) is the
 * same leak the day the variable is missing in production.
 */
import { lineColumn } from '../../edit/lines.js';
import { findingAt } from '../finding.js';
import { topLevelKeys } from '../mask.js';
import type { SourceFile } from '../sources.js';
import type { CheckFinding, GenericRule, RuleContext } from '../types.js';

/** `secret: ...`, `secrets: ...`, `keys: ...`, `app.keys = ...`, `cookieSecret: ...`, `password: ...` (sealed-cookie sessions). */
const SECRET_KEY = /(?<![\w$])(secret|secrets|keys|cookieSecret|sessionSecret|password)\s*(:|=(?![=>]))\s*/g;
const STRING = /^(?:'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`[^`$]*`)/;
const STRING_ARRAY = /^\[\s*(?:(?:'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`[^`$]*`)\s*,?\s*)+\]/;
const ENV_FALLBACK =
  /^(?:process\.env(?:\.[\w$]+|\[['"][\w$]+['"]\])|Deno\.env\.get\([^)]*\)|env\.[\w$]+)\s*(?:\|\||\?\?)\s*(?:'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`[^`$]*`)/;

/** Secrets copied from READMEs and tutorials: the first values an attacker tries. */
const SAMPLE_SECRETS = new Set([
  'keyboard cat',
  'secret',
  'changeme',
  'change me',
  'change-me',
  'changeit',
  'mysecret',
  'my secret',
  'my-secret',
  'supersecret',
  'super secret',
  'super-secret',
  'your secret',
  'your-secret',
  'yoursecret',
  'session secret',
  'sessionsecret',
  'secret key',
  'secretkey',
  'secret-key',
  'dev',
  'development',
  'test',
  'password',
  'default',
  'foobar',
  'insecure',
  'replace me',
  'replaceme',
  'a secret with minimum length of 32 characters',
  'cookie secret',
  'shhhhh',
  'shhh',
]);
const IDENTIFIER_REF =
  /^([A-Za-z_$][\w$]*)(?:\s*\.\s*([A-Za-z_$][\w$]*)|\s*\[\s*(['"])([^'"\n]+)\3\s*\])?\s*(?=[,})\];\n]|$)/;
const STRING_CALL = /^String\(\s*((?:'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`[^`$]*`))\s*\)/;
const NOT_A_BINDING = new Set(['process', 'undefined', 'null', 'true', 'false', 'this']);

interface Literal {
  text: string;
  /** Through which binding it was found (`SECRET`, `cfg.s`), for the message; null when written in place. */
  via: string | null;
  /** Offset of the literal itself. */
  at: number;
}

/** The value of `const|let|var name = ...` in this file (the first declaration), or -1. */
function declarationValue(code: string, name: string): number {
  const escaped = name.replace(/\$/g, '\\$');
  const match = new RegExp(`(?<![\\w$.])(?:const|let|var)\\s+${escaped}\\s*(?::[^=]+)?=(?![=>])\\s*`).exec(code);
  return match ? match.index + match[0].length : -1;
}

/**
 * The string literal a session secret's value is, written in place, inside String(...),
 * or behind a local constant or an object property of one (`SECRET`, `cfg.s`), a few
 * bindings deep. null for anything read at run time (the environment, a call).
 */
function literalAt(source: SourceFile, at: number, depth = 0): Literal | null {
  const { code } = source.masked;
  const rest = code.slice(at, at + 400);
  const literal = STRING.exec(rest) ?? STRING_ARRAY.exec(rest);
  if (literal) return { text: literal[0], via: null, at };
  const call = STRING_CALL.exec(rest);
  if (call) return { text: call[1], via: null, at: at + rest.indexOf(call[1]) };
  const ref = IDENTIFIER_REF.exec(rest);
  if (!ref || depth >= 4 || NOT_A_BINDING.has(ref[1])) return null;
  const value = declarationValue(code, ref[1]);
  if (value === -1) return null;
  const property = ref[2] ?? ref[4];
  let target = value;
  if (property) {
    if (code[value] !== '{') return null;
    const key = topLevelKeys(source.masked, value).get(property);
    if (key === undefined) return null;
    const colon = /^[^:,}]*:\s*/.exec(code.slice(key));
    if (!colon) return null;
    target = key + colon[0].length;
  }
  const found = literalAt(source, target, depth + 1);
  return found && { ...found, via: found.via ?? (property ? `${ref[1]}.${property}` : ref[1]) };
}

function unquote(literal: string): string {
  return literal.slice(1, -1).trim().toLowerCase();
}

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
    if (
      key === 'password' &&
      !/cookieName|useSession|getIronSession|sealData|sealSession|ironSession/.test(
        code.slice(Math.max(0, m.index - 300), valueStart + 300),
      )
    )
      continue;
    if (key === 'keys' && m[2] === ':' && !/session/i.test(code.slice(Math.max(0, m.index - 200), m.index))) continue;
    const literal = literalAt(source, valueStart);
    if (literal) {
      if (/^\[?\s*(['"`])\1\s*\]?$/.test(literal.text)) continue;
      const sample = literal.text.startsWith('[')
        ? null
        : SAMPLE_SECRETS.has(unquote(literal.text))
          ? literal.text
          : null;
      const what = key === 'keys' ? 'keys are' : 'secret is';
      const through = literal.via ? ` (through ${literal.via}, line ${lineColumn(source.text, literal.at).line})` : '';
      findings.push(
        findingAt(source, valueStart, {
          ruleId: 'secret-literal',
          severity: 'error',
          message: `the session ${what} a literal in the source${through}: anyone who can read the repository can forge session cookies${sample ? ` (${sample} is a well-known sample secret, the first one an attacker tries)` : ''}`,
          fix: `Read it from the environment, e.g. ${key}: process.env.SESSION_SECRET${key === 'keys' || key === 'secrets' ? ".split(',')" : ''} (session-kit add writes a generated one to .env).`,
        }),
      );
    } else if (ENV_FALLBACK.test(rest)) {
      const fallback = /(?:\|\||\?\?)\s*((?:'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`[^`$]*`))/.exec(rest)?.[1] ?? '';
      const sample = SAMPLE_SECRETS.has(unquote(fallback));
      findings.push(
        findingAt(source, valueStart, {
          ruleId: 'secret-fallback',
          severity: 'warning',
          message: `the session secret falls back to a literal${sample ? ` (${fallback}, a well-known sample secret)` : ''} when the variable is unset: a deploy that forgets the variable signs cookies with a public secret`,
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
