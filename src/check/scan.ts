/**
 * What `check` looks at: the project at --cwd, the PATHs given (apps, or files whose
 * findings alone are kept), and at a monorepo root every workspace package.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../core/errors.js';
import { findUp, findWorkspace } from '../detect/workspace.js';
import type { Detected } from '../detect/index.js';
import { noSessionReason } from './quick-skip.js';

/** A project to check: detected, or already known to have no session setup. */
export type ProjectTarget =
  | { detected: Detected; skipped: null }
  | { detected: null; skipped: { root: string; workspaceRoot: string | null; reason: string } };

export type CheckTarget = ProjectTarget & {
  /** Absolute paths of files to report on; null = the whole project. */
  onlyFiles: string[] | null;
};

/** Framework detection (and with it every framework module) loads only for projects that need it. */
const detect = () => import('../detect/index.js');

async function projectsAt(dir: string): Promise<ProjectTarget[]> {
  const marker = findUp(dir, ['package.json', 'Cargo.toml']);
  if (!marker) {
    throw new UserError(`No package.json or Cargo.toml found in ${dir} or above.`, {
      hint: 'Run session-kit check inside your project, or pass --cwd.',
      code: 'usage',
    });
  }
  // Rust: detection finds the Cargo workspace root itself.
  if (path.basename(marker) === 'Cargo.toml')
    return [
      {
        detected: await (await detect()).detectAll({ cwd: dir, interactive: false, skipPackageManager: true }),
        skipped: null,
      },
    ];
  const root = path.dirname(marker);
  const workspace = findWorkspace(root);
  const isWorkspaceRoot = workspace !== null && workspace.root === root && workspace.packages.length > 0;
  // A Cargo.toml beside the package.json: detection takes the Rust app when no Node framework is there.
  if (!isWorkspaceRoot && existsSync(path.join(root, 'Cargo.toml'))) {
    const detected = await (await detect()).detectAll({ cwd: dir, interactive: false, skipPackageManager: true });
    if (detected.project.ecosystem === 'rust') return [{ detected, skipped: null }];
  }
  const dirs = isWorkspaceRoot ? [root, ...workspace.packages] : [root];
  const all: ProjectTarget[] = [];
  for (const projectDir of dirs) {
    const workspaceRoot = workspace?.root ?? null;
    const reason = noSessionReason(projectDir, workspaceRoot);
    if (reason) {
      all.push({ detected: null, skipped: { root: projectDir, workspaceRoot, reason } });
      continue;
    }
    const { loadProject, detectFramework } = await detect();
    const project = await loadProject(projectDir, isWorkspaceRoot ? projectDir : dir, workspaceRoot, undefined, true);
    all.push({ detected: { project, ...detectFramework(project) }, skipped: null });
  }
  return all;
}

const rootOf = (target: ProjectTarget) => (target.detected ? target.detected.project.root : target.skipped.root);

export async function resolveTargets(cwd: string, paths: string[]): Promise<CheckTarget[]> {
  const base = path.resolve(cwd);
  if (!existsSync(base) || !statSync(base).isDirectory()) {
    throw new UserError(`${cwd} is not a directory.`, {
      hint: 'Pass --cwd with the path of your project.',
      code: 'usage',
    });
  }
  if (paths.length === 0) return (await projectsAt(base)).map((target) => ({ ...target, onlyFiles: null }));
  const targets: CheckTarget[] = [];
  const byRoot = new Map<string, CheckTarget>();
  for (const given of paths) {
    const abs = path.resolve(base, given);
    if (!existsSync(abs))
      throw new UserError(`no such file or directory (looked for ${abs}).`, {
        where: { file: given },
        hint: 'Pass paths of apps or source files that exist, relative to --cwd.',
        code: 'usage',
      });
    const isDir = statSync(abs).isDirectory();
    for (const found of await projectsAt(isDir ? abs : path.dirname(abs))) {
      let target = byRoot.get(rootOf(found));
      if (!target) {
        target = { ...found, onlyFiles: isDir ? null : [] };
        byRoot.set(rootOf(found), target);
        targets.push(target);
      }
      if (isDir) target.onlyFiles = null;
      else if (target.onlyFiles) target.onlyFiles.push(abs);
    }
  }
  return targets;
}
