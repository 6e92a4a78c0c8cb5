/**
 * The cookie's maxAge against the store's own lifetime for a session: a store whose TTL
 * wins over the cookie (memorystore's ttl, session-file-store's ttl and its 3600 s
 * default, connect-redis 3's ttl) and is shorter drops sessions while their cookies are
 * still valid (users are logged out early); connect-redis with `disableTTL` keeps every
 * session for ever. Which option wins, its unit and default are store data (store-facts.ts).
 */
import { dependencyRange } from '../../detect/project.js';
import { findingAt } from '../finding.js';
import { textBindings } from '../imports.js';
import { nestedObject, numberValue, optionValue, sessionOptions, storeConstructions } from '../session-options.js';
import { storeModule } from '../store-facts.js';
import type { CheckFinding, GenericRule, RuleContext } from '../types.js';

function duration(ms: number): string {
  const units: [number, string][] = [
    [86_400_000, 'day'],
    [3_600_000, 'hour'],
    [60_000, 'minute'],
    [1000, 'second'],
  ];
  for (const [size, name] of units)
    if (ms >= size && ms % size === 0) return `${ms / size} ${name}${ms / size === 1 ? '' : 's'}`;
  return `${ms} ms`;
}

/** The cookie maxAge (ms) of the app's session options, when written as a number. */
function cookieMaxAge(ctx: RuleContext): number | null {
  for (const options of sessionOptions(ctx)) {
    const cookie = nestedObject(options, 'cookie') ?? options;
    const value = optionValue(cookie, 'maxAge');
    const ms = value ? numberValue(cookie.source, value.text) : null;
    if (ms !== null) return ms;
  }
  return null;
}

export const maxAgeTtl: GenericRule = {
  ids: ['maxage-ttl-mismatch'],
  ecosystems: ['node'],
  run(ctx: RuleContext): CheckFinding[] {
    const findings: CheckFinding[] = [];
    let maxAge: number | null | undefined;
    for (const source of ctx.sessionFiles) {
      for (const binding of textBindings(source.masked)) {
        const ttl = storeModule(binding.source)?.ttl;
        if (!ttl) continue;
        for (const made of storeConstructions(ctx, source, binding.locals)) {
          const forever = ttl.forever && made.options ? optionValue(made.options, ttl.forever.option) : null;
          if (forever && ttl.forever?.value.test(forever.text) && made.options) {
            findings.push(
              findingAt(made.options.source, made.options.keys.get(ttl.forever.option) as number, {
                ruleId: 'maxage-ttl-mismatch',
                severity: 'warning',
                message: `${binding.source} with ${ttl.forever.option}: ${forever.text} stores sessions with no expiry: they stay in the store for ever, long after their cookies expire`,
                fix: `Drop ${ttl.forever.option} so each session expires with its cookie.`,
              }),
            );
            continue;
          }
          if (ttl.winsBelowMajor !== undefined) {
            const major = Number(/\d+/.exec(dependencyRange(ctx.project.packageJson, binding.source) ?? '')?.[0]);
            if (!(major < ttl.winsBelowMajor)) continue;
          }
          const given = made.options ? optionValue(made.options, ttl.option) : null;
          const givenValue = given && made.options ? numberValue(made.options.source, given.text) : null;
          if (given && givenValue === null) continue;
          const storeMs = givenValue !== null ? givenValue * (ttl.unit === 's' ? 1000 : 1) : ttl.defaultMs;
          if (storeMs === undefined) continue;
          maxAge ??= cookieMaxAge(ctx);
          if (maxAge === null || storeMs >= maxAge) continue;
          const where = given && made.options ? made.options : null;
          findings.push(
            findingAt(where ? where.source : source, where ? (where.keys.get(ttl.option) as number) : made.at, {
              ruleId: 'maxage-ttl-mismatch',
              severity: 'warning',
              message: `the session cookie lives ${duration(maxAge)} (maxAge) but ${binding.source} drops a session after ${duration(storeMs)}${given ? ` (${ttl.option}: ${given.text})` : ` (its default ${ttl.option})`}: users are logged out while their cookie is still valid`,
              fix: `Give ${binding.source} a ${ttl.option} of at least the cookie's maxAge (${ttl.unit === 's' ? `${Math.ceil(maxAge / 1000)} s` : `${maxAge} ms`}), or shorten maxAge to match.`,
            }),
          );
        }
      }
    }
    return findings;
  },
};
