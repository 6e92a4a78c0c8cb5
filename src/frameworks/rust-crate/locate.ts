/**
 * The crate of a Cargo project that depends on a framework crate (axum, actix-web): the
 * root package or a workspace member, read with Pavex's line-based manifest scan, with
 * its roots (src/main.rs, src/lib.rs) and the modules reachable from them. When several
 * crates depend on it, the one `--cwd` points into is chosen, then the first the
 * framework prefers (the one that serves or builds a router), then the first.
 */
import path from 'node:path';
import type { Project, ProjectFiles } from '../../detect/project.js';
import {
  lockedVersion,
  memberDirs,
  scanManifest,
  usesWorkspaceVersion,
  versionOf,
  type ManifestScan,
} from '../pavex/manifest-scan.js';
import { rustCode } from '../../edit/rust/code.js';
import { walkModules } from './modules.js';

/** What every Rust integration knows of its crate. */
export interface RustCrate {
  /** The crate's folder relative to the project root ('' when it is the root). */
  crateDir: string;
  crateName: string | null;
  /** The crate's Cargo.toml, relative to the project root. */
  manifest: string;
  scan: ManifestScan;
  /** Crate roots that exist: src/main.rs, src/lib.rs. */
  roots: string[];
  /** The module files reachable from each root, in breadth-first order. */
  modules: Map<string, string[]>;
}

/** What a framework's detection reads further of a crate that depends on it. */
export interface CrateFacts {
  /** The requirement of the crate's manifest for `name` (its workspace's, for `workspace = true`). */
  declared(name: string): string | null;
  /** The version of `name` in Cargo.lock (the project root's, else the crate's). */
  locked(name: string): string | null;
  /** Module files whose code matches `pattern`, each once, in the order they were reached. */
  filesMatching(pattern: RegExp): string[];
}

function join(...parts: string[]): string {
  return path.posix.join(...parts.filter((p) => p !== ''));
}

function rustCrate(files: ProjectFiles, dir: string, scan: ManifestScan): RustCrate {
  const roots = ['src/main.rs', 'src/lib.rs'].map((r) => join(dir, r)).filter((r) => files.read(r) !== null);
  const modules = new Map<string, string[]>();
  for (const root of roots) modules.set(root, walkModules(files, root));
  return { crateDir: dir, crateName: scan.packageName, manifest: join(dir, 'Cargo.toml'), scan, roots, modules };
}

function crateFacts(files: ProjectFiles, crate: RustCrate, rootScan: ManifestScan): CrateFacts {
  // Cargo.lock at the project root, else beside the crate.
  const lock = files.read('Cargo.lock') ?? files.read(join(crate.crateDir, 'Cargo.lock'));
  const { scan, modules } = crate;
  return {
    declared(name) {
      const dep = scan.dependencies.get(name);
      return usesWorkspaceVersion(dep) ? versionOf(rootScan.workspaceDependencies.get(name)) : versionOf(dep);
    },
    locked: (name) => lockedVersion(lock, name),
    filesMatching(pattern) {
      const out: string[] = [];
      for (const list of modules.values()) {
        for (const file of list) {
          if (out.includes(file)) continue;
          if (pattern.test(rustCode(files.read(file) ?? ''))) out.push(file);
        }
      }
      return out;
    },
  };
}

/**
 * The crate that depends on `dependency`, read by `describe`; with several, the one the
 * cwd is in, then the first `preferred` accepts, then the first. Null outside Rust or
 * when no crate depends on it.
 */
export function locateCrate<T extends { crateDir: string }>(
  project: Project,
  dependency: string,
  describe: (crate: RustCrate, facts: CrateFacts) => T,
  preferred: (app: T) => boolean,
): T | null {
  if (project.ecosystem !== 'rust') return null;
  const files = project.files;
  const rootText = files.read('Cargo.toml');
  if (rootText === null) return null;
  const rootScan = scanManifest(rootText);
  const dirs: string[] = [];
  if (rootScan.packageName !== null) dirs.push('');
  if (rootScan.isWorkspace) for (const d of memberDirs(files, rootScan)) if (!dirs.includes(d)) dirs.push(d);
  const apps: T[] = [];
  for (const dir of dirs) {
    const text = dir === '' ? rootText : files.read(join(dir, 'Cargo.toml'));
    if (text === null) continue;
    const scan = scanManifest(text);
    if (!scan.dependencies.has(dependency)) continue;
    const crate = rustCrate(files, dir, scan);
    apps.push(describe(crate, crateFacts(files, crate, rootScan)));
  }
  if (apps.length <= 1) return apps[0] ?? null;
  const cwd = path.relative(project.root, project.cwd).split(path.sep).join('/');
  const byCwd = apps.filter((a) => a.crateDir !== '' && (cwd === a.crateDir || cwd.startsWith(`${a.crateDir}/`)));
  if (byCwd.length === 1) return byCwd[0];
  return apps.find(preferred) ?? apps[0];
}

/**
 * The `src/main.rs` of the other crates of the workspace that depend on `crateName`
 * (a library crate's router served by a binary crate): named in messages, never edited.
 */
export function binaryDependents(files: ProjectFiles, crateName: string | null): string[] {
  if (!crateName) return [];
  const rootText = files.read('Cargo.toml');
  if (rootText === null) return [];
  const rootScan = scanManifest(rootText);
  if (!rootScan.isWorkspace) return [];
  const out: string[] = [];
  for (const dir of memberDirs(files, rootScan)) {
    const text = files.read(join(dir, 'Cargo.toml'));
    if (text === null) continue;
    const scan = scanManifest(text);
    const main = join(dir, 'src/main.rs');
    if (scan.packageName !== crateName && scan.dependencies.has(crateName) && files.read(main) !== null) out.push(main);
  }
  return out;
}
