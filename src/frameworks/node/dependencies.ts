/**
 * Node dependencies of a session setup: resolved against the app's Node major,
 * skipped when already declared, and with native builds allowed to run their
 * install script under package managers that block them by default.
 */
import path from 'node:path';
import { parseJsonText } from '../../edit/json-text.js';
import type { PlanBuilder } from '../../core/plan.js';
import { hasDependency, type Project } from '../../detect/project.js';
import { jsonSet } from '../../edit/json.js';
import { applySplices, spliceBetween } from '../../edit/splice.js';
import type { PackageSpec } from '../../stores/types.js';

export function resolveVersion(spec: PackageSpec, nodeMajor: number): string {
  return typeof spec.version === 'function' ? spec.version(nodeMajor) : spec.version;
}

export function planPackages(builder: PlanBuilder, project: Project, specs: PackageSpec[], why: string): void {
  const nodeMajor = project.node?.major ?? Number(process.versions.node.split('.')[0]);
  const needScripts: string[] = [];
  for (const spec of specs) {
    if (spec.typesOnly && project.language !== 'ts') continue;
    if (spec.needsInstallScript) needScripts.push(spec.name);
    if (hasDependency(project.packageJson, spec.name)) continue;
    builder.dependency({
      name: spec.name,
      version: resolveVersion(spec, nodeMajor),
      dev: Boolean(spec.dev || spec.typesOnly),
      needsInstallScript: spec.needsInstallScript,
      why,
    });
  }
  if (needScripts.length) allowInstallScripts(builder, project, needScripts);
}

/**
 * npm 11 (`allowScripts`), pnpm 10 (`pnpm.onlyBuiltDependencies`) and bun (`trustedDependencies`)
 * skip dependency install scripts unless allowed: a native module would then install
 * "successfully" and crash at the first require. The setting lives in the workspace root's package.json.
 */
export function allowInstallScripts(builder: PlanBuilder, project: Project, names: string[]): void {
  const pm = project.packageManager?.name ?? 'npm';
  if (pm === 'yarn') return;
  const rootDir = project.workspaceRoot ?? project.root;
  const file =
    path.relative(project.root, path.join(rootDir, 'package.json')).split(path.sep).join('/') || 'package.json';
  const original = builder.current(file);
  if (original === null) return;
  let text = original;
  const pkg = parseJsonText<Record<string, unknown>>(text);
  const allowed: string[] = [];
  for (const name of names) {
    if (pm === 'npm') {
      const allow = (pkg.allowScripts ?? {}) as Record<string, unknown>;
      if (allow[name] === true) continue;
      text = applySplices(text, jsonSet(text, ['allowScripts', name], true));
      pkg.allowScripts = { ...allow, [name]: true };
    } else {
      const key = pm === 'pnpm' ? ['pnpm', 'onlyBuiltDependencies'] : ['trustedDependencies'];
      const holder = pm === 'pnpm' ? ((pkg.pnpm ?? {}) as Record<string, unknown>) : pkg;
      const list = (holder[key[key.length - 1]] ?? []) as string[];
      if (list.includes(name)) continue;
      text = applySplices(text, jsonSet(text, [...key, list.length], name, { isArrayInsertion: true }));
      holder[key[key.length - 1]] = [...list, name];
      if (pm === 'pnpm') pkg.pnpm = holder;
    }
    allowed.push(name);
  }
  if (allowed.length === 0) return;
  builder.edit(
    file,
    [spliceBetween(original, text)],
    `lets ${allowed.join(', ')} run ${allowed.length > 1 ? 'their install scripts' : 'its install script'} under ${pm}, for the native build`,
    'config',
  );
}
