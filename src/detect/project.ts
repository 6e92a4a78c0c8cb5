/**
 * What detection knows about a project. Files are read once and cached here:
 * every later step asks the Project, never the disk.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../core/errors.js';
import { parseJsonText } from '../edit/json-text.js';

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

/** Files larger than this are not read (a project's own sources and settings are far smaller). */
export const MAX_FILE_BYTES = 8 * 1024 * 1024;

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
    if (
      key === '' ||
      key === '.' ||
      key.startsWith('/') ||
      key.startsWith('./') ||
      key.startsWith('../') ||
      /\/\.{0,2}\/|\/\.\.?$/.test(key)
    )
      return true;
    const slash = key.lastIndexOf('/');
    const dir = slash === -1 ? '' : key.slice(0, slash);
    if (dir !== '' && !this.mayExist(dir)) return false;
    return this.listing(dir)?.has(key.slice(slash + 1)) ?? false;
  }

  /** Paths that exist but are not read: folders, devices, FIFOs, sockets, files over MAX_FILE_BYTES. */
  private readonly unreadable = new Map<string, string>();

  /**
   * A regular file's text, or null. Anything else at the path (a folder, /dev/zero
   * behind a symlink, a FIFO that would block) or a file over MAX_FILE_BYTES is never
   * opened: it reads as null and `whyUnreadable` says why.
   */
  read(relativePath: string): string | null {
    const key = relativePath.split(path.sep).join('/');
    if (this.cache.has(key)) return this.cache.get(key) ?? null;
    let text: string | null = null;
    if (this.mayExist(key)) {
      const reason = this.unreadableReason(key);
      if (reason) this.unreadable.set(key, reason);
      else {
        try {
          text = readFileSync(this.abs(key), 'utf8');
        } catch {
          text = null;
        }
      }
    }
    this.cache.set(key, text);
    return text;
  }

  private unreadableReason(key: string): string | null {
    let stat;
    try {
      stat = statSync(this.abs(key));
    } catch {
      return null;
    }
    if (stat.isDirectory()) return 'it is a directory';
    if (!stat.isFile()) return 'it is not a regular file (a device, FIFO or socket)';
    if (stat.size > MAX_FILE_BYTES) return `it is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB`;
    return null;
  }

  /** Why `read` answered null for a path that exists, or null when it does not exist or was read. */
  whyUnreadable(relativePath: string): string | null {
    const key = relativePath.split(path.sep).join('/');
    this.read(key);
    return this.unreadable.get(key) ?? null;
  }

  /**
   * The text of a file a plan creates or edits: null when it does not exist yet, and a
   * refusal naming the path when something that cannot be edited is in its place.
   */
  readTarget(relativePath: string): string | null {
    const text = this.read(relativePath);
    const reason = text === null ? this.whyUnreadable(relativePath) : null;
    if (reason) {
      throw new UserError(`${relativePath} cannot be used: ${reason}, where session-kit needs a file of that name.`, {
        where: { file: relativePath },
        hint: `Rename or remove ${relativePath}${reason.startsWith('it is a directory') ? ' (the directory)' : ''}, then run session-kit again. Nothing was written.`,
        code: 'not-a-file',
      });
    }
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
      return parseJsonText<T>(text);
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
