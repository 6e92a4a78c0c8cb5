/**
 * The remove plan, from the manifest `add` wrote: created files that are unchanged go,
 * inserted text comes out of edited files (found again even after other edits),
 * packages add installed are uninstalled. The .env, migrations and ignore rules stay.
 * Any file changed exactly where add wrote makes the whole plan refuse, naming the
 * lines to take out by hand; nothing is written then.
 */
import path from 'node:path';
import { UserError } from '../core/errors.js';
import { installDeclaredCommand, uninstallCommand } from '../core/install.js';
import { hasDependency } from '../detect/project.js';
import { parseJsonText } from '../edit/json-text.js';
import { MANIFEST_FILE, sha256, type Manifest } from '../core/manifest.js';
import { PlanBuilder, type Plan } from '../core/plan.js';
import { decideDependencies } from './dependencies.js';
import { detectRemoval } from './detect.js';
import { undoInsertions, type Conflict } from './locate.js';
import { selfCommand } from '../core/self-command.js';
import { maskSource } from '../check/mask.js';
import { ProjectSources } from '../check/sources.js';
import { resolveSourceFile } from '../detect/entry.js';
import type { Project } from '../detect/project.js';

export interface KeptItem {
  path: string;
  reason: string;
}

export interface RemovePlan {
  plan: Plan;
  manifest: Manifest | null;
  kept: KeptItem[];
}

/** How to drop the session table by hand, per migration tool; never run by session-kit. */
const DOWN_HINTS: Record<string, string> = {
  knex: 'npx knex migrate:down',
  'node-pg-migrate': 'npx node-pg-migrate down',
  kysely: "your Kysely migrator's migrateDown()",
  prisma: 'delete the model from schema.prisma, then npx prisma migrate dev',
  drizzle: 'delete the table from the drizzle schema, then npx drizzle-kit generate and apply it',
};

function downHint(migration: Manifest['migrations'][number], exists: (path: string) => boolean): string {
  const down = migration.path.replace(/(\.up)?\.sql$/, '.down.sql');
  if (down !== migration.path && exists(down)) return `run ${down} against the database`;
  return DOWN_HINTS[migration.tool] ?? `DROP TABLE ${migration.table}; (after backing up its rows)`;
}

/** The lines of `text` from `line` (1-based) that stand where add's insertion of `count` lines was. */
function linesAt(text: string, line: number, count: number): string {
  return text
    .split(/\r?\n/)
    .slice(line - 1, line - 1 + count)
    .join('\n');
}

function conflictError(conflicts: { path: string; conflict: Conflict; current: string }[]): UserError {
  const first = conflicts[0];
  const files = [...new Set(conflicts.map((c) => c.path))];
  // Quoted as the file has them now (the user's edit included), so they can be found and taken out.
  const manual = conflicts
    .map(({ path, conflict, current }) => {
      const wrote = conflict.insertion.text.replace(/\r?\n$/, '');
      const now = linesAt(current, conflict.line, wrote.split(/\r?\n/).length);
      return `# ${path}:${conflict.line}\n${now.trim() ? now : wrote}${conflict.insertion.replaced ? `\n# (and put back: ${JSON.stringify(conflict.insertion.replaced)})` : ''}`;
    })
    .join('\n');
  return new UserError(
    `${files.join(', ')} ${files.length === 1 ? 'was' : 'were'} changed exactly where session-kit add wrote, so session-kit will not guess what to take out there; nothing was removed.`,
    {
      where: { file: first.path, line: first.conflict.line },
      hint: `Take the lines below out by hand (or put them back as add wrote them), then run \`${selfCommand('remove')}\` again: it finishes the rest.`,
      manual,
      manualTitle: 'The lines, as they are in the file now:',
      code: 'changed-by-user',
    },
  );
}

