/**
 * A session secret written into the source: anyone with the repository can forge
 * session cookies. A literal fallback (`process.env.SESSION_SECRET || 'dev'`) is the
 * same leak the day the variable is missing in production.
 */
import path from 'node:path';
import { resolveSourceFile } from '../../detect/entry.js';
import { lineColumn } from '../../edit/lines.js';
import { findingAt } from '../finding.js';
import { textBindings } from '../imports.js';
import { topLevelKeys } from '../mask.js';
import type { SourceFile } from '../sources.js';
import type { CheckFinding, GenericRule, RuleContext } from '../types.js';
import { escapeIdentifier } from '../../edit/regex.js';

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
  /** The file the literal is in, when another module than the one that uses it. */
  file?: string;
  /** Through which binding it was found (`SECRET`, `cfg.s`), for the message; null when written in place. */
  via: string | null;
  /** Offset of the literal itself. */
  at: number;
}

/** The value of `const|let|var name = ...` in this file (the first declaration), or -1. */
function declarationValue(code: string, name: string): number {
  const escaped = escapeIdentifier(name);
  const match = new RegExp(`(?<![\\w$.])(?:const|let|var)\\s+${escaped}\\s*(?::[^=]+)?=(?![=>])\\s*`).exec(code);
  return match ? match.index + match[0].length : -1;
}

/**
 * The string literal a session secret's value is, written in place, inside String(...),
 * or behind a local constant or an object property of one (`SECRET`, `cfg.s`), a few
 * bindings deep. null for anything read at run time (the environment, a call).
 */
function literalAt(source: SourceFile, at: number, depth = 0, ctx?: RuleContext): Literal | null {
  const { code } = source.masked;
  const rest = code.slice(at, at + 400);
  const literal = STRING.exec(rest) ?? STRING_ARRAY.exec(rest);
  if (literal) return { text: literal[0], via: null, at };
  const call = STRING_CALL.exec(rest);
  if (call) return { text: call[1], via: null, at: at + rest.indexOf(call[1]) };
  const ref = IDENTIFIER_REF.exec(rest);
  if (!ref || depth >= 4 || NOT_A_BINDING.has(ref[1])) return null;
  const property = ref[2] ?? ref[4];
  let holder = source;
  let value = declarationValue(code, ref[1]);
  if (value === -1) {
    // A constant or config object imported from a relative module of the project.
    const imported = ctx ? importedValue(ctx, source, ref[1]) : null;
    if (!imported) return null;
    holder = imported.source;
    value = imported.at;
  }
  let target = value;
  if (property) {
    if (holder.masked.code[value] !== '{') return null;
    const key = topLevelKeys(holder.masked, value).get(property);
    if (key === undefined) return null;
    const colon = /^[^:,}]*:\s*/.exec(holder.masked.code.slice(key));
    if (!colon) return null;
    target = key + colon[0].length;
  }
  const found = literalAt(holder, target, depth + 1, ctx);
  if (!found) return null;
  const via = found.via ?? (property ? `${ref[1]}.${property}` : ref[1]);
  return { ...found, via, file: found.file ?? (holder === source ? undefined : holder.file) };
}

/**
 * Where a name imported from a relative module gets its value there: `export const NAME =`,
 * a declaration the module exports, or its default export (`export default {…}`,
 * `module.exports = {…}`) for a default import.
 */
function importedValue(ctx: RuleContext, source: SourceFile, name: string): { source: SourceFile; at: number } | null {
  const binding = textBindings(source.masked).find((b) => b.locals.includes(name) && b.source.startsWith('.'));
  if (!binding) return null;
  const file = resolveSourceFile(ctx.project.files, path.posix.join(path.posix.dirname(source.file), binding.source));
  const target = file ? ctx.sources.get(file) : null;
  if (!target) return null;
  const statement = source.masked.code.slice(binding.start, binding.end);
  const named = new RegExp(`\\{[^}]*\\b${escapeIdentifier(name)}\\b[^}]*\\}`).test(statement);
  if (named) {
    const at = declarationValue(target.masked.code, name);
    return at === -1 ? null : { source: target, at };
  }
  const exported = /(?:export\s+default|module\.exports\s*=)\s*/.exec(target.masked.code);
  return exported ? { source: target, at: exported.index + exported[0].length } : null;
}

