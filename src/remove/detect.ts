/**
 * remove's detect step: the app that add set up (at a monorepo root, the one workspace
 * package with a manifest), its framework, and its manifest, checked before anything
 * reads a path from it.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../core/errors.js';
import { MANIFEST_FILE, manifestPaths, readManifest, type Manifest } from '../core/manifest.js';
import { outsideReason, projectBoundary } from '../core/project-paths.js';
import { detectAll } from '../detect/index.js';
import type { Project } from '../detect/project.js';
import { findWorkspace } from '../detect/workspace.js';
import type { FrameworkDetection, FrameworkModule } from '../frameworks/types.js';

/** What remove undoes: the project, its framework if one is recognised, and add's record (null when there is none). */
export interface RemoveTarget {
  project: Project;
  framework: FrameworkModule | null;
  detection: FrameworkDetection | null;
  manifest: Manifest | null;
}

/**
 * At a monorepo root without a manifest of its own, the one workspace package that
 * has one is what the user means; several are listed for --cwd.
 */
function manifestPackage(cwd: string): string {
  const dir = path.resolve(cwd);
  const workspace = existsSync(path.join(dir, MANIFEST_FILE)) ? null : findWorkspace(dir);
  if (!workspace || workspace.root !== dir) return cwd;
  const withManifest = workspace.packages.filter((p) => existsSync(path.join(p, MANIFEST_FILE)));
  if (withManifest.length === 1) return withManifest[0];
  if (withManifest.length > 1) {
    throw new UserError(
      `Several workspace packages were set up by session-kit:\n${withManifest.map((p) => `  ${path.relative(dir, p)}`).join('\n')}`,
      {
        hint: `Choose one with --cwd, e.g. --cwd ${path.relative(dir, withManifest[0])}`,
        code: 'ambiguous-workspace',
      },
    );
  }
  return cwd;
}

/**
 * A cloned repository's manifest is untrusted: it must match the schema, and every
 * path in it must stay inside the project, before remove reads or changes anything.
 */
function trustedManifest(text: string, root: string): Manifest {
  const hint =
    'Restore it from version control (git checkout -- .session-kit.json); remove relies on it to undo exactly what add did, and touches nothing outside the project.';
  const read = readManifest(text);
  if (!read.manifest) {
    throw new UserError(`${MANIFEST_FILE} is not a session-kit manifest: ${read.problem}; nothing was removed.`, {
      where: { file: MANIFEST_FILE },
      hint,
      code: 'bad-manifest',
    });
  }
  const boundary = projectBoundary(root);
  for (const entry of manifestPaths(read.manifest)) {
    const reason = outsideReason(root, boundary, entry.path);
    if (reason) {
      throw new UserError(
        `${MANIFEST_FILE} lists ${JSON.stringify(entry.path)} (${entry.where}), which ${reason}; session-kit only touches files inside the project, so nothing was removed.`,
        { where: { file: MANIFEST_FILE }, hint, code: 'bad-manifest' },
      );
    }
  }
  return read.manifest;
}

export async function detectRemoval(cwd: string): Promise<RemoveTarget> {
  const { project, framework, detection } = await detectAll({ cwd: manifestPackage(cwd), interactive: false });
  const manifestText = project.files.readTarget(MANIFEST_FILE);
  const manifest = manifestText === null ? null : trustedManifest(manifestText, project.root);
  return { project, framework, detection, manifest };
}
