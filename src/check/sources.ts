/**
 * The project's own source files, for the framework-agnostic rules: listed once,
 * read once (through ProjectFiles), masked once. Tests, builds and dependencies
 * are left out: a literal secret in a test is not a production leak.
 */
import { lstatSync, realpathSync } from 'node:fs';
import path from 'node:path';
import type { ProjectFiles } from '../detect/project.js';
import { maskRust } from '../edit/rust/code.js';
import { maskSource, type MaskedSource } from './mask.js';

const SOURCE_EXTENSION = /\.(?:[cm]?[jt]s|[jt]sx)$/;
const SKIP_DIRS = new Set([
  'node_modules',
  'dist',
  'build',
  'out',
  'coverage',
  'target',
  'vendor',
  'public',
  'static',
  'test',
  'tests',
  '__tests__',
  '__mocks__',
  'spec',
  'fixtures',
  'e2e',
  'migrations',
  'tmp',
]);
const TEST_FILE = /\.(?:test|spec|e2e|stories)\.[cm]?[jt]sx?$|\.d\.[cm]?ts$/;
/** A project with more source files than this is scanned only this far (and says so). */
export const MAX_SOURCE_FILES = 2000;

function realPath(abs: string): string | null {
  try {
    return realpathSync(abs);
  } catch {
    return null;
  }
}

export interface SourceFile {
  /** Path relative to the project root. */
  file: string;
  text: string;
  masked: MaskedSource;
}

export class ProjectSources {
  private masked = new Map<string, MaskedSource>();
  private listing: string[] | null = null;
  truncated = false;

  constructor(readonly files: ProjectFiles) {}

  /** Sources left unread, and why (a FIFO, a device behind a symlink, a file over the size limit). */
  readonly skipped: { file: string; reason: string }[] = [];

  /**
   * Relative paths of the project's JS/TS sources, breadth first. Each folder is
   * entered once by its real path, so a symlink loop (`lib/x -> ../lib`) ends, and
   * folders whose real path is outside the project are not entered.
   */
  list(): string[] {
    if (this.listing) return this.listing;
    const out: string[] = [];
    const queue = [''];
    const root = realPath(this.files.root) ?? this.files.root;
    const visited = new Set<string>([root]);
    while (queue.length && out.length < MAX_SOURCE_FILES) {
      const dir = queue.shift() as string;
      for (const name of this.files.list(dir).sort()) {
        if (name.startsWith('.')) continue;
        const rel = dir ? `${dir}/${name}` : name;
        if (SOURCE_EXTENSION.test(name)) {
          if (TEST_FILE.test(name)) continue;
          const reason = this.outsideProject(rel, root) ?? this.files.whyUnreadable(rel);
          if (reason === null) out.push(rel);
          else if (!reason.startsWith('it is a directory')) this.skipped.push({ file: rel, reason });
        } else if (
          !name.includes('.') &&
          !SKIP_DIRS.has(name) &&
          this.files.isDirectory(rel) &&
          !this.isOtherProject(rel)
        ) {
          const real = realPath(this.files.abs(rel));
          if (real === null || visited.has(real) || !(real === root || real.startsWith(root + path.sep))) continue;
          visited.add(real);
          queue.push(rel);
        }
      }
    }
    this.truncated = out.length >= MAX_SOURCE_FILES;
    return (this.listing = out);
  }

  /** A symlinked source whose target is outside the project is not read (lstat first: most files are not links). */
  private outsideProject(rel: string, root: string): string | null {
    try {
      if (!lstatSync(this.files.abs(rel)).isSymbolicLink()) return null;
    } catch {
      return null;
    }
    const real = realPath(this.files.abs(rel));
    return real === null || real.startsWith(root + path.sep) ? null : 'it is a symlink to a file outside the project';
  }

  /** A folder with its own package.json or Cargo.toml is another project (a workspace package). */
  private isOtherProject(rel: string): boolean {
    return this.files.exists(`${rel}/package.json`) || this.files.exists(`${rel}/Cargo.toml`);
  }

  /** Sources whose text passes a cheap pre-filter (e.g. /session/i). */
  matching(filter: RegExp): SourceFile[] {
    const out: SourceFile[] = [];
    for (const file of this.list()) {
      const text = this.files.read(file);
      if (text !== null && filter.test(text)) out.push(this.get(file) as SourceFile);
    }
    return out;
  }

  get(file: string): SourceFile | null {
    const text = this.files.read(file);
    if (text === null) return null;
    let masked = this.masked.get(file);
    // Rust files (a Pavex blueprint, an axum main) by Rust's lexical rules.
    if (!masked) this.masked.set(file, (masked = file.endsWith('.rs') ? maskRust(text) : maskSource(text)));
    return { file, text, masked };
  }
}
