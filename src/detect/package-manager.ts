/**
 * Which package manager the project uses: lockfile, `packageManager` or
 * `devEngines`, searched from the app upwards (a workspace keeps its lockfile at the root).
 */
import type { PackageManagerInfo, PackageManagerName } from './project.js';

export const LOCKFILES: Record<PackageManagerName, string[]> = {
  npm: ['package-lock.json', 'npm-shrinkwrap.json'],
  pnpm: ['pnpm-lock.yaml'],
  yarn: ['yarn.lock'],
  bun: ['bun.lock', 'bun.lockb'],
};

export async function detectPackageManager(
  root: string,
  stopDir: string | null,
  override?: string,
): Promise<PackageManagerInfo> {
  if (override) {
    if (!(override in LOCKFILES)) throw new Error(`unknown package manager ${override}`);
    return { name: override as PackageManagerName, source: '--package-manager' };
  }
  // Loaded here: check skips package-manager detection and should not pay for the module.
  const { detect } = await import('package-manager-detector/detect');
  const found = await detect({ cwd: root, stopDir: stopDir ?? undefined });
  if (!found) return { name: 'npm', source: 'default (no lockfile or packageManager field)' };
  const name = found.name as PackageManagerName;
  const source = found.version ? `packageManager/devEngines (${name}@${found.version})` : 'lockfile';
  return { name, version: found.version, source };
}
