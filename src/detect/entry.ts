/**
 * Finds the file where the app is set up. Starts from package.json (main, start/dev
 * scripts) and common names, and follows relative imports, because an app is often
 * created in one file (app.js) and listened on in another (server.js).
 */
import path from 'node:path';
import { buildOutputOf } from './build-output.js';
import { aliasResolverOf } from './import-aliases.js';
import { UserError } from '../core/errors.js';
import { MAX_FILE_BYTES, type ProjectFiles, type PackageJson } from './project.js';
import { cleanRelative } from './relative-path.js';

const COMMON_NAMES = ['app', 'server', 'index', 'main'];
const EXTENSIONS = ['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs'];
const SCRIPT_FILE = /(?:^|\s)((?:\.\/)?[\w./-]+\.(?:[cm]?[jt]s))(?=\s|$)/g;

export interface EntryMatch {
  file: string;
  reasons: string[];
}

function scriptEntries(pkg: PackageJson | null): { file: string; from: string }[] {
  const out: { file: string; from: string }[] = [];
  if (pkg?.main) out.push({ file: pkg.main, from: 'package.json "main"' });
  for (const name of ['start', 'dev', 'serve', 'start:dev']) {
    const script = pkg?.scripts?.[name];
    if (!script) continue;
    for (const match of script.matchAll(SCRIPT_FILE)) out.push({ file: match[1], from: `script "${name}"` });
  }
  return out;
}

/**
 * Resolves a path as Node or TypeScript would: exact, with extensions, .js→.ts,
 * dir/index, and a compiled path back to its source (tsconfig outDir/rootDir, else
 * dist|build|out|lib → src). Never a file in build output or a git-ignored folder.
 */
export function resolveSourceFile(files: ProjectFiles, candidate: string): string | null {
  const output = buildOutputOf(files);
  const clean = cleanRelative(candidate);
  if (output.contains(clean)) {
    const source = output.sourceFor(clean);
    if (source && !output.contains(source)) return source;
  }
  const tries: string[] = [clean];
  const stem = clean.replace(/\.[cm]?[jt]s$/, '');
  for (const ext of EXTENSIONS) tries.push(stem + ext);
  for (const ext of EXTENSIONS) tries.push(`${clean}/index${ext}`);
  const fromBuild = /^(?:dist|build|out|lib)\/(.*)$/.exec(stem);
  if (fromBuild) for (const ext of EXTENSIONS) tries.push(`src/${fromBuild[1]}${ext}`);
  for (const file of tries) {
    if (output.contains(file)) continue;
    if (files.read(file) !== null && !files.isDirectory(file)) return file;
    refuseSkipped(files, file);
  }
  return null;
}

/** The app's own entry is never silently passed over: a FIFO, a device or a huge file there is named. */
function refuseSkipped(files: ProjectFiles, file: string): void {
  const reason = files.whyUnreadable(file);
  if (reason === null || reason.startsWith('it is a directory')) return;
  throw new UserError(`${file} was not read: ${reason}.`, {
    where: { file },
    hint: `session-kit reads only regular files up to ${MAX_FILE_BYTES / 1024 / 1024} MB. Replace ${file} with the app's source, or point --cwd at the app.`,
    code: 'not-a-file',
  });
}

/**
 * An import specifier of `file` as the relative specifier of a project file: itself when
 * relative, an alias (tsconfig paths, package.json imports) resolved; null for a package.
 */
export function localSpecifier(files: ProjectFiles, specifier: string, file: string): string | null {
  const spec = specifier.startsWith('.') ? specifier : aliasResolverOf(files)(specifier, file);
  return spec && /^\.{1,2}(?:\/|$)/.test(spec) ? spec : null;
}

/** The relative imports of `file`, and its aliased ones (tsconfig paths, package.json imports) as relative specifiers. */
export function relativeImports(files: ProjectFiles, text: string, file: string): string[] {
  const out: string[] = [];
  for (const match of text.matchAll(/(?:\bfrom\s*|\brequire\s*\(\s*|\bimport\s*\(\s*)['"]([^'"\n]+)['"]/g)) {
    const spec = localSpecifier(files, match[1], file);
    if (spec) out.push(spec);
  }
  return out;
}

/**
 * The first file, in discovery order, whose text satisfies `isSetupFile`.
 * Breadth-first over relative imports from the entries, so the nearest file wins.
 */
export function findSetupFile(
  files: ProjectFiles,
  pkg: PackageJson | null,
  isSetupFile: (text: string, file: string) => boolean,
  /** Entries a framework's own config names (e.g. nest-cli.json), read first. */
  frameworkEntries: { file: string; from: string }[] = [],
): EntryMatch | null {
  const queue: { file: string; reason: string; depth: number }[] = [];
  const seen = new Set<string>();
  const enqueue = (candidate: string, reason: string, depth: number, base = '') => {
    const file = resolveSourceFile(files, base ? path.posix.join(path.posix.dirname(base), candidate) : candidate);
    if (file && !seen.has(file) && !file.includes('node_modules/')) {
      seen.add(file);
      queue.push({ file, reason, depth });
    }
  };
  for (const entry of frameworkEntries) enqueue(entry.file, `entry from ${entry.from}`, 0);
  for (const entry of scriptEntries(pkg)) enqueue(entry.file, `entry from ${entry.from}`, 0);
  for (const dir of ['src/', '']) for (const name of COMMON_NAMES) enqueue(dir + name, 'common entry file name', 0);

  for (let i = 0; i < queue.length; i++) {
    const { file, reason, depth } = queue[i];
    const text = files.read(file) ?? '';
    if (isSetupFile(text, file)) return { file, reasons: [`${file}: ${reason}`] };
    if (depth < 4)
      for (const spec of relativeImports(files, text, file)) enqueue(spec, `imported by ${file}`, depth + 1, file);
  }
  return null;
}

/**
 * The file that starts the app whose setup is in `setupFile`: the first entry (main,
 * start/dev scripts, common names) from which the setup file is reached by relative
 * imports, so a module that only exports the app (src/config/express.js) is not named
 * as the one to run. Falls back to the setup file itself.
 */
export function startFileFor(files: ProjectFiles, pkg: PackageJson | null, setupFile: string): string {
  const entries: string[] = [];
  for (const entry of scriptEntries(pkg)) entries.push(entry.file);
  for (const dir of ['src/', '']) for (const name of COMMON_NAMES) entries.push(dir + name);
  for (const candidate of entries) {
    const start = resolveSourceFile(files, candidate);
    if (start && reaches(files, start, setupFile)) return start;
  }
  return setupFile;
}

function reaches(files: ProjectFiles, from: string, target: string): boolean {
  const seen = new Set<string>([from]);
  const queue = [{ file: from, depth: 0 }];
  for (let i = 0; i < queue.length; i++) {
    const { file, depth } = queue[i];
    if (file === target) return true;
    if (depth >= 6) continue;
    for (const spec of relativeImports(files, files.read(file) ?? '', file)) {
      const next = resolveSourceFile(files, path.posix.join(path.posix.dirname(file), spec));
      if (next && !seen.has(next)) {
        seen.add(next);
        queue.push({ file: next, depth: depth + 1 });
      }
    }
  }
  return false;
}

/** Reads modules imported relatively from `fromFile` (for recognisers that peek at them). */
export function relativeModuleReader(
  project: { files: ProjectFiles },
  fromFile: string,
): (source: string) => string | null {
  return (source) => {
    const file = resolveSourceFile(project.files, path.posix.join(path.posix.dirname(fromFile), source));
    return file ? project.files.read(file) : null;
  };
}
