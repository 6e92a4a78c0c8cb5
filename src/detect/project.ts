/**
 * What detection knows about a project. Files are read once and cached here:
 * every later step asks the Project, never the disk.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

export type PackageManagerName = 'npm' | 'pnpm' | 'yarn' | 'bun';

export interface PackageJson {
  name?: string;
  version?: string;
  type?: string;
  main?: string;
  module?: string;
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  engines?: Record<string, string>;
  workspaces?: string[] | { packages?: string[] };
  packageManager?: string;
  [key: string]: unknown;
}

export interface PackageManagerInfo {
  name: PackageManagerName;
  /** Version if known (from packageManager field or the binary). */
  version?: string;
  /** Where it was found: lockfile name, "packageManager", "devEngines", "default". */
  source: string;
}

export interface NodeVersionInfo {
  /** The lowest Node major the app claims to support. */
  major: number;
  /** The declared range, if any. */
  range?: string;
  /** engines.node, .nvmrc, .node-version, or "running node". */
  source: string;
}

export interface Project {
  /** Absolute path of the app (package dir, or for Rust the Cargo workspace root). */
  root: string;
  /** The directory the user pointed at (--cwd or the process cwd). */
  cwd: string;
  /** Absolute path of the workspace root when the app is inside a monorepo. */
  workspaceRoot: string | null;
  ecosystem: 'node' | 'rust';
  packageJson: PackageJson | null;
  packageManager: PackageManagerInfo | null;
  language: 'ts' | 'js' | 'rust';
  moduleSystem: 'esm' | 'cjs' | null;
  node: NodeVersionInfo | null;
  files: ProjectFiles;
}

/** Read-once cache of the project's files, relative to the project root. */
export class ProjectFiles {
  private readonly cache = new Map<string, string | null>();

  constructor(readonly root: string) {}

  abs(relativePath: string): string {
    return path.resolve(this.root, relativePath);
  }

  rel(absolutePath: string): string {
    return path.relative(this.root, absolutePath).split(path.sep).join('/');
  }

  /** Directory listings, read once: a missing file is answered without a failing read. */
  private readonly listings = new Map<string, Set<string> | null>();

  private listing(dir: string): Set<string> | null {
    let names = this.listings.get(dir);
    if (names === undefined) {
      try {
        names = new Set(readdirSync(this.abs(dir)));
      } catch {
        names = null;
      }
      this.listings.set(dir, names);
    }
    return names;
  }

  /** False when the listing of its folder shows `key` is absent (clean relative paths only). */
  private mayExist(key: string): boolean {
    if (key === '' || key === '.' || key.startsWith('/') || key.startsWith('./') || key.startsWith('../') || /\/\.{0,2}\/|\/\.\.?$/.test(key)) return true;
    const slash = key.lastIndexOf('/');
    const dir = slash === -1 ? '' : key.slice(0, slash);
    if (dir !== '' && !this.mayExist(dir)) return false;
    return this.listing(dir)?.has(key.slice(slash + 1)) ?? false;
  }

  read(relativePath: string): string | null {
    const key = relativePath.split(path.sep).join('/');
    if (this.cache.has(key)) return this.cache.get(key) ?? null;
    let text: string | null = null;
    if (this.mayExist(key)) {
      try {
        text = readFileSync(this.abs(key), 'utf8');
      } catch {
        text = null;
      }
    }
    this.cache.set(key, text);
    return text;
  }

  exists(relativePath: string): boolean {
    if (this.cache.get(relativePath)) return true;
    const key = relativePath.split(path.sep).join('/');
    return this.mayExist(key) && existsSync(this.abs(key));
  }

  isDirectory(relativePath: string): boolean {
    if (!this.mayExist(relativePath.split(path.sep).join('/'))) return false;
    try {
      return statSync(this.abs(relativePath)).isDirectory();
    } catch {
      return false;
    }
  }

  list(relativeDir: string): string[] {
    const names = this.listing(relativeDir.split(path.sep).join('/').replace(/\/$/, ''));
    return names ? [...names] : [];
  }

  json<T = unknown>(relativePath: string): T | null {
    const text = this.read(relativePath);
    if (text === null) return null;
    try {
      return JSON.parse(text) as T;
    } catch {
      return null;
    }
  }
}

export function hasDependency(pkg: PackageJson | null, name: string): boolean {
  if (!pkg) return false;
  return Boolean(pkg.dependencies?.[name] ?? pkg.devDependencies?.[name] ?? pkg.peerDependencies?.[name]);
}

export function dependencyRange(pkg: PackageJson | null, name: string): string | null {
  if (!pkg) return null;
  return pkg.dependencies?.[name] ?? pkg.devDependencies?.[name] ?? null;
}
