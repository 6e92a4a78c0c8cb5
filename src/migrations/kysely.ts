/** Kysely migrations: `up`/`down` taking the Kysely instance, named in the folder's style. */
import path from 'node:path';
import { statements } from '../stores/sql.js';
import { findTableMigration } from './existing.js';
import { jsTemplate, migrationName, namingStyle } from './naming.js';
import { header, type MigrationInput, type MigrationWriter } from './types.js';

function body(sql: string): string {
  return statements(sql)
    .map((statement) => `  await sql.raw(${jsTemplate(statement)}).execute(db);`)
    .join('\n');
}

export const kyselyWriter: MigrationWriter = {
  dialects: ['postgres', 'mysql'],

  existing: (input) => findTableMigration(input.project, input.tool.dir, input.sql.table),

  write(input: MigrationInput) {
    const { tool, sql } = input;
    const ext =
      tool.language === 'ts'
        ? '.ts'
        : tool.syntax === 'esm' && input.project.packageJson?.type !== 'module'
          ? '.mjs'
          : '.js';
    // Kysely runs migrations in name order: follow the folder's prefix style.
    const style = namingStyle(tool.existing, input.date, ext);
    const file = path.posix.join(tool.dir, `${migrationName(style, ['create', sql.table, 'table'])}${ext}`);
    const top = header(input, '//');
    const db = tool.language === 'ts' ? 'db: Kysely<any>' : 'db';
    const ret = tool.language === 'ts' ? ': Promise<void>' : '';
    const imports =
      tool.language === 'ts'
        ? `import { type Kysely, sql } from 'kysely';`
        : tool.syntax === 'esm'
          ? `import { sql } from 'kysely';`
          : `const { sql } = require('kysely');`;
    const exportUp =
      tool.syntax === 'cjs' && tool.language === 'js' ? 'exports.up = async function up' : 'export async function up';
    const exportDown =
      tool.syntax === 'cjs' && tool.language === 'js'
        ? 'exports.down = async function down'
        : 'export async function down';
    const text = `${imports}\n\n${top}\n${exportUp}(${db})${ret} {\n${body(sql.up)}\n}\n\n${exportDown}(${db})${ret} {\n${body(sql.down)}\n}\n`;
    input.builder.create(file, text, 'creates the session table (Kysely migration)', 'migration');
    return file;
  },

  applyHint: () => 'run your Kysely migrator (e.g. `npx kysely migrate:latest`)',
};
