/**
 * Where a project keeps its migrations, and whether any of them creates a table.
 * Read as text: SQL files, knex/kysely/node-pg-migrate builders, prisma models, drizzle tables.
 */
import type { ProjectFiles } from '../detect/project.js';
import { escapeRegExp } from '../edit/regex.js';

const CANDIDATE_DIRS = [
  'migrations',
  'db/migrations',
  'database/migrations',
  'src/migrations',
  'src/db/migrations',
  'prisma/migrations',
  'drizzle',
  'supabase/migrations',
  'sql/migrations',
];
const MIGRATION_FILE = /\.(?:sql|[cm]?[jt]s|prisma)$/;

export interface MigrationSet {
  /** Folders found, relative to the project root. */
  dirs: string[];
  /** Texts of every migration file (and prisma schemas). */
  texts: string[];
}

function configuredDirs(files: ProjectFiles): string[] {
  const dirs: string[] = [];
  for (const name of [
    'knexfile.js',
    'knexfile.ts',
    'knexfile.cjs',
    'knexfile.mjs',
    'drizzle.config.ts',
    'drizzle.config.js',
    'drizzle.config.mjs',
    '.pgmigraterc',
    '.pgmigraterc.json',
  ]) {
    const text = files.read(name);
    if (!text) continue;
    for (const m of text.matchAll(
      /(?:directory|out|migrations-dir|migrationsDir)['"]?\s*[:=]\s*['"]\.?\/?([\w./-]+?)\/?['"]/g,
    ))
      dirs.push(m[1]);
  }
  return dirs;
}

function collect(files: ProjectFiles, dir: string, depth: number, out: string[]): void {
  for (const name of files.list(dir)) {
    const rel = `${dir}/${name}`;
    if (MIGRATION_FILE.test(name)) {
      const text = files.read(rel);
      if (text !== null) out.push(text);
    } else if (depth > 0 && !name.includes('.') && files.isDirectory(rel)) collect(files, rel, depth - 1, out);
  }
}

export function findMigrations(files: ProjectFiles): MigrationSet | null {
  const dirs = [...new Set([...configuredDirs(files), ...CANDIDATE_DIRS])].filter((d) => files.isDirectory(d));
  const texts: string[] = [];
  for (const dir of dirs) collect(files, dir, 2, texts);
  for (const schema of ['prisma/schema.prisma', 'schema.prisma']) {
    const text = files.read(schema);
    if (text !== null) {
      texts.push(text);
      if (!dirs.includes('prisma/migrations')) dirs.push(schema);
    }
  }
  return dirs.length ? { dirs, texts } : null;
}

export function createsTable(set: MigrationSet, table: string): boolean {
  const t = escapeRegExp(table);
  const patterns = [
    // Quotes may be escaped when the SQL sits in a JS template literal (\`sessions\`).
    new RegExp(
      `create\\s+table\\s+(?:if\\s+not\\s+exists\\s+)?(?:[\\\\\`"\\[]*\\w+[\\\\\`"\\]]*\\.)?[\\\\\`"\\[]*${t}[\\\\\`"\\]]*(?![\\w])`,
      'i',
    ),
    new RegExp(`createTable(?:IfNotExists)?\\s*\\(\\s*['"\`](?:\\w+\\.)?${t}['"\`]`),
    new RegExp(`createTable\\s*\\(\\s*\\{[^}]*name\\s*:\\s*['"\`]${t}['"\`]`),
    new RegExp(`@@map\\(\\s*"${t}"\\s*\\)|^\\s*model\\s+${t}\\s*\\{`, 'm'),
    new RegExp(`(?:pg|mysql|sqlite)Table\\s*\\(\\s*['"\`]${t}['"\`]`),
  ];
  return set.texts.some((text) => patterns.some((p) => p.test(text)));
}
