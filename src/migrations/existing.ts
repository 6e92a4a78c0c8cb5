/**
 * Finds a migration that already creates the session table, so a re-run writes
 * nothing and a hand-written migration is respected.
 */
import path from 'node:path';
import type { Project } from '../detect/project.js';
import { escapeRegExp } from '../edit/regex.js';

export function createsTable(text: string, table: string): boolean {
  const name = `\\\\?[\`"']?${escapeRegExp(table)}\\\\?[\`"']?`;
  return (
    new RegExp(
      `create\\s+table\\s+(?:if\\s+not\\s+exists\\s+)?(?:\\\\?[\`"]?\\w+\\\\?[\`"]?\\.)?${name}\\s*\\(`,
      'i',
    ).test(text) || new RegExp(`createTable(?:IfNotExists)?\\(\\s*['"\`]${escapeRegExp(table)}['"\`]`).test(text)
  );
}

/** The first file in `dir` (and its subfolders, one level) that creates `table`. */
export function findTableMigration(project: Project, dir: string, table: string): string | null {
  for (const name of project.files.list(dir).sort()) {
    const rel = path.posix.join(dir, name);
    if (project.files.isDirectory(rel)) {
      for (const inner of project.files.list(rel).sort()) {
        const text = project.files.read(path.posix.join(rel, inner));
        if (text !== null && createsTable(text, table)) return path.posix.join(rel, inner);
      }
      continue;
    }
    const text = project.files.read(rel);
    if (text !== null && createsTable(text, table)) return rel;
  }
  return null;
}
