/**
 * compilerOptions of a tsconfig through its whole `extends` chain: relative bases and
 * packages installed in the project's node_modules (e.g. `fastify-tsconfig`,
 * `@tsconfig/node20/tsconfig.json`), arrays of bases, later entries winning, as tsc
 * reads them. Paths (outDir, rootDir) come back relative to the project root. Nothing
 * outside the project root is read: a base that cannot be found is listed in `missing`.
 */
import { parse as parseJsonc } from 'jsonc-parser';
import path from 'node:path';
import type { ProjectFiles } from './project.js';

export interface TsCompilerOptions {
  esModuleInterop?: boolean;
  allowSyntheticDefaultImports?: boolean;
  module?: string;
  moduleResolution?: string;
  allowImportingTsExtensions?: boolean;
  rewriteRelativeImportExtensions?: boolean;
  /** Relative to the project root. */
  outDir?: string;
  /** Relative to the project root. */
  rootDir?: string;
  /** `paths` patterns → their targets, resolved against `baseUrl` (or the config's folder) to root-relative paths. */
  paths?: Record<string, string[]>;
}

export interface TsConfig {
  /** The config read, relative to the project root. */
  file: string;
  options: TsCompilerOptions;
  /** `include` patterns of the nearest config that sets them, relative to the project root. */
  include: string[] | null;
  /** Every config file read, the given one first. */
  chain: string[];
  /** `extends` entries that could not be found inside the project. */
  missing: string[];
}

interface RawConfig {
  extends?: string | string[];
  compilerOptions?: Record<string, unknown>;
  include?: string[];
}

const MAX_DEPTH = 10;
const cache = new WeakMap<ProjectFiles, Map<string, TsConfig | null>>();

const norm = (p: string) => path.posix.normalize(p.replace(/\\/g, '/')).replace(/\/$/, '');
const insideRoot = (p: string) => p !== '..' && !p.startsWith('../') && !path.posix.isAbsolute(p);

/** Reads `file` (default tsconfig.json) and its bases; null when the file is absent or not an object. */
export function readTsConfig(files: ProjectFiles, file = 'tsconfig.json'): TsConfig | null {
  let perProject = cache.get(files);
  if (!perProject) cache.set(files, (perProject = new Map()));
  if (perProject.has(file)) return perProject.get(file) ?? null;
  const chain: string[] = [];
  const missing: string[] = [];
  const read = readOne(files, file, chain, missing, 0);
  const result = read ? { file, options: read.options, include: read.include, chain, missing } : null;
  perProject.set(file, result);
  return result;
}

function readOne(
  files: ProjectFiles,
  file: string,
  chain: string[],
  missing: string[],
  depth: number,
): { options: TsCompilerOptions; include: string[] | null } | null {
  if (depth > MAX_DEPTH || chain.includes(file)) return null;
  const text = files.read(file);
  if (text === null) return null;
  const raw = parseJsonc(text) as RawConfig | undefined;
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return null;
  chain.push(file);
  let options: TsCompilerOptions = {};
  let include: string[] | null = null;
  const bases = raw.extends === undefined ? [] : Array.isArray(raw.extends) ? raw.extends : [raw.extends];
  for (const base of bases) {
    if (typeof base !== 'string') continue;
    const resolved = resolveExtends(files, path.posix.dirname(file), base);
    const parent = resolved ? readOne(files, resolved, chain, missing, depth + 1) : null;
    if (!parent) {
      missing.push(base);
      continue;
    }
    options = { ...options, ...parent.options };
    include = parent.include ?? include;
  }
  options = { ...options, ...ownOptions(raw.compilerOptions ?? {}, path.posix.dirname(file)) };
  if (Array.isArray(raw.include))
    include = raw.include
      .filter((p) => typeof p === 'string')
      .map((p) => norm(path.posix.join(path.posix.dirname(file), p)));
  return { options, include };
}

function ownOptions(raw: Record<string, unknown>, dir: string): TsCompilerOptions {
  const out: TsCompilerOptions = {};
  for (const key of [
    'esModuleInterop',
    'allowSyntheticDefaultImports',
    'allowImportingTsExtensions',
    'rewriteRelativeImportExtensions',
  ] as const) {
    if (typeof raw[key] === 'boolean') out[key] = raw[key] as boolean;
  }
  for (const key of ['module', 'moduleResolution'] as const) {
    if (typeof raw[key] === 'string') out[key] = (raw[key] as string).toLowerCase();
  }
  if (raw.paths && typeof raw.paths === 'object' && !Array.isArray(raw.paths)) {
    // tsc resolves path targets from baseUrl, or (TypeScript 4.1+) from the config that sets `paths`.
    const base = typeof raw.baseUrl === 'string' ? path.posix.join(dir, raw.baseUrl) : dir;
    const paths: Record<string, string[]> = {};
    for (const [pattern, targets] of Object.entries(raw.paths as Record<string, unknown>)) {
      if (!Array.isArray(targets)) continue;
      const inside = targets
        .filter((t): t is string => typeof t === 'string')
        .map((t) => norm(path.posix.join(base, t)))
        .filter(insideRoot);
      if (inside.length) paths[pattern] = inside;
    }
    out.paths = paths;
  }
  for (const key of ['outDir', 'rootDir'] as const) {
    if (typeof raw[key] !== 'string') continue;
    const rel = norm(path.posix.join(dir, raw[key] as string));
    if (insideRoot(rel)) out[key] = rel === '.' ? '' : rel;
  }
  return out;
}

/** Where tsc finds an `extends` entry: a relative file, or a package in node_modules from `dir` up to the root. */
function resolveExtends(files: ProjectFiles, dir: string, spec: string): string | null {
  if (spec.startsWith('.')) {
    const rel = norm(path.posix.join(dir, spec));
    if (!insideRoot(rel)) return null;
    for (const candidate of [rel, `${rel}.json`, `${rel}/tsconfig.json`])
      if (isFile(files, candidate)) return candidate;
    return null;
  }
  if (path.posix.isAbsolute(spec) || spec.includes('..')) return null;
  const parts = spec.split('/');
  const pkgName = spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
  const subpath = parts.slice(spec.startsWith('@') ? 2 : 1).join('/');
  for (let at = dir === '.' ? '' : dir; ; at = path.posix.dirname(at) === '.' ? '' : path.posix.dirname(at)) {
    const pkgDir = norm(path.posix.join(at, 'node_modules', pkgName));
    const candidates = subpath
      ? [`${pkgDir}/${subpath}`, `${pkgDir}/${subpath}.json`]
      : [packageTsconfigField(files, pkgDir), `${pkgDir}/tsconfig.json`];
    for (const candidate of candidates) if (candidate && isFile(files, candidate)) return candidate;
    if (at === '') return null;
  }
}

function packageTsconfigField(files: ProjectFiles, pkgDir: string): string | null {
  const field = files.json<{ tsconfig?: unknown }>(`${pkgDir}/package.json`)?.tsconfig;
  if (typeof field !== 'string') return null;
  const rel = norm(path.posix.join(pkgDir, field));
  return insideRoot(rel) ? rel : null;
}

function isFile(files: ProjectFiles, rel: string): boolean {
  return files.read(rel) !== null && !files.isDirectory(rel);
}
