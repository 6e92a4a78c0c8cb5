/** Runs the checks over the resolved targets, keeping per-file findings when files were given. */
import path from 'node:path';
import { checkProject } from './engine.js';
import { resolveTargets } from './scan.js';
import type { CheckReport, ProjectReport } from './types.js';

export async function runChecks(cwd: string, paths: string[], strict: boolean): Promise<CheckReport> {
  const targets = await resolveTargets(cwd, paths);
  const projects: ProjectReport[] = [];
  const workspaceScan = paths.length === 0 && targets.length > 1;
  for (const { detected, skipped, onlyFiles } of targets) {
    if (!detected) {
      // At a monorepo root, the root package itself is rarely an app: only name it when it is all there is.
      if (workspaceScan && skipped.root === skipped.workspaceRoot) continue;
      projects.push({
        root: skipped.root,
        framework: null,
        status: 'no-session',
        message: skipped.reason,
        findings: [],
      });
      continue;
    }
    const report = await checkProject(detected.project, detected.framework, detected.detection);
    if (onlyFiles) {
      const keep = new Set(onlyFiles.map((f) => path.relative(report.root, f).split(path.sep).join('/')));
      report.findings = report.findings.filter((f) => keep.has(f.file) || f.ruleId === 'parse-error');
    }
    // At a monorepo root, the root package without any framework is not an app.
    if (
      workspaceScan &&
      report.status === 'no-session' &&
      !detected.framework &&
      detected.project.root === detected.project.workspaceRoot
    )
      continue;
    projects.push(report);
  }
  return { projects, strict };
}
