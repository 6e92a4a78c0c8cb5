/**
 * `session-kit info`: what detection found and why.
 */
import path from 'node:path';
import { detectAll } from '../detect/index.js';
import { detectMigrationTool } from '../detect/migration-tool.js';
import { promptForApp } from '../detect/prompt-app.js';
import type { CommandOptions } from './options.js';

export default async function info(options: CommandOptions): Promise<number> {
  const interactive = Boolean(process.stdin.isTTY && process.stdout.isTTY) && !options.json;
  const { project, framework, detection } = await detectAll({ cwd: options.cwd, interactive, chooseApp: promptForApp });
  // What is already there: the session steps `check` would read, and the migration tool.
  const steps = framework && detection ? await framework.recognise(project, detection).catch(() => []) : [];
  const sessionSteps = steps.filter((s) => /session|cookie|store/i.test(s.kind));
  const migrationTool = project.ecosystem === 'node' ? await detectMigrationTool(project) : null;
  const data = {
    root: project.root,
    workspaceRoot: project.workspaceRoot,
    ecosystem: project.ecosystem,
    packageManager: project.packageManager,
    language: project.language,
    moduleSystem: project.moduleSystem,
    node: project.node,
    framework: framework ? { id: framework.id, name: framework.name, version: detection?.version ?? null } : null,
    setupFile: detection?.setupFile ?? null,
    reasons: detection?.reasons ?? [],
    facts: detection?.facts ?? {},
    sessionSetup: sessionSteps.map((s) => ({
      kind: s.kind,
      file: s.file,
      line: s.line,
      label: framework?.stepKinds[s.kind] ?? s.kind,
    })),
    migrationTool: migrationTool
      ? { id: migrationTool.id, dir: migrationTool.dir, detected: migrationTool.detected, reason: migrationTool.reason }
      : null,
  };
  if (options.json) {
    process.stdout.write(`${JSON.stringify(data, null, 2)}\n`);
    return 0;
  }
  const rel = (p: string | null) => (p ? path.relative(process.cwd(), p) || '.' : '-');
  const lines = [
    `Project:          ${rel(project.root)}${project.workspaceRoot && project.workspaceRoot !== project.root ? ` (workspace package of ${rel(project.workspaceRoot)})` : ''}`,
    project.packageManager
      ? `Package manager:  ${project.packageManager.name}${project.packageManager.version ? `@${project.packageManager.version}` : ''} (from ${project.packageManager.source})`
      : null,
    `Language:         ${project.language}${project.moduleSystem ? `, ${project.moduleSystem.toUpperCase()}` : ''}`,
    project.node ? `Node:             ${project.node.range ?? project.node.major} (from ${project.node.source})` : null,
    `Framework:        ${framework ? `${framework.name}${detection?.version ? ` ${detection.version}` : ''}` : 'none recognised'}`,
    `Setup file:       ${detection?.setupFile ?? '-'}`,
    ...Object.entries(detection?.facts ?? {}).map(([key, value]) => `${`${key}:`.padEnd(18)}${String(value)}`),
    `Session setup:    ${data.sessionSetup.length ? data.sessionSetup.map((s) => `${s.label} at ${s.file}:${s.line}`).join('; ') : 'none found'}`,
    migrationTool
      ? `Migrations:       ${migrationTool.detected ? `${migrationTool.id} in ${migrationTool.dir}/ (${migrationTool.reason})` : `no tool found; session-kit would write plain SQL to ${migrationTool.dir}/`}`
      : null,
    detection?.reasons.length ? `Why:\n${detection.reasons.map((r) => `  - ${r}`).join('\n')}` : null,
  ];
  process.stdout.write(`${lines.filter(Boolean).join('\n')}\n`);
  return 0;
}
