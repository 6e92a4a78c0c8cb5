/**
 * Project root and monorepo layout: the nearest package.json (or Cargo.toml) from
 * the cwd, and the workspace root above it with its member packages.
 */
import { existsSync, readFileSync, readdirSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseJsonText } from '../edit/json-text.js';
import type { PackageJson } from './project.js';

export interface WorkspaceInfo {
  root: string;
  /** Absolute paths of member packages. */
  packages: string[];
}

export function findUp(start: string, names: string[]): string | null {
  let dir = path.resolve(start);
  for (;;) {
    for (const name of names) if (existsSync(path.join(dir, name))) return path.join(dir, name);
    const parent = path.dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

function readJson(file: string): PackageJson | null {
  try {
    return parseJsonText<PackageJson>(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

/** Workspace globs from package.json `workspaces` (npm, yarn, bun) or pnpm-workspace.yaml. */
export function workspaceGlobs(dir: string): string[] | null {
  const pkg = readJson(path.join(dir, 'package.json'));
  const field = pkg?.workspaces;
  if (Array.isArray(field)) return field;
  if (field && Array.isArray(field.packages)) return field.packages;
  const pnpm = path.join(dir, 'pnpm-workspace.yaml');
  if (existsSync(pnpm)) {
    const globs: string[] = [];
    let inPackages = false;
    for (const line of readFileSync(pnpm, 'utf8').split(/\r?\n/)) {
      if (/^packages\s*:/.test(line)) inPackages = true;
      else if (/^\S/.test(line)) inPackages = false;
      else if (inPackages) {
        const match = /^\s*-\s*['"]?([^'"#]+?)['"]?\s*(?:#.*)?$/.exec(line);
        if (match) globs.push(match[1]);
      }
    }
    return globs;
  }
  return null;
}

/** Expands the simple globs workspaces use: `apps/*`, `packages/**`, `tools/cli`. Negations are honoured. */
export function expandWorkspaceGlobs(root: string, globs: string[]): string[] {
  const found = new Set<string>();
  const excluded = new Set<string>();
  for (const raw of globs) {
    const negate = raw.startsWith('!');
    const glob = raw.replace(/^!/, '').replace(/\/$/, '');
    const target = negate ? excluded : found;
    for (const dir of expandOne(root, glob.split('/'), new Set())) target.add(dir);
  }
  return [...found].filter((dir) => !excluded.has(dir) && existsSync(path.join(dir, 'package.json'))).sort();
}

/** `visited` holds the real paths `**` has entered, so a symlink loop (`packages/x -> ..`) ends. */
function expandOne(base: string, parts: string[], visited: Set<string>): string[] {
  if (parts.length === 0) return [base];
  const [head, ...rest] = parts;
  if (head === '**') {
    const real = realPath(base);
    if (real === null || visited.has(real)) return [];
    visited.add(real);
    const out = expandOne(base, rest, visited);
    for (const child of subdirs(base)) out.push(...expandOne(child, parts, visited));
    return out;
  }
  if (head.includes('*')) {
    const re = new RegExp(`^${head.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
    return subdirs(base)
      .filter((dir) => re.test(path.basename(dir)))
      .flatMap((dir) => expandOne(dir, rest, visited));
  }
  const next = path.join(base, head);
  return existsSync(next) ? expandOne(next, rest, visited) : [];
}

function realPath(dir: string): string | null {
  try {
    return realpathSync(dir);
  } catch {
    return null;
  }
}

function isDirectory(full: string): boolean {
  try {
    return statSync(full).isDirectory();
  } catch {
    return false;
  }
}

function subdirs(dir: string): string[] {
  try {
    return readdirSync(dir)
      .filter((name) => name !== 'node_modules' && !name.startsWith('.'))
      .map((name) => path.join(dir, name))
      .filter(isDirectory);
  } catch {
    return [];
  }
}

/** The workspace root that contains `dir` (possibly `dir` itself), if any. */
export function findWorkspace(dir: string): WorkspaceInfo | null {
  let current = path.resolve(dir);
  for (;;) {
    const globs = workspaceGlobs(current);
    if (globs) {
      const packages = expandWorkspaceGlobs(current, globs);
      const inside =
        current === path.resolve(dir) ||
        packages.some((p) => path.resolve(dir).startsWith(p + path.sep) || p === path.resolve(dir));
      if (inside) return { root: current, packages };
    }
    const parent = path.dirname(current);
    if (parent === current) return null;
    current = parent;
  }
}
