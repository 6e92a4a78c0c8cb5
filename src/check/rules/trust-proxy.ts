/**
 * A Secure session cookie in an app deployed behind a TLS-terminating proxy (a platform
 * file, or code reading X-Forwarded-* headers) that never trusts the proxy: the app sees
 * plain HTTP, so the library refuses to send the cookie (express-session, @fastify/session)
 * or throws (koa-session). `secure: 'auto'` keeps working but the cookie loses Secure in
 * production. How each framework trusts its proxy, and what breaks without it, is the
 * framework's `trustProxy` data.
 */
import { findingAt } from '../finding.js';
import { proxyPlatformSignal } from '../production.js';
import { nestedObject, optionValue, sessionOptions } from '../session-options.js';
import type { TrustProxy } from '../../frameworks/types.js';
import type { CheckFinding, GenericRule, Repair, RuleContext } from '../types.js';

const MENTIONS_PROXY = /proxy/i;
const FORWARDED = /x-forwarded-(?:proto|for|host)/i;
/** The app terminates TLS itself: no proxy stands between it and the browser. */
const SERVES_TLS =
  /\bhttps2?\.createServer\s*\(|\bcreateSecureServer\s*\(|(?<![\w$])https\s*:\s*\{|(?<![\w$])http2\s*:\s*true/;
/** `secure` values that mean Secure in production: true, or a test for production / not development. */
const SECURE_IN_PRODUCTION =
  /^(?:true|.*(?:===?\s*(['"`])production\1|!==?\s*(['"`])development\2|\bisProd(?:uction)?\b).*)$/;
const SECURE_AUTO = /^(['"`])auto\1$/;

function trustsProxy(ctx: RuleContext): boolean {
  const patterns = ctx.framework?.trustProxy?.patterns ?? [];
  return ctx.sources.matching(MENTIONS_PROXY).some((s) => patterns.some((p) => p.test(s.masked.code)));
}

function proxySignal(ctx: RuleContext): string | null {
  if (ctx.sources.matching(/https|http2|createSecureServer/).some((s) => SERVES_TLS.test(s.masked.code))) return null;
  const platform = proxyPlatformSignal(ctx.project);
  if (platform) return platform;
  const reader = ctx.sources.matching(FORWARDED).find((s) => FORWARDED.test(s.masked.code));
  return reader ? `${reader.file} reads X-Forwarded-* headers` : null;
}

/** The splice `check --fix` applies: the framework's statement after the app's creation, or its option in a call. */
function trustRepair(ctx: RuleContext, trust: TrustProxy): Repair | undefined {
  const step = ctx.steps.find((s) => s.kind === 'app');
  const source = step ? ctx.sources.get(step.file) : null;
  const repair = typeof trust.repair === 'function' ? trust.repair(ctx.detection) : trust.repair;
  if (!step || !source || !repair) return undefined;
  if ('statement' in repair) {
    const app = /^(?:export\s+)?(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*(?::[^=]+)?=/.exec(step.text)?.[1];
    if (!app) return undefined;
    const lineStart = source.text.lastIndexOf('\n', step.start - 1) + 1;
    const indent = /^[ \t]*/.exec(source.text.slice(lineStart))?.[0] ?? '';
    const eol = source.text.includes('\r\n') ? '\r\n' : '\n';
    const line = repair.statement(app, source.text.slice(step.start, step.end));
    return {
      file: step.file,
      splices: [{ start: step.end, end: step.end, text: `${eol}${indent}${line}` }],
      what: line,
    };
  }
  // In the creating statement (`Fastify({…})`), else anywhere in the file (`const adapter = new FastifyAdapter()`).
  const { bare } = source.masked;
  const inCreation = repair.call.exec(bare.slice(step.start, step.end));
  const call = inCreation ? { index: step.start + inCreation.index, text: inCreation[0] } : null;
  const anywhere = call ? null : repair.call.exec(bare);
  const found = call ?? (anywhere ? { index: anywhere.index, text: anywhere[0] } : null);
  if (!found) return undefined;
  const at = found.index + found.text.length;
  const next = bare[at];
  const text = next === ')' ? `{ ${repair.option} }` : next === '{' ? ` ${repair.option},` : null;
  if (text === null) return undefined;
  const start = next === '{' ? at + 1 : at;
  return { file: step.file, splices: [{ start, end: start, text }], what: repair.option };
}

export const secureCookieWithoutTrustProxy: GenericRule = {
  ids: ['secure-cookie-without-trust-proxy'],
  ecosystems: ['node'],
  run(ctx: RuleContext): CheckFinding[] {
    const trust = ctx.framework?.trustProxy;
    if (!trust) return [];
    const findings: CheckFinding[] = [];
    let signal: string | null | undefined;
    let trusted: boolean | undefined;
    for (const options of sessionOptions(ctx)) {
      const pkg = ctx.framework?.sessionPackages?.find((p) => p.name === options.setup.library);
      if (!pkg) continue;
      // express-session and @fastify/session take `cookie: { secure }`; koa-session takes `secure` itself.
      const holder = nestedObject(options, 'cookie') ?? options;
      const value = optionValue(holder, 'secure');
      const mode = value
        ? SECURE_AUTO.test(value.text)
          ? 'auto'
          : SECURE_IN_PRODUCTION.test(value.text)
            ? 'secure'
            : null
        : pkg.secureDefault
          ? 'default'
          : null;
      if (!mode) continue;
      signal ??= proxySignal(ctx);
      if (!signal) return [];
      trusted ??= trustsProxy(ctx);
      if (trusted) return [];
      const source = value ? holder.source : ctx.sources.get(options.setup.file);
      if (!source) continue;
      const what =
        mode === 'auto'
          ? "secure: 'auto'"
          : mode === 'default'
            ? `${pkg.name}'s default cookie.secure: true`
            : `the Secure session cookie (secure: ${value?.text})`;
      findings.push(
        findingAt(source, value ? (holder.keys.get('secure') as number) : options.setup.start, {
          ruleId: 'secure-cookie-without-trust-proxy',
          severity: mode === 'auto' ? 'warning' : 'error',
          message:
            mode === 'auto'
              ? `${what} behind a proxy (${signal}) the app does not trust: every request looks like plain HTTP, so the session cookie is sent without Secure in production`
              : `${what} behind a proxy (${signal}) the app does not trust: ${trust.breaks}`,
          fix: trust.fix,
          repair: trustRepair(ctx, trust),
        }),
      );
    }
    return findings;
  },
};