function unquote(literal: string): string {
  return literal.slice(1, -1).trim().toLowerCase();
}

function checkFile(ctx: RuleContext, fileIndex: number, reported: Set<string>): CheckFinding[] {
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
    const literal = literalAt(source, valueStart, 0, ctx);
    if (literal) {
      if (/^\[?\s*(['"`])\1\s*\]?$/.test(literal.text)) continue;
      const sample = literal.text.startsWith('[')
        ? null
        : SAMPLE_SECRETS.has(unquote(literal.text))
          ? literal.text
          : null;
      const what = key === 'keys' ? 'keys are' : 'secret is';
      reported.add(`${literal.file ?? source.file}\0${literal.at}`);
      const literalText = literal.file ? (ctx.sources.get(literal.file)?.text ?? source.text) : source.text;
      const where = `${literal.file ? `${literal.file}:` : 'line '}${lineColumn(literalText, literal.at).line}`;
      const through = literal.via ? ` (through ${literal.via}, ${where})` : '';
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

/** `secret: 'keyboard cat'`, `SESSION_SECRET = 'changeme'`: a well-known sample secret written anywhere in the sources. */
const SAMPLE_ASSIGNMENT =
  /(?<![\w$])([\w$]*(?:secret|Secret|SECRET)[\w$]*|keys)\s*(?::|=(?![=>]))\s*((['"`])([^'"`\n]{1,60})\3)/g;
/** Files that may hold one: SAMPLE_ASSIGNMENT's names (a small pattern: V8 compiles every pattern a run uses). */
const MAY_ASSIGN_SAMPLE = /secret|Secret|SECRET|keys/;

/**
 * Files the session setup does not import (a config module, a settings file) that still
 * hold a sample secret under a secret-like name: it becomes the session secret through
 * code session-kit cannot follow, and it is the first value an attacker tries.
 */
function samplesElsewhere(ctx: RuleContext, reported: Set<string>): CheckFinding[] {
  const sessionFiles = new Set(ctx.sessionFiles.map((s) => s.file));
  const findings: CheckFinding[] = [];
  for (const source of ctx.sources.matching(MAY_ASSIGN_SAMPLE)) {
    if (sessionFiles.has(source.file)) continue;
    SAMPLE_ASSIGNMENT.lastIndex = 0;
    for (let m = SAMPLE_ASSIGNMENT.exec(source.masked.code); m; m = SAMPLE_ASSIGNMENT.exec(source.masked.code)) {
      if (!SAMPLE_SECRETS.has(m[4].trim().toLowerCase())) continue;
      const at = m.index + m[0].length - m[2].length;
      if (reported.has(`${source.file}\0${at}`)) continue;
      findings.push(
        findingAt(source, at, {
          ruleId: 'secret-literal',
          severity: 'error',
          message: `${m[1]} is ${m[2]}, a well-known sample secret (the first one an attacker tries): if it signs session cookies, anyone can forge them`,
          fix: 'Read the secret from the environment, e.g. process.env.SESSION_SECRET (session-kit add writes a generated one to .env).',
        }),
      );
    }
  }
  return findings;
}

export const secretLiteral: GenericRule = {
  ids: ['secret-literal', 'secret-fallback'],
  ecosystems: ['node'],
  run(ctx) {
    const reported = new Set<string>();
    const findings = ctx.sessionFiles.flatMap((_, i) => checkFile(ctx, i, reported));
    return [...findings, ...samplesElsewhere(ctx, reported)];
  },
};
