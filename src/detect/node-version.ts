/**
 * The app's Node version: package majors (better-sqlite3, connect-redis...) are
 * chosen from it, not from whatever is latest.
 */
import type { NodeVersionInfo, ProjectFiles, PackageJson } from './project.js';

/** Lowest major a semver range admits, e.g. ">=20.12" → 20, "^18 || ^20" → 18. Upper bounds are ignored. */
export function lowestMajor(range: string): number | null {
  const majors: number[] = [];
  for (const alternative of range.split('||')) {
    for (const token of alternative.trim().split(/\s+/)) {
      if (token.startsWith('<')) continue;
      const match = /^(?:>=|>|\^|~|=|v)?(\d+)/.exec(token);
      if (match) majors.push(Number(match[1]));
    }
  }
  return majors.length ? Math.min(...majors) : null;
}

export function detectNodeVersion(
  files: ProjectFiles,
  pkg: PackageJson | null,
  workspaceFiles: ProjectFiles | null,
): NodeVersionInfo {
  const range = pkg?.engines?.node;
  if (range) {
    const major = lowestMajor(range);
    if (major) return { major, range, source: 'engines.node' };
  }
  for (const source of [files, workspaceFiles]) {
    if (!source) continue;
    for (const name of ['.nvmrc', '.node-version']) {
      const text = source.read(name)?.trim();
      const major = text ? lowestMajor(text.replace(/^lts\/.*$/, '')) : null;
      if (text && major) return { major, range: text, source: name };
    }
  }
  return { major: Number(process.versions.node.split('.')[0]), source: 'running node' };
}
