/** One writer per migration tool. */
import type { MigrationToolId } from '../detect/migration-tool.js';
import { drizzleWriter } from './drizzle.js';
import { knexWriter } from './knex.js';
import { kyselyWriter } from './kysely.js';
import { nodePgMigrateWriter } from './node-pg-migrate.js';
import { prismaWriter } from './prisma.js';
import { sqlFolderWriter } from './sql-folder.js';
import type { MigrationWriter } from './types.js';

export const MIGRATION_WRITERS: Record<MigrationToolId, MigrationWriter> = {
  sql: sqlFolderWriter,
  knex: knexWriter,
  'node-pg-migrate': nodePgMigrateWriter,
  kysely: kyselyWriter,
  drizzle: drizzleWriter,
  prisma: prismaWriter,
};
