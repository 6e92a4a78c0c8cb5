/**
 * A migration writer turns a store's table SQL into the project's migration tool format.
 * Writers only contribute to the plan; they never write files themselves.
 */
import type { PlanBuilder } from '../core/plan.js';
import type { MigrationTool } from '../detect/migration-tool.js';
import type { Project } from '../detect/project.js';
import type { Dialect, TableSql } from '../stores/types.js';

export type SqlDialect = Exclude<Dialect, 'sqlite'>;

export interface MigrationInput {
  project: Project;
  builder: PlanBuilder;
  tool: MigrationTool;
  dialect: SqlDialect;
  sql: TableSql;
  /** Which store the table is for, for comments ("connect-pg-simple"). */
  storePackage: string;
  date: Date;
}

export interface MigrationWriter {
  /** Dialects the tool can write. */
  dialects: SqlDialect[];
  /** The file holding the session table already, if any (then nothing is written). */
  existing(input: MigrationInput): string | null;
  /** Adds the migration to the plan; returns the path written. */
  write(input: MigrationInput): Promise<string> | string;
  /**
   * How the user applies it, one imperative phrase (used in next steps and startup messages).
   * `migrate` is the `session-kit migrate` command to name (default: as run from the registry).
   */
  applyHint(input: Pick<MigrationInput, 'tool'>, file: string, migrate?: string): string;
}

export function header(input: MigrationInput, comment: string): string {
  return `${comment} Session table for ${input.storePackage} (written by session-kit): "${input.sql.table}" with its expiry index.`;
}
