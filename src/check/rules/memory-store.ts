/**
 * The memory store in a deployed project: sessions vanish at every restart and
 * are not shared between instances, and express-session's default MemoryStore
 * also leaks. Explicit memory stores and middlewares left on their in-memory
 * default (the framework declares which) both count; a NODE_ENV test next to the
 * store choice means it is for development only.
 */
import { topLevelKeys } from '../mask.js';
import { findingAt } from '../finding.js';
import { textBindings } from '../imports.js';
import { productionSignal } from '../production.js';
import { STORE_MODULES, storeModule } from '../store-facts.js';
import type { SourceFile } from '../sources.js';
import type { CheckFinding, GenericRule, RuleContext } from '../types.js';
import { selfCommand } from '../../core/self-command.js';
import { escapeIdentifier } from '../../edit/regex.js';

const MEMORY_STORE_NEW = /\bnew\s+(?:[\w$]+\.)?MemoryStore\s*\(/g;

function guardedByEnvironment(source: SourceFile, offset: number): boolean {
  const lineStart = source.text.lastIndexOf('\n', offset) + 1;
  let from = lineStart;
  for (let i = 0; i < 3 && from > 0; i++) from = source.text.lastIndexOf('\n', from - 2) + 1;
  const lineEnd = source.text.indexOf('\n', offset);
  return /NODE_ENV|isProd|isDev|production|development/.test(
    source.masked.code.slice(from, lineEnd === -1 ? undefined : lineEnd),
  );
}

/** Offsets where a memory store is chosen in this file, with what it is. */
function memoryUses(ctx: RuleContext, source: SourceFile): { at: number; what: string }[] {
  const uses: { at: number; what: string }[] = [];
  const defaultsToMemory = new Set(
    (ctx.framework?.sessionPackages ?? []).filter((p) => p.defaultStore === 'memory').map((p) => p.name),
  );
  for (const binding of textBindings(source.masked)) {
    if (storeModule(binding.source)?.memory) {
      uses.push({ at: binding.start, what: `the in-process store ${binding.source}` });
      continue;
    }
    if (!defaultsToMemory.has(binding.source)) continue;
    for (const local of binding.locals) {
      const call = new RegExp(`(?<![\\w$.])${escapeIdentifier(local)}\\s*\\(\\s*\\{`, 'g');
      for (let m = call.exec(source.masked.bare); m; m = call.exec(source.masked.bare)) {
        const open = m.index + m[0].length - 1;
        if (!topLevelKeys(source.masked, open).has('store'))
          uses.push({ at: m.index, what: `${binding.source}'s default MemoryStore, as no store option is given` });
      }
    }
  }
  MEMORY_STORE_NEW.lastIndex = 0;
  for (let m = MEMORY_STORE_NEW.exec(source.masked.code); m; m = MEMORY_STORE_NEW.exec(source.masked.code)) {
    if (!uses.length) uses.push({ at: m.index, what: 'a MemoryStore' });
  }
  return uses.filter((u) => !guardedByEnvironment(source, u.at));
}

const MEMORY_MODULES = STORE_MODULES.filter((s) => s.memory).map((s) => s.package);

function finding(signal: string, what: string, guardable: boolean): Omit<CheckFinding, 'file' | 'line' | 'column'> {
  return {
    ruleId: 'memory-store-production',
    severity: 'error',
    message: `sessions are kept in memory (${what}) but the project is set up for production (${signal}): every restart or deploy logs everyone out, and instances do not share sessions`,
    fix: `Use a persistent store: \`${selfCommand('remove')}\`, then \`${selfCommand('add --store postgres')}\` (or mysql, redis, sqlite)${guardable ? ' (or guard the memory store with a NODE_ENV test)' : ''}.`,
  };
}

/** Rust: the files holding the recognised steps (the blueprint) name the store module they import. */
function stepFileUses(ctx: RuleContext): { source: SourceFile; at: number; what: string }[] {
  const uses: { source: SourceFile; at: number; what: string }[] = [];
  for (const file of new Set(ctx.steps.map((s) => s.file))) {
    const source = ctx.sources.get(file);
    if (!source) continue;
    for (const module of MEMORY_MODULES) {
      const at = source.masked.code.search(new RegExp(`\\b${module}\\b`));
      if (at !== -1) uses.push({ source, at, what: `the in-process store ${module}` });
    }
  }
  return uses;
}

export const memoryStore: GenericRule = {
  ids: ['memory-store-production'],
  ecosystems: ['node', 'rust'],
  run(ctx) {
    const uses =
      ctx.project.ecosystem === 'rust'
        ? stepFileUses(ctx)
        : ctx.sessionFiles.flatMap((source) =>
            memoryUses(ctx, source).map((use) => ({ source, at: use.at, what: use.what })),
          );
    if (uses.length === 0) return [];
    const signal = productionSignal(ctx.project);
    if (!signal) return [];
    return uses.map(({ source, at, what }) =>
      findingAt(source, at, finding(signal, what, ctx.project.ecosystem === 'node')),
    );
  },
};
