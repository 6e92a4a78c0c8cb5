/**
 * Which migration tool the project already uses, and where its migrations live,
 * so the session table is written in that tool's format. Everything is read
 * statically: no config is executed.
 */
import path from 'node:path';
import { hasDependency, type Project } from './project.js';
import { ConfigValues } from '../migrations/config-values.js';
import { cleanRelative } from './relative-path.js';

export type MigrationToolId = 'prisma' | 'drizzle' | 'knex' | 'node-pg-migrate' | 'kysely' | 'sql';

export interface MigrationTool {
  id: MigrationToolId;
  /** Folder the migration goes to (relative to the project root, no trailing slash). */
  dir: string;
  /** prisma / drizzle: the schema file the table is added to. */
  schemaFile?: string;
  /** Language of the files written (knex, node-pg-migrate, kysely, drizzle). */
  language: 'ts' | 'js';
  /** Module syntax of JS files written. */
  syntax: 'esm' | 'cjs';
  /** Names of the files already in `dir`, for the naming style. */
  existing: string[];
  /** Why: shown in the plan and by `info`. */
  reason: string;
  /** False for the fallback (plain SQL in migrations/ with nothing found). */
  detected: boolean;
  /** The SQL dialect the tool's config names, when it names one (drizzle). */
  dialect?: 'postgres' | 'mysql' | 'sqlite';
}

const SQL_DIRS = [
  'migrations',
  'db/migrations',
  'database/migrations',
  'sql/migrations',
  'src/migrations',
  'src/db/migrations',
  'migrations/sql',
  'db/migrate',
  'sql',
];

const clean = (dir: string) => cleanRelative(dir).replace(/\/+$/, '');

function firstExisting(project: Project, names: string[]): string | null {
  return names.find((name) => project.files.read(name) !== null) ?? null;
}

function syntaxOf(project: Project, file: string | null): 'esm' | 'cjs' {
  if (file && /\.(mjs|mts)$/.test(file)) return 'esm';
  if (file && /\.(cjs|cts)$/.test(file)) return 'cjs';
  return project.moduleSystem ?? (project.packageJson?.type === 'module' ? 'esm' : 'cjs');
}

function scriptsText(project: Project): string {
  return Object.values(project.packageJson?.scripts ?? {}).join('\n');
}

function listMigrations(project: Project, dir: string): string[] {
  return project.files
    .list(dir)
    .filter((name) => !name.startsWith('.'))
    .sort();
}

async function prisma(project: Project): Promise<MigrationTool | null> {
  if (!hasDependency(project.packageJson, 'prisma') && !hasDependency(project.packageJson, '@prisma/client'))
    return null;
  const configured = (project.packageJson?.prisma as { schema?: string } | undefined)?.schema;
  const schemaFile = firstExisting(project, [
    ...(configured ? [clean(configured)] : []),
    'prisma/schema.prisma',
    'schema.prisma',
  ]);
  if (!schemaFile) return null;
  return {
    id: 'prisma',
    dir: path.posix.dirname(schemaFile),
    schemaFile,
    language: project.language === 'ts' ? 'ts' : 'js',
    syntax: syntaxOf(project, null),
    existing: [],
    reason: `prisma schema ${schemaFile}`,
    detected: true,
  };
}

async function drizzle(project: Project): Promise<MigrationTool | null> {
  if (!hasDependency(project.packageJson, 'drizzle-kit') && !hasDependency(project.packageJson, 'drizzle-orm'))
    return null;
  const config = firstExisting(project, [
    'drizzle.config.ts',
    'drizzle.config.mts',
    'drizzle.config.js',
    'drizzle.config.mjs',
    'drizzle.config.cjs',
  ]);
  if (!config) return null;
  const values = await ConfigValues.read(project.files.read(config), config);
  const schema = values.string(['schema']);
  if (!schema) return null;
  const configured = values.string(['dialect']);
  const dialect =
    configured === 'postgresql'
      ? 'postgres'
      : configured === 'mysql' || configured === 'singlestore'
        ? 'mysql'
        : configured === 'sqlite' || configured === 'turso'
          ? 'sqlite'
          : undefined;
  const target = clean(schema);
  // A folder or glob of schema files: the table goes into a new file there.
  const isFile = /\.[cm]?[jt]s$/.test(target) && !target.includes('*');
  const dir = isFile ? path.posix.dirname(target) : clean(target.replace(/\/?\*.*$/, ''));
  const language = (isFile ? target : config).match(/\.[cm]?ts$/) ? 'ts' : 'js';
  return {
    id: 'drizzle',
    dir,
    schemaFile: isFile ? target : path.posix.join(dir, `session.${language}`),
    language,
    syntax: syntaxOf(project, isFile ? target : null),
    existing: [],
    reason: `${config} (schema: ${schema})`,
    detected: true,
    dialect,
  };
}

