/**
 * The source files an app loads: relative imports and requires followed from its
 * entries (package.json main and start scripts, the setup file, common entry names),
 * plus every file of an @fastify/autoload folder. For Rust, the modules of the app
 * crate (every .rs file under its src/). Read through ProjectFiles, never executed.
 */
import path from 'node:path';
import type { Project, ProjectFiles } from '../detect/project.js';
import { resolveSourceFile } from '../detect/entry.js';
import { aliasResolverOf } from '../detect/import-aliases.js';
import { maskSource } from './mask.js';

const COMMON_ENTRIES = ['src/main', 'src/index', 'src/app', 'src/server', 'main', 'index', 'app', 'server'];
const SCRIPT_FILE = /(?:^|\s)((?:\.\/)?[\w./-]+\.(?:[cm]?[jt]s))(?=\s|$)/g;
const SPECIFIER = /(?:\bfrom\s*|\brequire\s*\(\s*|\bimport\s*\(\s*|^\s*import\s+)['"]([^'"\n]+)['"]/gm;
const RELATIVE = /^(?:\.{1,2}\/.+|\.{1,2})$/;
/** Folders an @fastify/autoload call names: `join(__dirname, 'plugins')`, `new URL('./routes', import.meta.url)`, `'./plugins'`. */
const FOLDER_LITERAL = /['"](\.{0,2}\/?[\w@-]+(?:\/[\w@-]+)*)\/?['"]/g;
const SOURCE_FILE = /\.(?:[cm]?[jt]s|[jt]sx)$/;
const SKIP = /(?:^|\/)(?:node_modules|dist|build|coverage|\.git)(?:\/|$)/;
/** Bound on the walk: a huge project is read only this far. */
const MAX_FILES = 2000;

function entries(project: Project, setupFile: string | null): string[] {
  const out: string[] = [];
  if (setupFile) out.push(setupFile);
  const pkg = project.packageJson;
  if (typeof pkg?.main === 'string') out.push(pkg.main);
  for (const name of ['start', 'dev', 'serve', 'start:dev', 'start:prod']) {
    const script = pkg?.scripts?.[name];
    if (typeof script === 'string') for (const match of script.matchAll(SCRIPT_FILE)) out.push(match[1]);
  }
  return [...out, ...COMMON_ENTRIES];
}

/** Every source file under `dir` (an autoload folder loads them all, recursively). */
function filesUnder(files: ProjectFiles, dir: string, out: string[]): void {
  for (const name of files.list(dir).sort()) {
    if (name.startsWith('.') || name === 'node_modules') continue;
    const rel = `${dir}/${name}`;
    if (SOURCE_FILE.test(name) && !name.endsWith('.d.ts')) out.push(rel);
    else if (!name.includes('.') && files.isDirectory(rel)) filesUnder(files, rel, out);
  }
}

function autoloadFolders(files: ProjectFiles, file: string, code: string): string[] {
  if (!/['"]@fastify\/autoload['"]/.test(code)) return [];
  const out: string[] = [];
  const base = path.posix.dirname(file);
  for (const match of code.matchAll(FOLDER_LITERAL)) {
    const dir = path.posix.normalize(path.posix.join(base, match[1]));
    if (!dir.startsWith('..') && dir !== '.' && !SKIP.test(dir) && files.isDirectory(dir)) out.push(dir);
  }
  return out;
}

/** Relative paths of the JS/TS files the app loads, entries first, breadth first. */
export function nodeAppFiles(project: Project, setupFile: string | null): string[] {
  const files = project.files;
  const aliases = aliasResolverOf(files);
  const seen = new Set<string>();
  const queue: string[] = [];
  // Outside the app only within its monorepo (a shared setup file), never beyond.
  const boundary = path.resolve(project.workspaceRoot ?? project.root);
  const inside = (file: string) => {
    const rel = path.relative(boundary, path.resolve(project.root, file));
    return !rel.startsWith('..') && !path.isAbsolute(rel);
  };
  const add = (candidate: string) => {
    const file = resolveSourceFile(files, candidate);
    if (file && !seen.has(file) && !SKIP.test(file) && (!file.startsWith('../') || inside(file))) {
      seen.add(file);
      queue.push(file);
    }
  };
  for (const entry of entries(project, setupFile)) add(entry);
  for (let i = 0; i < queue.length && queue.length < MAX_FILES; i++) {
    const file = queue[i];
    const text = files.read(file);
    if (text === null) continue;
    const code = maskSource(text).code;
    // One pass over the specifiers: relative ones first, then bare ones that are aliases of
    // project files (tsconfig paths, package.json imports).
    const aliased: string[] = [];
    for (const match of code.matchAll(SPECIFIER)) {
      const spec = match[1];
      if (RELATIVE.test(spec)) add(path.posix.join(path.posix.dirname(file), spec));
      else if (!spec.startsWith('.')) aliased.push(spec);
    }
    for (const spec of aliased) {
      const relative = aliases(spec, file);
      if (relative) add(path.posix.join(path.posix.dirname(file), relative));
    }
    for (const dir of autoloadFolders(files, file, code)) {
      const under: string[] = [];
      filesUnder(files, dir, under);
      for (const f of under) add(f);
    }
  }
  return queue;
}

/** The .rs files of the crate holding `blueprintFile` (its src/ folder). */
export function rustCrateFiles(files: ProjectFiles, blueprintFile: string | null): string[] {
  if (!blueprintFile) return [];
  const at = blueprintFile.lastIndexOf('src/');
  const srcDir = at === -1 ? path.posix.dirname(blueprintFile) : blueprintFile.slice(0, at + 3);
  const out: string[] = [];
  const visit = (dir: string) => {
    for (const name of files.list(dir).sort()) {
      const rel = `${dir}/${name}`;
      if (name.endsWith('.rs')) out.push(rel);
      else if (!name.includes('.') && files.isDirectory(rel) && out.length < MAX_FILES) visit(rel);
    }
  };
  visit(srcDir);
  return out;
}
