/** node-pg-migrate migrations (PostgreSQL only), in the project's JS syntax or TypeScript. */
import path from 'node:path';
import { findTableMigration } from './existing.js';
import { jsTemplate } from './naming.js';
import { header, type MigrationInput, type MigrationWriter } from './types.js';

export const nodePgMigrateWriter: MigrationWriter = {
  dialects: ['postgres'],

  existing: (input) => findTableMigration(input.project, input.tool.dir, input.sql.table),

  write(input: MigrationInput) {
    const { tool, sql } = input;
    // node-pg-migrate names files <milliseconds>_<name> and runs them in that order.
    const ext = tool.language === 'ts' ? 'ts' : 'js';
    const file = path.posix.join(tool.dir, `${input.date.getTime()}_create-${sql.table}-table.${ext}`);
    const top = header(input, '//');
    const up = jsTemplate(sql.up);
    const down = jsTemplate(sql.down);
    let text: string;
    if (tool.language === 'ts') {
      text = `import type { MigrationBuilder } from 'node-pg-migrate';\n\n${top}\nexport const shorthands = undefined;\n\nexport async function up(pgm: MigrationBuilder): Promise<void> {\n  pgm.sql(${up});\n}\n\nexport async function down(pgm: MigrationBuilder): Promise<void> {\n  pgm.sql(${down});\n}\n`;
    } else if (tool.syntax === 'esm') {
      text = `${top}\nexport const shorthands = undefined;\n\nexport const up = (pgm) => {\n  pgm.sql(${up});\n};\n\nexport const down = (pgm) => {\n  pgm.sql(${down});\n};\n`;
    } else {
      text = `${top}\nexports.shorthands = undefined;\n\nexports.up = (pgm) => {\n  pgm.sql(${up});\n};\n\nexports.down = (pgm) => {\n  pgm.sql(${down});\n};\n`;
    }
    input.builder.create(file, text, 'creates the session table (node-pg-migrate migration)', 'migration');
    return file;
  },

  applyHint: () => 'run `npx node-pg-migrate up`',
};
