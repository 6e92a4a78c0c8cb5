/**
 * The app's Node version: package majors (better-sqlite3, connect-redis...) are
 * chosen from it, not from whatever is latest.
 */
import type { NodeVersionInfo, ProjectFiles, PackageJson } from './project.js';

/**
 * The lowest version a semver range admits, as numbers: `^0.5.3` → [0, 5, 3],
 * `^2.4 || ^1.9` → [1, 9, 0], `>=18 <23` → [18, 0, 0]. Upper bounds are ignored; null when
 * the range names no version (`latest`, `lts/*`).
 */
export function lowestVersion(range: string): [number, number, number] | null {
  let lowest: [number, number, number] | null = null;
  for (const alternative of range.split('||')) {
    for (const token of alternative.trim().split(/\s+/)) {
      if (token.startsWith('<')) continue;
      const match = /^(?:>=|>|\^|~|=|v)?(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(token);
      if (!match) continue;
      const version: [number, number, number] = [Number(match[1]), Number(match[2] ?? 0), Number(match[3] ?? 0)];
      if (!lowest || compareVersions(version, lowest) < 0) lowest = version;
    }
  }
  return lowest;
}

export function compareVersions(a: [number, number, number], b: [number, number, number]): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

/** Lowest major a semver range admits, e.g. ">=20.12" → 20, "^18 || ^20" → 18. Upper bounds are ignored. */
export function lowestMajor(range: string): number | null {
  return lowestVersion(range)?.[0] ?? null;
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
