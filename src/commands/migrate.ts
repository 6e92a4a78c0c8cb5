/**
 * `session-kit migrate`: creates the session table for projects without a migration
 * tool. Shows what it creates, is idempotent, refuses a same-named table of another
 * shape, and changes nothing when it cannot connect.
 */
import pc from 'picocolors';
import { UserError } from '../core/errors.js';
import { detectAll } from '../detect/index.js';
import { detectMigrationTool } from '../detect/migration-tool.js';
import { assertReadableUrl, connectDatabase, dialectOfUrl, redactUrl, type Database } from '../migrations/database.js';
import { MIGRATION_WRITERS } from '../migrations/registry.js';
import { compareShape, describeColumns } from '../migrations/shape.js';
import { assertSchemaName, detectPostgresSchema, envValue, schemaFromUrl } from '../stores/context.js';
import { connectTableSql, statements } from '../stores/sql.js';
import type { TableSql } from '../stores/types.js';
import type { CommandOptions } from './options.js';
import { selfCommand } from '../core/self-command.js';

export interface MigrateOptions extends CommandOptions {
  databaseUrl?: string;
  dryRun?: boolean;
  yes?: boolean;
}

const out = (text: string) => process.stdout.write(`${text}\n`);

export default async function migrate(options: MigrateOptions): Promise<number> {
  const { project } = await detectAll({ cwd: options.cwd, interactive: false });
  const fromEnvFile = envValue(project.files.read('.env'), 'DATABASE_URL');
  const [url, source] = options.databaseUrl
    ? [options.databaseUrl, '--database-url']
    : process.env.DATABASE_URL
      ? [process.env.DATABASE_URL, 'DATABASE_URL from the environment']
      : [fromEnvFile, 'DATABASE_URL from .env'];
  if (!url) {
    throw new UserError('No database URL: DATABASE_URL is not set in the environment or in .env.', {
      hint: 'Add DATABASE_URL to .env or pass --database-url postgres://... (or mysql://...).',
      code: 'usage',
    });
  }
  const dialect = dialectOfUrl(url);
  if (!dialect) {
    throw new UserError(`The database URL (${source}) is neither postgres:// nor mysql://: ${redactUrl(url)}`, {
      hint: 'session-kit migrate creates the PostgreSQL and MySQL/MariaDB session tables.',
      code: 'usage',
    });
  }

  const tool = await detectMigrationTool(project);
  if (tool.detected && tool.id !== 'sql') {
    const hint = MIGRATION_WRITERS[tool.id].applyHint({ tool }, tool.dir);
    throw new UserError(
      `This project manages its schema with ${tool.id} (${tool.reason}); session-kit migrate would bypass it.`,
      {
        hint: `Create the session table through ${tool.id}: ${hint}. session-kit add wrote that migration.`,
        code: 'migration-tool',
      },
    );
  }

  assertReadableUrl(url, source);
  if (dialect === 'postgres') assertSchemaName(url, source);
  const schema = dialect === 'postgres' ? (schemaFromUrl(url) ?? detectPostgresSchema(project)) : null;
  const table = connectTableSql(dialect, { schema });
  const name = table.schema ? `${table.schema}.${table.table}` : table.table;
  const db = await connectDatabase(project.root, url, source);
  try {
    const state = compareShape(await db.columns(table.table, table.schema), table.columns ?? []);
    if (state.kind === 'different') {
      throw new UserError(
        `A table named "${name}" already exists in ${redactUrl(url)} with another shape, so session-kit leaves it alone.`,
        {
          hint: `Found: ${describeColumns(state.found)}. The session store needs: ${describeColumns(state.expected)}. Rename or drop that table, or give the store another table name (its tableName option) and create that table. Nothing was changed.`,
          code: 'table-conflict',
        },
      );
    }
    const indexPresent =
      state.kind === 'matches' && (await db.hasIndex(table.table, table.index as string, table.schema));
    out(`Database: ${redactUrl(url)} (${source})`);
    if (state.kind === 'matches' && indexPresent) {
      out(
        `The session table "${name}" and its index "${table.index}" already exist with the expected shape: nothing to do.`,
      );
      return 0;
    }
    const creating = state.kind === 'missing' ? 'table' : 'index';
    const what =
      creating === 'table'
        ? `table "${name}" (${describeColumns(table.columns ?? [])}) and index "${table.index}"`
        : `index "${table.index}" on the existing table "${name}"`;
    const sql = creating === 'table' ? table.up : indexOnlySql(table);
    out(`${options.dryRun ? 'Would create' : 'Creates'}: ${what}`);
    out(pc.dim(sql.trimEnd()));
    if (options.dryRun) return 0;
    const interactive = Boolean(process.stdin.isTTY && process.stdout.isTTY) && !options.yes;
    if (interactive) {
      const { confirm, isCancel } = await import('@clack/prompts');
      const ok = await confirm({ message: 'Create it?' });
      if (isCancel(ok) || !ok) throw new UserError('Nothing was changed.', { code: 'cancelled' });
    }
    try {
      await db.apply(statements(sql));
    } catch (error) {
      throw new UserError(`Creating the session ${creating} failed: ${(error as Error).message}`, {
        hint:
          dialect === 'postgres'
            ? 'The change was rolled back. Check the database user may create tables in this schema.'
            : 'Check the database user may create tables and indexes in this database.',
        code: 'migrate-failed',
      });
    }
    await verifyCreated(db, table, name);
    out(`Created ${what}.`);
    return 0;
  } finally {
    await db.close().catch(() => {});
  }
}

/**
 * The index alone, for a session table that exists without it. Postgres' up script
 * is idempotent (IF NOT EXISTS on both); MySQL's declares the index inside CREATE
 * TABLE, which does nothing when the table exists, so the index gets its own statement.
 */
function indexOnlySql(table: TableSql): string {
  const own = statements(table.up).filter((statement) => /^CREATE\s+(?:UNIQUE\s+)?INDEX\b/i.test(statement));
  if (own.length) return own.map((statement) => `${statement};\n`).join('');
  const inline = /^\s*KEY\s+(`[^`]+`)\s*\(([^)]+)\)/m.exec(table.up);
  if (!inline) return table.up;
  return `CREATE INDEX ${inline[1]} ON \`${table.table}\` (${inline[2]});\n`;
}

/** Reports only what the database now holds: the table with its shape, and the index. */
async function verifyCreated(db: Database, table: TableSql, name: string): Promise<void> {
  const state = compareShape(await db.columns(table.table, table.schema), table.columns ?? []);
  const indexed = state.kind === 'matches' && (await db.hasIndex(table.table, table.index as string, table.schema));
  if (!indexed) {
    throw new UserError(
      `The statements ran, but the database does not show ${state.kind === 'matches' ? `the index "${table.index}" on` : 'the expected shape of'} the session table "${name}".`,
      {
        hint: `Check the database user's privileges and the server log, then run \`${selfCommand('migrate')}\` again.`,
        code: 'migrate-failed',
      },
    );
  }
}
