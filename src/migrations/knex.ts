/** knex migrations: `exports.up/down` (CJS), `export async function` (ESM) or typed TS. */
import path from 'node:path';
import { statements } from '../stores/sql.js';
import { findTableMigration } from './existing.js';
import { compactTimestamp, jsTemplate } from './naming.js';
import { header, type MigrationWriter } from './types.js';

function body(sql: string, indent: string): string {
  return statements(sql)
    .map((statement) => `${indent}await knex.raw(${jsTemplate(statement)});`)
    .join('\n');
}

export const knexWriter: MigrationWriter = {
  dialects: ['postgres', 'mysql'],

  existing: (input) => findTableMigration(input.project, input.tool.dir, input.sql.table),

  write(input) {
    const { tool, sql } = input;
    const ext =
      tool.language === 'ts'
        ? 'ts'
        : tool.syntax === 'esm' && input.project.packageJson?.type !== 'module'
          ? 'mjs'
          : 'js';
    const file = path.posix.join(tool.dir, `${compactTimestamp(input.date)}_create_${sql.table}_table.${ext}`);
    const top = header(input, '//');
    let text: string;
    if (tool.language === 'ts') {
      text = `import type { Knex } from 'knex';\n\n${top}\nexport async function up(knex: Knex): Promise<void> {\n${body(sql.up, '  ')}\n}\n\nexport async function down(knex: Knex): Promise<void> {\n${body(sql.down, '  ')}\n}\n`;
    } else if (tool.syntax === 'esm') {
      text = `${top}\nexport async function up(knex) {\n${body(sql.up, '  ')}\n}\n\nexport async function down(knex) {\n${body(sql.down, '  ')}\n}\n`;
    } else {
      text = `${top}\nexports.up = async function (knex) {\n${body(sql.up, '  ')}\n};\n\nexports.down = async function (knex) {\n${body(sql.down, '  ')}\n};\n`;
    }
    input.builder.create(file, text, 'creates the session table (knex migration)', 'migration');
    return file;
  },

  applyHint: () => 'run `npx knex migrate:latest`',
};
