/**
 * A store imported but never used: the session middleware then falls back to its
 * default store (usually in-process memory) and nothing says so. Follows the names
 * a store gets on the way (`connectPgSimple` → `PgStore` → `store`), and treats the
 * module session-kit generates like a store module.
 */
import path from 'node:path';
import { resolveSourceFile } from '../../detect/entry.js';
import { isGenerated } from '../../frameworks/node/generated-module.js';
import { findingAt } from '../finding.js';
import { textBindings, usesOf } from '../imports.js';
import { storeModule } from '../store-facts.js';
import type { SourceFile } from '../sources.js';
import type { CheckFinding, GenericRule, RuleContext } from '../types.js';
import { escapeIdentifier } from '../../edit/regex.js';

const MAX_HOPS = 3;

function derivedNames(source: SourceFile, name: string): { name: string; at: number }[] {
  const re = new RegExp(
    `\\b(?:const|let|var)\\s+([\\w$]+)\\s*(?::[^=;]+)?=\\s*(?:await\\s+)?(?:new\\s+)?${escapeIdentifier(name)}(?![\\w$])`,
    'g',
  );
  const out: { name: string; at: number }[] = [];
  for (let m = re.exec(source.masked.code); m; m = re.exec(source.masked.code))
    out.push({ name: m[1], at: m.index + m[0].indexOf(m[1], m[0].search(/\s/)) });
  return out;
}

/** The first name in the chain from `name` that is declared and never used, if any. */
function unusedDerived(source: SourceFile, name: string, hops: number): { name: string; at: number } | null {
  if (hops === 0) return null;
  for (const derived of derivedNames(source, name)) {
    const uses = usesOf(source.masked.bare, derived.name, derived.at, derived.at + derived.name.length);
    if (uses.length === 0) return derived;
    const deeper = unusedDerived(source, derived.name, hops - 1);
    if (deeper) return deeper;
  }
  return null;
}

function isGeneratedModule(ctx: RuleContext, from: string, specifier: string): boolean {
  if (!specifier.startsWith('.')) return false;
  const file = resolveSourceFile(ctx.project.files, path.posix.join(path.posix.dirname(from), specifier));
  return file !== null && isGenerated(ctx.project.files.read(file));
}

function checkFile(ctx: RuleContext, source: SourceFile): CheckFinding[] {
  const findings: CheckFinding[] = [];
  for (const binding of textBindings(source.masked)) {
    const store = storeModule(binding.source);
    const generated = !store && isGeneratedModule(ctx, source.file, binding.source);
    if (!store && !generated) continue;
    if (generated) {
      // One finding per import of the session module, and none when any of its names is used:
      // Koa's `sessionKeys` unused beside a registered `sessionMiddleware` is koa/keys-required's to report.
      const unused = binding.locals.filter(
        (l) => usesOf(source.masked.bare, l, binding.start, binding.end).length === 0,
      );
      if (unused.length === 0 || unused.length < binding.locals.length) continue;
      const middleware = unused.find((l) => !/keys$/i.test(l)) ?? unused[0];
      const register = ctx.framework?.registerGenerated;
      const keys = unused.find((l) => /keys$/i.test(l));
      findings.push(
        findingAt(source, binding.start, {
          ruleId: 'store-unused',
          severity: 'error',
          message: `${middleware} is imported from the session module ${binding.source} but never used: no session middleware is registered`,
          fix: register
            ? `Register it before the routes: ${register({ middleware, keys })}.`
            : `Register it, e.g. app.use(${middleware}), before the routes.`,
        }),
      );
      continue;
    }
    for (const local of binding.locals) {
      const uses = usesOf(source.masked.bare, local, binding.start, binding.end);
      if (uses.length === 0) {
        findings.push(
          findingAt(source, binding.start, {
            ruleId: 'store-unused',
            severity: 'error',
            message: `${local} is imported from ${binding.source} but never used: sessions silently go to the middleware's default store`,
            fix: `Pass the store to the session options (store: ...), or remove the import and the ${binding.source} dependency.`,
          }),
        );
        continue;
      }
      const unused = unusedDerived(source, local, MAX_HOPS);
      if (unused) {
        findings.push(
          findingAt(source, unused.at, {
            ruleId: 'store-unused',
            severity: 'error',
            message: `${unused.name} (from ${binding.source}) is created but never used: sessions silently go to the middleware's default store`,
            fix: `Pass it to the session options: store: ${unused.name}.`,
          }),
        );
      }
    }
  }
  return findings;
}

export const storeUsage: GenericRule = {
  ids: ['store-unused'],
  ecosystems: ['node'],
  run: (ctx) => ctx.sessionFiles.flatMap((source) => checkFile(ctx, source)),
};
