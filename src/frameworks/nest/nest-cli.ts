/**
 * The entries nest-cli.json names: `sourceRoot`/`entryFile` of the default project, then
 * of each application of a monorepo (`projects`), as `nest start` finds them. A
 * monorepo keeps one package.json at its root and its apps under apps/<name>/src.
 */
import path from 'node:path';
import type { ProjectFiles } from '../../detect/project.js';

interface NestCliProject {
  type?: unknown;
  sourceRoot?: unknown;
  entryFile?: unknown;
}

interface NestCliConfig {
  sourceRoot?: unknown;
  entryFile?: unknown;
  projects?: Record<string, NestCliProject>;
}

const inside = (p: string) => p !== '..' && !p.startsWith('../') && !path.posix.isAbsolute(p);

function entryOf(sourceRoot: unknown, entryFile: unknown): string | null {
  if (typeof sourceRoot !== 'string') return null;
  const entry = typeof entryFile === 'string' ? entryFile : 'main';
  const file = path.posix.normalize(path.posix.join(sourceRoot, entry));
  return inside(file) ? file : null;
}

export function nestCliEntries(files: ProjectFiles): { file: string; from: string }[] {
  const config = files.json<NestCliConfig>('nest-cli.json');
  if (!config || typeof config !== 'object') return [];
  const out: { file: string; from: string }[] = [];
  const root = entryOf(config.sourceRoot, config.entryFile);
  if (root) out.push({ file: root, from: 'nest-cli.json (the default project)' });
  const projects = config.projects && typeof config.projects === 'object' ? config.projects : {};
  for (const [name, project] of Object.entries(projects)) {
    if (!project || typeof project !== 'object' || (project.type !== undefined && project.type !== 'application'))
      continue;
    const file = entryOf(project.sourceRoot, project.entryFile);
    if (file && !out.some((e) => e.file === file)) out.push({ file, from: `nest-cli.json project "${name}"` });
  }
  return out;
}
