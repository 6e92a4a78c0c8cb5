/**
 * Adds the session table migration to a plan, in the project's own migration tool.
 * Generic: keyed on the store's session table, never on a framework.
 */
import type { PlanBuilder } from '../core/plan.js';
import type { MigrationTool } from '../detect/migration-tool.js';
import type { Project } from '../detect/project.js';
import type { StoreDescriptor, TableSql } from '../stores/types.js';
import { now } from './naming.js';
import { MIGRATION_WRITERS } from './registry.js';
import type { MigrationInput, MigrationWriter, SqlDialect } from './types.js';
import { selfCommand } from '../core/self-command.js';

export interface MigrationChoice {
  tool: MigrationTool;
  writer: MigrationWriter;
  /** Set when the project's tool cannot write this dialect and plain SQL is used instead. */
  fallbackReason?: string;
}

const FALLBACK_DIR = 'migrations';

/** The writer for the project's tool, or plain SQL when the tool cannot take this dialect. */
export function chooseWriter(project: Project, tool: MigrationTool, dialect: SqlDialect): MigrationChoice {
  const writer = MIGRATION_WRITERS[tool.id];
  if (writer.dialects.includes(dialect)) return { tool, writer };
  const fallback: MigrationTool = {
    id: 'sql',
    dir: FALLBACK_DIR,
    language: 'js',
    syntax: 'esm',
    existing: project.files.list(FALLBACK_DIR).sort(),
    reason: `${tool.id} does not write ${dialect}`,
    detected: false,
  };
  return {
    tool: fallback,
    writer: MIGRATION_WRITERS.sql,
    fallbackReason: `${tool.id} migrations are for PostgreSQL only: the ${dialect} session table is written as plain SQL in ${FALLBACK_DIR}/ instead.`,
  };
}

export interface MigrationRequest {
  builder: PlanBuilder;
  project: Project;
  store: StoreDescriptor;
  choice: MigrationChoice;
  /** The table, which names the store package it belongs to. */
  sql: TableSql;
}

/** Plans the migration file (or nothing when one already creates the table). Returns the file. */
export async function planMigration(request: MigrationRequest): Promise<string> {
  const { builder, project, store, choice, sql } = request;
  const input: MigrationInput = {
    project,
    builder,
    tool: choice.tool,
    dialect: store.dialect as SqlDialect,
    sql,
    storePackage: sql.storePackage,
    date: now(),
  };
  if (choice.fallbackReason) builder.warn(choice.fallbackReason);
  const existing = choice.writer.existing(input);
  const file = existing ?? (await choice.writer.write(input));
  builder.migration({
    path: file,
    tool: choice.tool.id,
    dialect: input.dialect,
    table: sql.schema ? `${sql.schema}.${sql.table}` : sql.table,
  });
  builder.next(
    `Create the session table: ${choice.writer.applyHint(input, file, selfCommand('migrate', { root: project.root }))}.`,
  );
  return file;
}
