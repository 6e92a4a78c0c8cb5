/**
 * A store whose own deletion of expired sessions is turned off (connect-pg-simple
 * `pruneSessionInterval: false`, express-mysql-session `clearExpired: false`,
 * connect-session-knex `disableDbCleanup: true`) or never turned on (memorystore
 * without `checkPeriod`), in a project with no cleanup job of its own: the table, or
 * the process's memory, only grows. Which option does what is store data (store-facts.ts).
 */
import { findingAt } from '../finding.js';
import { textBindings } from '../imports.js';
import { optionValue, storeConstructions, type ObjectLiteral } from '../session-options.js';
import { storeModule, type StoreCleanupFacts } from '../store-facts.js';
import type { CheckFinding, GenericRule, RuleContext } from '../types.js';

/** A job of the app's own: the store's cleanup method called, or a DELETE of expired sessions. */
const CLEANUP_JOB =
  /\.(?:pruneSessions|clearExpiredSessions|prune)\s*\(|DELETE\s+FROM\s+[`"'[]?\w*[`"'\]]?\.?[`"'[]?sessions?\b/i;
const MENTIONS_CLEANUP = /prune|clearExpired|DELETE\s+FROM/i;

function problem(
  options: ObjectLiteral | null,
  cleanup: StoreCleanupFacts,
): { at: number | null; what: string } | null {
  if (cleanup.off && options) {
    const value = optionValue(options, cleanup.off.option);
    if (value && cleanup.off.value.test(value.text))
      return { at: options.keys.get(cleanup.off.option) ?? null, what: `${cleanup.off.option}: ${value.text}` };
  }
  if (cleanup.required && !options?.keys.has(cleanup.required)) return { at: null, what: `no ${cleanup.required}` };
  return null;
}

export const expiredCleanup: GenericRule = {
  ids: ['no-expired-cleanup'],
  ecosystems: ['node'],
  run(ctx: RuleContext): CheckFinding[] {
    const findings: CheckFinding[] = [];
    let hasJob: boolean | undefined;
    for (const source of ctx.sessionFiles) {
      for (const binding of textBindings(source.masked)) {
        const facts = storeModule(binding.source);
        if (!facts?.cleanup) continue;
        for (const made of storeConstructions(ctx, source, binding.locals)) {
          const found = problem(made.options, facts.cleanup);
          if (!found) continue;
          hasJob ??= ctx.sources.matching(MENTIONS_CLEANUP).some((s) => CLEANUP_JOB.test(s.masked.code));
          if (hasJob) return [];
          const where = found.at !== null && made.options ? made.options.source : source;
          findings.push(
            findingAt(where, found.at ?? made.at, {
              ruleId: 'no-expired-cleanup',
              severity: 'warning',
              message: `${binding.source} with ${found.what} and no cleanup job in the project: ${facts.cleanup.normally}, so expired sessions are never deleted and the ${facts.memory ? "process's memory" : 'session table'} only grows`,
              fix: facts.cleanup.fix,
            }),
          );
        }
      }
    }
    return findings;
  },
};
