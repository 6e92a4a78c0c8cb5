/**
 * Plain SQL files: an existing SQL migrations folder (in its naming style, with dbmate
 * `-- migrate:up/down` markers or `.up.sql`/`.down.sql` pairs when the folder uses them),
 * or the fallback migrations/ folder that `session-kit migrate` applies.
 */
import path from 'node:path';
import { findTableMigration } from './existing.js';
import { migrationName, namingStyle } from './naming.js';
import { header, type MigrationInput, type MigrationWriter } from './types.js';
import { REGISTRY_COMMAND } from '../core/self-command.js';

function usesDbmateMarkers(input: MigrationInput): boolean {
  return input.tool.existing.some((name) =>
    /--\s*migrate:up/.test(input.project.files.read(path.posix.join(input.tool.dir, name)) ?? ''),
  );
}

export const sqlFolderWriter: MigrationWriter = {
  dialects: ['postgres', 'mysql'],

  existing: (input) => findTableMigration(input.project, input.tool.dir, input.sql.table),

  write(input) {
    const style = namingStyle(input.tool.existing, input.date, '.sql');
    const base = path.posix.join(input.tool.dir, migrationName(style, ['create', input.sql.table, 'table']));
    const top = `${header(input, '--')}\n-- Idempotent: safe to apply twice.\n`;
    if (style.pairs) {
      input.builder.create(`${base}.up.sql`, `${top}${input.sql.up}`, 'creates the session table', 'migration');
      input.builder.create(
        `${base}.down.sql`,
        `${top.split('\n')[0]}\n${input.sql.down}`,
        'drops the session table',
        'migration',
      );
      return `${base}.up.sql`;
    }
    const body = usesDbmateMarkers(input)
      ? `${top}-- migrate:up\n${input.sql.up}\n-- migrate:down\n${input.sql.down}`
      : `${top}${input.sql.up}\n-- To undo:\n${input.sql.down.replace(/^(?=.)/gm, '-- ')}`;
    input.builder.create(`${base}.sql`, body, 'creates the session table', 'migration');
    return `${base}.sql`;
  },

  applyHint: ({ tool }, file, migrate = `${REGISTRY_COMMAND} migrate`) =>
    tool.detected
      ? `apply ${file.endsWith('/') ? `the session-table migration in ${file}` : file} with your migration runner (or run \`${migrate}\`)`
      : `run \`${migrate}\``,
};
