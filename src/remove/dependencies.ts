/**
 * Which of the packages `add` installed can go: those still declared and not
 * imported by any source file that stays (the app may have started using `pg` or
 * `redis` for its own code since).
 */
import type { ManifestDependency } from '../core/manifest.js';
import { hasDependency, type Project } from '../detect/project.js';
import { ProjectSources } from '../check/sources.js';
import { escapeRegExp } from '../edit/regex.js';

export interface DependencyDecision {
  remove: string[];
  kept: { name: string; reason: string }[];
}

function importsPackage(text: string, name: string): boolean {
  return new RegExp(
    `(?:from\\s*|require\\s*\\(\\s*|import\\s*\\(\\s*|import\\s+)['"]${escapeRegExp(name)}(?:/[^'"]*)?['"]`,
  ).test(text);
}

export function decideDependencies(
  project: Project,
  deps: ManifestDependency[],
  textAfter: (file: string) => string | null,
): DependencyDecision {
  const sources = new ProjectSources(project.files).list();
  const decision: DependencyDecision = { remove: [], kept: [] };
  const usedBy = (name: string) =>
    sources.find((file) => {
      const text = textAfter(file);
      return text !== null && importsPackage(text, name);
    });
  for (const dep of deps) {
    if (!hasDependency(project.packageJson, dep.name)) continue;
    const typed = /^@types\/(.+)$/.exec(dep.name)?.[1];
    const runtime = typed ? (typed.includes('__') ? `@${typed.replace('__', '/')}` : typed) : dep.name;
    const file = usedBy(runtime);
    if (file) decision.kept.push({ name: dep.name, reason: `${file} imports ${runtime}` });
    else decision.remove.push(dep.name);
  }
  return decision;
}