/** remove up to its plan: detect (detect.ts), then the plan that undoes what add recorded; no verify step, as it only takes out what add wrote. */
export async function planRemove(cwd: string): Promise<RemovePlan> {
  const { project, framework, detection, manifest } = await detectRemoval(cwd);
  const read = (rel: string) => project.files.readTarget(rel);
  const builder = new PlanBuilder(
    {
      command: 'remove',
      root: project.root,
      framework: {
        id: manifest?.framework ?? framework?.id ?? 'unknown',
        name: framework?.name ?? manifest?.framework ?? 'unknown',
        setupFile: detection?.setupFile ?? null,
      },
      store: manifest?.store ?? null,
      packageManager: project.packageManager?.name ?? null,
      ecosystem: project.ecosystem,
    },
    read,
  );
  const kept: KeptItem[] = [];

  if (!manifest) {
    // Setups made without a manifest: the framework may know how to undo its own.
    if (framework?.planRemove && detection) {
      await framework.planRemove({ project, detection, builder });
      return { plan: builder.finish(), manifest: null, kept };
    }
    throw new UserError(`No ${MANIFEST_FILE} in ${project.root}: nothing recorded to remove.`, {
      hint: 'session-kit remove undoes only what session-kit add recorded there. If sessions were set up by hand, remove them by hand.',
      code: 'no-manifest',
    });
  }

  const conflicts: { path: string; conflict: Conflict; current: string }[] = [];
  const deleted = new Set<string>();
  // package.json edits (install-script permissions) wait until we know which packages stay.
  const packageJsonEdits: typeof manifest.files = [];
  for (const file of manifest.files) {
    if (!file.keep && file.action === 'edited' && path.posix.basename(file.path) === 'package.json') {
      packageJsonEdits.push(file);
      continue;
    }
    if (file.keep) {
      kept.push({ path: file.path, reason: file.keep });
      continue;
    }
    const current = read(file.path);
    if (current === null) continue;
    if (file.action === 'created') {
      if (file.sha256 && sha256(current) === file.sha256) {
        builder.delete(file.path, 'created by session-kit add and unchanged since');
        deleted.add(file.path);
      } else
        kept.push({
          path: file.path,
          reason: 'you edited it since add, so it stays; delete it by hand when you no longer need it',
        });
      continue;
    }
    const undo = undoInsertions(current, file.insertions ?? []);
    for (const conflict of undo.conflicts) conflicts.push({ path: file.path, conflict, current });
    builder.edit(file.path, undo.splices, 'takes out what session-kit add inserted', file.role);
  }

  for (const migration of manifest.migrations) {
    const reason = `creates the ${migration.table} table; session-kit never drops a table or its data. To drop it yourself: ${downHint(migration, (p) => read(p) !== null)}`;
    const entry = kept.find((k) => k.path === migration.path);
    if (entry) entry.reason = reason;
    else kept.push({ path: migration.path, reason });
  }
  if (manifest.env.length) {
    const one = manifest.env.length === 1;
    const envNote = `${manifest.env.join(', ')} ${one ? 'stays' : 'stay'} in .env (delete ${one ? 'it' : 'them'} by hand if nothing else uses ${one ? 'it' : 'them'})`;
    const dotEnv = kept.find((k) => k.path === '.env');
    if (dotEnv) dotEnv.reason = `${dotEnv.reason}; ${envNote}`;
    else if (read('.env') !== null) kept.push({ path: '.env', reason: envNote });
  }

  const keptPackages: string[] = [];
  if (project.ecosystem === 'node') {
    const textAfter = (file: string) => (deleted.has(file) ? null : builder.current(file));
    const deps = decideDependencies(project, manifest.dependencies, textAfter);
    builder.plan.removeDependencies.push(...deps.remove);
    for (const k of deps.kept) kept.push({ path: 'package.json', reason: `keeps ${k.name}: ${k.reason}` });
    keptPackages.push(...deps.kept.map((k) => k.name));
  }
  for (const file of packageJsonEdits) {
    const current = read(file.path);
    if (current === null) continue;
    // A kept native package (better-sqlite3) keeps its permission to build, or it would break on the next install.
    const all = file.insertions ?? [];
    const insertions = all.filter((ins) => !keptPackages.some((name) => ins.text.includes(`"${name}"`)));
    if (insertions.length < all.length)
      kept.push({
        path: file.path,
        reason: 'keeps the install-script permission (and any declaration add wrote) of the native packages that stay',
      });
    const undo = undoInsertions(current, insertions);
    for (const conflict of undo.conflicts) conflicts.push({ path: file.path, conflict, current });
    builder.edit(file.path, undo.splices, 'takes out what session-kit add inserted', file.role);
  }
  if (conflicts.length) throw conflictError(conflicts);
  if (project.ecosystem === 'node')
    for (const warning of danglingImports(project, deleted, builder)) builder.warn(warning);
  builder.delete(MANIFEST_FILE, 'the record of what add did; everything in it is undone', 'record');
  const plan = builder.finish();
  // Packages add declared itself (add --no-install) come out of package.json with its text; the
  // package manager then only prunes them (an uninstall of an undeclared package fails under pnpm).
  const pkgAfter = plan.files.find((f) => f.path === 'package.json')?.after;
  const undeclared = pkgAfter
    ? plan.removeDependencies.filter((name) => !hasDependency(parseJsonText(pkgAfter), name))
    : [];
  plan.removeDependencies = plan.removeDependencies.filter((name) => !undeclared.includes(name));
  const command = project.packageManager ? uninstallCommand(project.packageManager, plan.removeDependencies) : null;
  if (command) plan.installCommands = [command];
  if (undeclared.length && project.packageManager)
    plan.installCommands.push(installDeclaredCommand(project.packageManager));
  return { plan, manifest, kept };
}

const RELATIVE_IMPORT = /(?:\bfrom\s*|\brequire\s*\(\s*|\bimport\s*\(\s*|^\s*import\s*)(['"])(\.{1,2}\/[^'"\n]*)\1/gm;

/**
 * The user's code that still imports a module remove deletes (the generated session.js):
 * the app would fail at start, so remove says where, with file:line.
 */
export function danglingImports(project: Project, deleted: Set<string>, builder: PlanBuilder): string[] {
  if (deleted.size === 0) return [];
  const warnings: string[] = [];
  for (const file of new ProjectSources(project.files).list()) {
    if (deleted.has(file)) continue;
    const text = builder.current(file);
    if (text === null) continue;
    const code = maskSource(text).code;
    for (const m of code.matchAll(RELATIVE_IMPORT)) {
      const specifier = m[2];
      const at = (m.index as number) + m[0].length - specifier.length - 1;
      const target = resolveSourceFile(project.files, path.posix.join(path.posix.dirname(file), specifier));
      if (target === null || !deleted.has(target)) continue;
      const line = text.slice(0, at).split('\n').length;
      warnings.push(
        `${file}:${line} still imports ${specifier} (${target}), which remove deletes: take that import and its uses out, or the app fails at start.`,
      );
    }
  }
  return warnings;
}
