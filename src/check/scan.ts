/**
 * What `check` looks at: the project at --cwd, the PATHs given (apps, or files whose
 * findings alone are kept), and at a monorepo root every workspace package.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../core/errors.js';
import { detectAll, detectFramework, loadProject } from '../detect/index.js';
import { findUp, findWorkspace } from '../detect/workspace.js';
import type { Detected } from '../detect/index.js';

export interface CheckTarget {
  detected: Detected;
  /** Absolute paths of files to report on; null = the whole project. */
  onlyFiles: string[] | null;
}

async function projectsAt(dir: string): Promise<Detected[]> {
  const marker = findUp(dir, ['package.json', 'Cargo.toml']);
  if (!marker) {
    throw new UserError(`No package.json or Cargo.toml found in ${dir} or above.`, { hint: 'Run session-kit check inside your project, or pass --cwd.', code: 'usage' });
  }
  // Rust: detection finds the Cargo workspace root itself.
  if (path.basename(marker) === 'Cargo.toml') return [await detectAll({ cwd: dir, interactive: false, skipPackageManager: true })];
  const root = path.dirname(marker);
  const workspace = findWorkspace(root);
  const isWorkspaceRoot = workspace !== null && workspace.root === root && workspace.packages.length > 0;
  const dirs = isWorkspaceRoot ? [root, ...workspace.packages] : [root];
  const all: Detected[] = [];
  for (const projectDir of dirs) {
    const project = await loadProject(projectDir, isWorkspaceRoot ? projectDir : dir, workspace?.root ?? null, undefined, true);
    all.push({ project, ...detectFramework(project) });
  }
  return all;
}

export async function resolveTargets(cwd: string, paths: string[]): Promise<CheckTarget[]> {
  const base = path.resolve(cwd);
  if (!existsSync(base) || !statSync(base).isDirectory()) {
    throw new UserError(`${cwd} is not a directory.`, { hint: 'Pass --cwd with the path of your project.', code: 'usage' });
  }
  if (paths.length === 0) return (await projectsAt(base)).map((detected) => ({ detected, onlyFiles: null }));
  const targets: CheckTarget[] = [];
  const byRoot = new Map<string, CheckTarget>();
  for (const given of paths) {
    const abs = path.resolve(base, given);
    if (!existsSync(abs)) throw new UserError(`no such file or directory (looked for ${abs}).`, { where: { file: given }, hint: 'Pass paths of apps or source files that exist, relative to --cwd.', code: 'usage' });
    const isDir = statSync(abs).isDirectory();
    for (const detected of await projectsAt(isDir ? abs : path.dirname(abs))) {
      let target = byRoot.get(detected.project.root);
      if (!target) {
        target = { detected, onlyFiles: isDir ? null : [] };
        byRoot.set(detected.project.root, target);
        targets.push(target);
      }
      if (isDir) target.onlyFiles = null;
      else if (target.onlyFiles) target.onlyFiles.push(abs);
    }
  }
  return targets;
}
