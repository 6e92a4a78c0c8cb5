/**
 * Import specifiers that are neither relative nor packages: tsconfig `paths`
 * (`@/routes/account`, `@config/session`) and package.json `imports` (`#lib/db`).
 * Each resolves, as tsc or Node would, to a file of the project; code that follows an
 * app's modules reads such an import as the relative import of that file.
 */
import path from 'node:path';
import { resolveSourceFile } from './entry.js';
import type { File } from '@babel/types';
import { readAliasesAsRelative } from '../edit/js/modules.js';
import type { PackageJson, ProjectFiles } from './project.js';
import { readTsConfig } from './tsconfig.js';

export type AliasResolver = (specifier: string, fromFile: string) => string | null;

const CONDITIONS = ['node', 'import', 'require', 'default'];

/** The target of `pattern` for `specifier`, with `*` matched once (`@/*` → `src/*`). */
function matchPattern(pattern: string, specifier: string): string | null {
  const star = pattern.indexOf('*');
  if (star === -1) return pattern === specifier ? '' : null;
  const prefix = pattern.slice(0, star);
  const suffix = pattern.slice(star + 1);
  if (!specifier.startsWith(prefix) || !specifier.endsWith(suffix) || specifier.length < prefix.length + suffix.length)
    return null;
  return specifier.slice(prefix.length, specifier.length - suffix.length);
}

/** The first string of a package.json `imports` value, through its conditions. */
function importTarget(value: unknown, depth = 0): string | null {
  if (typeof value === 'string') return value;
  if (!value || typeof value !== 'object' || Array.isArray(value) || depth > 4) return null;
  const conditions = value as Record<string, unknown>;
  for (const key of CONDITIONS) {
    const target = importTarget(conditions[key], depth + 1);
    if (target) return target;
  }
  return null;
}

/** Root-relative candidates for `specifier`, most specific pattern first. */
function candidates(files: ProjectFiles, pkg: PackageJson | null, specifier: string): string[] {
  const out: { length: number; target: string }[] = [];
  if (specifier.startsWith('#')) {
    const imports = (pkg as { imports?: unknown } | null)?.imports;
    if (imports && typeof imports === 'object' && !Array.isArray(imports)) {
      for (const [pattern, value] of Object.entries(imports as Record<string, unknown>)) {
        const rest = matchPattern(pattern, specifier);
        const target = rest === null ? null : importTarget(value);
        if (target?.startsWith('./')) out.push({ length: pattern.length, target: target.replace('*', rest ?? '') });
      }
    }
  } else {
    for (const config of ['tsconfig.json', 'jsconfig.json']) {
      const paths = readTsConfig(files, config)?.options.paths;
      if (!paths) continue;
      for (const [pattern, targets] of Object.entries(paths)) {
        const rest = matchPattern(pattern, specifier);
        if (rest !== null) for (const t of targets) out.push({ length: pattern.length, target: t.replace('*', rest) });
      }
      break;
    }
  }
  return out
    .sort((a, b) => b.length - a.length)
    .map((c) => path.posix.normalize(c.target).replace(/^\.\//, ''))
    .filter((c) => c !== '..' && !c.startsWith('../') && !path.posix.isAbsolute(c));
}

const cache = new WeakMap<ProjectFiles, AliasResolver>();

/**
 * For a project: the relative specifier (`./routes/account`, `../lib/db`) from `fromFile`
 * of the project file an aliased specifier names; null for packages, relative
 * specifiers and aliases that name no file.
 */
export function aliasResolverOf(files: ProjectFiles): AliasResolver {
  const known = cache.get(files);
  if (known) return known;
  const pkg = files.json<PackageJson>('package.json');
  const hasPaths = ['tsconfig.json', 'jsconfig.json'].some((c) => readTsConfig(files, c)?.options.paths);
  const hasImports = Boolean((pkg as { imports?: unknown } | null)?.imports);
  const resolver: AliasResolver =
    !hasPaths && !hasImports
      ? () => null
      : (specifier, fromFile) => {
          if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:')) return null;
          for (const candidate of candidates(files, pkg, specifier)) {
            const file = resolveSourceFile(files, candidate);
            if (!file) continue;
            const rel = path.posix.relative(path.posix.dirname(fromFile), file);
            return rel.startsWith('.') ? rel : `./${rel}`;
          }
          return null;
        };
  cache.set(files, resolver);
  return resolver;
}

/** Reads the aliased imports of `file`'s tree as relative ones (see moduleBindings). */
export function followAliases(ast: File, files: ProjectFiles, file: string): File {
  const resolve = aliasResolverOf(files);
  readAliasesAsRelative(ast, (specifier) => resolve(specifier, file));
  return ast;
}
