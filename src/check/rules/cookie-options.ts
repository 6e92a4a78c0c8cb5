/**
 * Cookie options that break or weaken sessions: `sameSite: 'none'` without `secure`
 * (browsers drop the cookie, so no session survives a request) and `secure: false`
 * (the session id also travels over plain HTTP).
 */
import { enclosingBrace, topLevelKeys } from '../mask.js';
import { findingAt } from '../finding.js';
import type { CheckFinding, GenericRule, RuleContext } from '../types.js';
import type { SourceFile } from '../sources.js';

const SAME_SITE_NONE = /(?<![\w$])sameSite\s*:\s*(['"`])none\1/gi;
const SECURE_FALSE = /(?<![\w$])secure\s*:\s*false(?![\w$])/g;
const COOKIE_KEYS = ['httpOnly', 'sameSite', 'maxAge', 'expires', 'domain', 'path', 'signed', 'partitioned'];

function isCookieObject(source: SourceFile, open: number): boolean {
  const before = source.masked.code.slice(Math.max(0, open - 40), open);
  if (/cookie\w*\s*:\s*$/i.test(before)) return true;
  const keys = topLevelKeys(source.masked, open);
  return COOKIE_KEYS.some((k) => keys.has(k));
}

function checkFile(source: SourceFile): CheckFinding[] {
  const findings: CheckFinding[] = [];
  const { code, bare } = source.masked;
  const reportedObjects = new Set<number>();
  SAME_SITE_NONE.lastIndex = 0;
  for (let m = SAME_SITE_NONE.exec(code); m; m = SAME_SITE_NONE.exec(code)) {
    const open = enclosingBrace(bare, m.index);
    if (open === -1) continue;
    const keys = topLevelKeys(source.masked, open);
    const secureAt = keys.get('secure');
    const secureFalse = secureAt !== undefined && /^secure\s*:\s*false(?![\w$])/.test(code.slice(secureAt));
    if (secureAt !== undefined && !secureFalse) continue;
    reportedObjects.add(open);
    findings.push(
      findingAt(source, m.index, {
        ruleId: 'cookie-samesite-none-insecure',
        severity: 'error',
        message:
          "sameSite 'none' without secure: browsers reject the cookie, so every request starts a new session (silently)",
        fix: "Add secure: true (or use sameSite: 'lax' if the site does not need cross-site cookies).",
      }),
    );
  }
  SECURE_FALSE.lastIndex = 0;
  for (let m = SECURE_FALSE.exec(code); m; m = SECURE_FALSE.exec(code)) {
    const open = enclosingBrace(bare, m.index);
    if (open === -1 || reportedObjects.has(open) || !isCookieObject(source, open)) continue;
    findings.push(
      findingAt(source, m.index, {
        ruleId: 'cookie-insecure',
        severity: 'warning',
        message: 'secure: false sends the session cookie over plain HTTP too, where it can be read and replayed',
        fix: "Use secure: 'auto' (express-session) or secure: process.env.NODE_ENV === 'production'; behind a TLS proxy also trust the proxy.",
      }),
    );
  }
  return findings;
}

export const cookieOptions: GenericRule = {
  ids: ['cookie-samesite-none-insecure', 'cookie-insecure'],
  ecosystems: ['node'],
  run: (ctx: RuleContext) => ctx.sessionFiles.flatMap(checkFile),
};
