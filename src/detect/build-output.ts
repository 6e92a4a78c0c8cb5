/**
 * Build output is never the app's source: `add` must not edit what the next build
 * overwrites, and `check` must not judge compiled code while src/ is what runs after
 * the next build. The folders are tsconfig's `outDir` (tsconfig.json and
 * tsconfig.build.json, through `extends`) and the top-level folders the root
 * .gitignore ignores. A compiled entry (`node dist/server.js`) maps back to its source
 * through `outDir`/`rootDir`.
 */
import path from 'node:path';
import type { ProjectFiles } from './project.js';
import { readTsConfig, type TsConfig } from './tsconfig.js';
import { cleanRelative } from './relative-path.js';

const TS_CONFIGS = ['tsconfig.json', 'tsconfig.build.json'];
const SOURCE_EXTENSIONS = ['.ts', '.mts', '.cts', '.tsx', '.js', '.mjs', '.cjs', '.jsx'];
const COMPILED_TO_SOURCE: Record<string, string[]> = {
  '.js': ['.ts', '.tsx', '.js', '.jsx'],
  '.mjs': ['.mts', '.mjs'],
  '.cjs': ['.cts', '.cjs'],
};

export interface BuildOutput {
  /** Root-relative folders (no trailing slash) that hold build output or are git-ignored. */
  readonly dirs: readonly string[];
  /** True for a path inside one of those folders (or `node_modules`). */
  contains(rel: string): boolean;
  /** The source file a compiled path was built from, if it exists. */
  sourceFor(rel: string): string | null;
}

const cache = new WeakMap<ProjectFiles, BuildOutput>();

export function buildOutputOf(files: ProjectFiles): BuildOutput {
  let out = cache.get(files);
  if (!out) cache.set(files, (out = computeBuildOutput(files)));
  return out;
}

function computeBuildOutput(files: ProjectFiles): BuildOutput {
  const compiled: { outDir: string; config: TsConfig }[] = [];
  for (const name of TS_CONFIGS) {
    const config = readTsConfig(files, name);
    const outDir = config?.options.outDir;
    if (config && outDir && !compiled.some((c) => c.outDir === outDir)) compiled.push({ outDir, config });
  }
  const ignored = gitIgnoredTopLevelDirs(files);
  const dirs = [...new Set([...compiled.map((c) => c.outDir), ...ignored])];
  const under = (rel: string, dir: string) => rel === dir || rel.startsWith(`${dir}/`);
  const clean = cleanRelative;

  return {
    dirs,
    contains(rel) {
      const p = clean(rel);
      return p.split('/').includes('node_modules') || dirs.some((dir) => under(p, dir));
    },
    sourceFor(rel) {
      const p = clean(rel);
      for (const { outDir, config } of compiled) {
        if (!under(p, outDir)) continue;
        const inside = p.slice(outDir.length + 1);
        for (const root of sourceRoots(files, config)) {
          const found = sourceFile(files, root ? `${root}/${inside}` : inside);
          if (found) return found;
        }
      }
      return null;
    },
  };
}

/** rootDir when given; else the folder every `include` pattern starts in (tsc's common root), then src/ and the root. */
function sourceRoots(files: ProjectFiles, config: TsConfig): string[] {
  if (config.options.rootDir !== undefined) return [config.options.rootDir];
  const roots: string[] = [];
  const firstSegments = new Set((config.include ?? []).map((p) => p.split('/')[0]));
  if (firstSegments.size === 1) {
    const [only] = firstSegments;
    if (only && !/[*?]/.test(only) && files.isDirectory(only)) roots.push(only);
  }
  for (const fallback of ['src', '']) if (!roots.includes(fallback)) roots.push(fallback);
  return roots;
}

function sourceFile(files: ProjectFiles, compiledPath: string): string | null {
  const ext = path.posix.extname(compiledPath);
  const stem = compiledPath.slice(0, compiledPath.length - ext.length);
  const tries =
    ext && COMPILED_TO_SOURCE[ext]
      ? COMPILED_TO_SOURCE[ext].map((e) => stem + e)
      : SOURCE_EXTENSIONS.map((e) => compiledPath + e);
  if (!ext) for (const e of SOURCE_EXTENSIONS) tries.push(`${compiledPath}/index${e}`);
  return tries.find((file) => files.read(file) !== null && !files.isDirectory(file)) ?? null;
}

/**
 * Top-level folders the root .gitignore ignores by a plain name (`dist`, `/build/`,
 * `out/`): the usual way build output is kept out of git. Globs and negations are not
 * interpreted; a folder they would ignore is simply not known as output.
 */
function gitIgnoredTopLevelDirs(files: ProjectFiles): string[] {
  const text = files.read('.gitignore');
  if (text === null) return [];
  const out: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith('!')) continue;
    const name = line.replace(/^\//, '').replace(/\/$/, '');
    if (!/^[\w.@-]+$/.test(name) || name === '.' || name === '..') continue;
    if (files.isDirectory(name)) out.push(name);
  }
  return out;
}
