/**
 * A store whose own deletion of expired sessions is turned off (connect-pg-simple
 * `pruneSessionInterval: false`, express-mysql-session `clearExpired: false`,
 * connect-session-knex `disableDbCleanup: true`) or never turned on (memorystore
 * without `checkPeriod`), in a project with no cleanup job of its own: the table, or
 * the process's memory, only grows. Which option does what is store data (store-facts.ts).
 */
import { findingAt } from '../finding.js';
import { textBindings } from '../imports.js';
import { argumentStarts, declaredObject, objectAt, optionValue, type ObjectLiteral } from '../session-options.js';
import type { SourceFile } from '../sources.js';
import { storeModule, type StoreCleanupFacts } from '../store-facts.js';
import type { CheckFinding, GenericRule, RuleContext } from '../types.js';

/** A job of the app's own: the store's cleanup method called, or a DELETE of expired sessions. */
const CLEANUP_JOB =
  /\.(?:pruneSessions|clearExpiredSessions|prune)\s*\(|DELETE\s+FROM\s+[`"'[]?\w*[`"'\]]?\.?[`"'[]?sessions?\b/i;
const MENTIONS_CLEANUP = /prune|clearExpired|DELETE\s+FROM/i;

const escape = (name: string) => name.replace(/\$/g, '\\$');

/** The store's constructions in this file: `new X(` for the class a binding gives, directly or through `X = factory(session)`. */
function constructions(
  ctx: RuleContext,
  source: SourceFile,
  locals: string[],
): { at: number; options: ObjectLiteral | null }[] {
  const { code, bare } = source.masked;
  const classes = new Set(locals);
  for (const local of locals) {
    const derived = new RegExp(`(?:const|let|var)\\s+([\\w$]+)\\s*=\\s*${escape(local)}\\s*\\(`, 'g');
    for (const m of code.matchAll(derived)) classes.add(m[1]);
  }
  const out: { at: number; options: ObjectLiteral | null }[] = [];
  for (const name of classes) {
    const create = new RegExp(`\\bnew\\s+${escape(name)}\\s*\\(|(?<![\\w$.])${escape(name)}\\.create\\s*\\(`, 'g');
    for (const m of bare.matchAll(create)) {
      const open = (m.index ?? 0) + m[0].length - 1;
      const arg = argumentStarts(bare, open)[0];
      let options: ObjectLiteral | null = null;
      if (arg !== undefined && bare[arg] === '{') options = objectAt(source, arg);
      else if (arg !== undefined) {
        const ref = /^[A-Za-z_$][\w$]*/.exec(bare.slice(arg, arg + 100))?.[0];
        const found = ref ? declaredObject(ctx, source, ref) : null;
        if (found) options = objectAt(found.source, found.open);
        else if (ref) continue; // options read at run time: nothing to say
      }
      out.push({ at: m.index ?? 0, options });
    }
  }
  return out;
}

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
        for (const made of constructions(ctx, source, binding.locals)) {
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
