/**
 * SameSite against the app's cross-site traffic:
 * - `samesite-none-for-cors`: CORS allows credentials from an origin that is another site
 *   (a host on a platform domain such as vercel.app or netlify.app, where every app is a
 *   site of its own, or outside the cookie's `domain`) while the session cookie is Lax or
 *   Strict (or has no SameSite, which browsers treat as Lax): the browser never sends it
 *   on those requests, so every API call starts a new session.
 * - `samesite-strict-oauth`: a Strict session cookie in an app with OAuth/OpenID sign-in:
 *   the provider's redirect back is a cross-site navigation, the cookie is not sent, the
 *   callback finds no session (no state, no PKCE verifier) and the login loops.
 */
import { lineColumn } from '../../edit/lines.js';
import { findingAt } from '../finding.js';
import { enclosingBrace, topLevelKeys } from '../mask.js';
import { nestedObject, objectAt, optionValue, sessionOptions, type ObjectLiteral } from '../session-options.js';
import type { CheckFinding, GenericRule, RuleContext } from '../types.js';

/** Domains under which every subdomain is a site of its own (public suffixes of hosting platforms). */
const PLATFORM_SUFFIXES = [
  'vercel.app',
  'netlify.app',
  'pages.dev',
  'workers.dev',
  'github.io',
  'gitlab.io',
  'onrender.com',
  'herokuapp.com',
  'fly.dev',
  'web.app',
  'firebaseapp.com',
  'up.railway.app',
  'surge.sh',
  'azurestaticapps.net',
  'amplifyapp.com',
  'glitch.me',
  'deno.dev',
];
const OAUTH_PACKAGE =
  /^(?:passport-(?!local\b|jwt\b|http\b|anonymous\b|custom\b|headerapikey\b|strategy\b)[\w-]+|openid-client|@fastify\/oauth2|grant|simple-oauth2|arctic|@node-oauth\/[\w-]+|koa-passport-oauth2?)$/;
const CALLBACK_ROUTE = /(['"`])[^'"`\s]*\/(?:oauth2?\/|auth\/[\w-]+\/)?callback\b[^'"`\s]*\1/;
const CREDENTIALS = /(?<![\w$])credentials\s*:\s*true\b/g;
const STRING = /(['"`])(https?:\/\/[^'"`\s]+)\1/g;

interface Cookie {
  /** Lower-cased SameSite value, or null when not set. */
  sameSite: string | null;
  holder: ObjectLiteral;
  at: number;
  domain: string | null;
}

function sessionCookie(ctx: RuleContext): Cookie | null {
  for (const options of sessionOptions(ctx)) {
    const holder = nestedObject(options, 'cookie') ?? options;
    const value = optionValue(holder, 'sameSite');
    const text = value?.text ?? null;
    if (text !== null && !/^(['"`])\w+\1$|^true$|^false$/.test(text)) continue; // read at run time
    const domain = optionValue(holder, 'domain')?.text.match(/^(['"`])\.?([^'"`]+)\1$/)?.[2] ?? null;
    return {
      sameSite: text === null ? null : text === 'true' ? 'strict' : text.replace(/['"`]/g, '').toLowerCase(),
      holder,
      at: holder.keys.get('sameSite') ?? holder.open,
      domain,
    };
  }
  return null;
}

function otherSite(host: string, cookieDomain: string | null): string | null {
  if (/^(?:localhost|127\.0\.0\.1|\[::1\])$/.test(host)) return null;
  const platform = PLATFORM_SUFFIXES.find((s) => host.endsWith(`.${s}`));
  if (platform) return `${platform} makes every app a site of its own`;
  if (cookieDomain && host !== cookieDomain && !host.endsWith(`.${cookieDomain}`))
    return `it is outside the cookie's domain ${cookieDomain}`;
  return null;
}

function corsFindings(ctx: RuleContext, cookie: Cookie): CheckFinding[] {
  if (cookie.sameSite === 'none') return [];
  const findings: CheckFinding[] = [];
  const cookieLine = lineColumn(cookie.holder.source.text, cookie.at).line;
  const label =
    cookie.sameSite === null
      ? 'has no SameSite (browsers treat it as Lax)'
      : `is SameSite=${cookie.sameSite[0].toUpperCase()}${cookie.sameSite.slice(1)}`;
  for (const source of ctx.sources.matching(/credentials/)) {
    const { code, bare } = source.masked;
    CREDENTIALS.lastIndex = 0;
    for (let m = CREDENTIALS.exec(code); m; m = CREDENTIALS.exec(code)) {
      const open = enclosingBrace(bare, m.index);
      if (open === -1 || !topLevelKeys(source.masked, open).has('origin')) continue;
      const origin = optionValue(objectAt(source, open), 'origin');
      if (!origin) continue;
      for (const s of origin.text.matchAll(STRING)) {
        let host: string;
        try {
          host = new URL(s[2]).hostname;
        } catch {
          continue;
        }
        const why = otherSite(host, cookie.domain);
        if (!why) continue;
        findings.push(
          findingAt(source, m.index, {
            ruleId: 'samesite-none-for-cors',
            severity: 'error',
            message: `CORS allows credentials from ${s[2]}, another site (${why}), but the session cookie (${cookie.holder.source.file}:${cookieLine}) ${label}: browsers never send it on those requests, so every call from there starts a new session`,
            fix: "Set the session cookie to sameSite: 'none' with secure: true (and trust the proxy), or serve the front end and the API from one site.",
          }),
        );
        break;
      }
    }
  }
  return findings;
}

function oauthSignal(ctx: RuleContext): string | null {
  const pkg = ctx.project.packageJson;
  const dep = Object.keys({ ...(pkg?.dependencies ?? {}) }).find((name) => OAUTH_PACKAGE.test(name));
  if (dep) return `it depends on ${dep}`;
  const route = ctx.sources.matching(/callback/).find((s) => CALLBACK_ROUTE.test(s.masked.code));
  return route ? `${route.file} has an OAuth callback route` : null;
}

export const sameSite: GenericRule = {
  ids: ['samesite-none-for-cors', 'samesite-strict-oauth'],
  ecosystems: ['node'],
  run(ctx: RuleContext): CheckFinding[] {
    const cookie = sessionCookie(ctx);
    if (!cookie) return [];
    const findings = corsFindings(ctx, cookie);
    if (cookie.sameSite === 'strict') {
      const signal = oauthSignal(ctx);
      if (signal)
        findings.push(
          findingAt(cookie.holder.source, cookie.at, {
            ruleId: 'samesite-strict-oauth',
            severity: 'error',
            message: `the session cookie is SameSite=Strict in an app with OAuth sign-in (${signal}): the provider's redirect back is a cross-site navigation, so the callback gets no session cookie, finds no login state and the login loops`,
            fix: "Use sameSite: 'lax' for the session cookie (it is sent on top-level navigations back from the provider).",
          }),
        );
    }
    return findings;
  },
};