async function knex(project: Project): Promise<MigrationTool | null> {
  if (!hasDependency(project.packageJson, 'knex')) return null;
  const config = firstExisting(project, [
    'knexfile.ts',
    'knexfile.js',
    'knexfile.mjs',
    'knexfile.cjs',
    'knexfile.mts',
    'knexfile.cts',
  ]);
  if (!config) return null;
  const values = await ConfigValues.read(project.files.read(config), config);
  const dir = clean(values.string(['migrations', 'directory']) ?? 'migrations');
  const extension = values.string(['migrations', 'extension']);
  const language = extension ? (/ts$/.test(extension) ? 'ts' : 'js') : /\.[cm]?ts$/.test(config) ? 'ts' : 'js';
  return {
    id: 'knex',
    dir,
    language,
    syntax: syntaxOf(project, config),
    existing: listMigrations(project, dir),
    reason: `${config} (migrations in ${dir}/)`,
    detected: true,
  };
}

async function nodePgMigrate(project: Project): Promise<MigrationTool | null> {
  if (!hasDependency(project.packageJson, 'node-pg-migrate')) return null;
  const scripts = scriptsText(project);
  const flag = /node-pg-migrate[^\n]*?(?:-m|--migrations-dir)[ =]([^\s'"]+)/.exec(scripts)?.[1];
  const dir = clean(flag ?? 'migrations');
  const existing = listMigrations(project, dir);
  const language =
    existing.some((f) => f.endsWith('.ts')) || /--migration-file-language[ =]ts|-j ts/.test(scripts) ? 'ts' : 'js';
  return {
    id: 'node-pg-migrate',
    dir,
    language,
    syntax: syntaxOf(project, null),
    existing,
    reason: `node-pg-migrate (migrations in ${dir}/)`,
    detected: true,
  };
}

async function kysely(project: Project): Promise<MigrationTool | null> {
  if (!hasDependency(project.packageJson, 'kysely')) return null;
  const config = firstExisting(project, [
    'kysely.config.ts',
    '.config/kysely.config.ts',
    'kysely.config.js',
    '.config/kysely.config.js',
  ]);
  const configured = config
    ? (await ConfigValues.read(project.files.read(config), config)).string(['migrations', 'migrationFolder'])
    : null;
  const dir = configured
    ? clean(configured)
    : ['migrations', 'src/migrations', 'src/db/migrations', 'db/migrations'].find((d) => project.files.isDirectory(d));
  if (!dir) return null;
  const existing = listMigrations(project, dir);
  const language =
    existing.some((f) => f.endsWith('.ts')) || (!existing.length && project.language === 'ts') ? 'ts' : 'js';
  return {
    id: 'kysely',
    dir,
    language,
    syntax: language === 'ts' ? 'esm' : syntaxOf(project, null),
    existing,
    reason: `kysely migrations in ${dir}/`,
    detected: true,
  };
}

function sqlFolder(project: Project): MigrationTool | null {
  for (const dir of SQL_DIRS) {
    const existing = listMigrations(project, dir);
    if (existing.some((f) => f.endsWith('.sql'))) {
      return {
        id: 'sql',
        dir,
        language: 'js',
        syntax: 'esm',
        existing,
        reason: `SQL migrations in ${dir}/`,
        detected: true,
      };
    }
  }
  return null;
}

/** The project's migration tool, or the plain-SQL fallback in migrations/. */
export async function detectMigrationTool(project: Project): Promise<MigrationTool> {
  for (const detect of [prisma, drizzle, knex, nodePgMigrate, kysely]) {
    const tool = await detect(project);
    if (tool) return tool;
  }
  return (
    sqlFolder(project) ?? {
      id: 'sql',
      dir: 'migrations',
      language: 'js',
      syntax: 'esm',
      existing: listMigrations(project, 'migrations'),
      reason: 'no migration tool found: plain SQL for `session-kit migrate`',
      detected: false,
    }
  );
}
