/**
 * Where session-kit may read and write: inside the project root, or inside the
 * workspace root when the app is a member of a monorepo. A path is checked as written
 * (no absolute path, no `..` leaving the boundary) and after symlinks, so a link
 * planted in a cloned repository cannot lead a write elsewhere.
 */
import { realpathSync } from 'node:fs';
import path from 'node:path';
import { findWorkspace } from '../detect/workspace.js';

/** The folder nothing may leave: the workspace root of a monorepo member, else the project root. */
export function projectBoundary(root: string): string {
  const workspace = findWorkspace(root);
  return path.resolve(workspace?.root ?? root);
}

function isWithin(dir: string, target: string): boolean {
  const rel = path.relative(dir, target);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** The real path of `target`, resolving the deepest part that exists (a new file's folder). */
export function realPathOf(target: string): string {
  let existing = target;
  const rest: string[] = [];
  for (;;) {
    try {
      return path.join(realpathSync(existing), ...rest.reverse());
    } catch {
      const parent = path.dirname(existing);
      if (parent === existing) return target;
      rest.push(path.basename(existing));
      existing = parent;
    }
  }
}

/**
 * Why `relativePath` (relative to `root`) is not a path session-kit may touch, or null
 * when it is inside `boundary` both as written and after following symlinks.
 */
export function outsideReason(root: string, boundary: string, relativePath: string): string | null {
  if (relativePath === '' || relativePath.includes('\0')) return 'is not a file path';
  if (path.isAbsolute(relativePath) || path.win32.isAbsolute(relativePath) || /^[a-zA-Z]:/.test(relativePath))
    return 'is an absolute path';
  const segments = relativePath.split(/[\\/]/);
  // `..` may only climb from an app to its workspace root, never past it or mid-path.
  const firstOther = segments.findIndex((s) => s !== '..');
  if (segments.slice(firstOther).some((s) => s === '..' || s === '.')) return 'has `.` or `..` segments';
  const lexical = path.resolve(root, relativePath);
  if (!isWithin(boundary, lexical)) return `leads outside the project (${boundary})`;
  const real = realPathOf(lexical);
  if (!isWithin(realPathOf(boundary), real)) return `leads outside the project through a symlink (to ${real})`;
  return null;
}
