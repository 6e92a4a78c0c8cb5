/**
 * Drizzle: the table is added to the schema file named by drizzle.config (read, never
 * executed) with text splices: missing names join the existing drizzle-orm/*-core
 * import, and the table definition is appended. `drizzle-kit generate` makes the SQL.
 */
import { parseJs } from '../edit/js/parse.js';
import { moduleBindings } from '../edit/js/modules.js';
import { insertAt, type Splice } from '../edit/splice.js';
import { detectStyle, inFileStyle } from '../edit/style.js';
import { importSplice } from '../frameworks/node/insert.js';
import type { MigrationInput, MigrationWriter, SqlDialect } from './types.js';

interface DrizzleTable {
  module: string;
  names: string[];
  columns: string;
  indexes: (objectForm: boolean) => string;
  tableFn: string;
}

const TABLES: Record<SqlDialect, DrizzleTable> = {
  postgres: {
    module: 'drizzle-orm/pg-core',
    names: ['index', 'json', 'pgTable', 'timestamp', 'varchar'],
    tableFn: 'pgTable',
    columns: [
      "  sid: varchar('sid').primaryKey(),",
      "  sess: json('sess').notNull(),",
      "  expire: timestamp('expire', { precision: 6 }).notNull(),",
    ].join('\n'),
    indexes: (objectForm) =>
      objectForm
        ? "(table) => ({ expireIdx: index('IDX_session_expire').on(table.expire) })"
        : "(table) => [index('IDX_session_expire').on(table.expire)]",
  },
  mysql: {
    module: 'drizzle-orm/mysql-core',
    names: ['index', 'int', 'mediumtext', 'mysqlTable', 'varchar'],
    tableFn: 'mysqlTable',
    columns: [
      "  session_id: varchar('session_id', { length: 128 }).primaryKey(),",
      "  expires: int('expires', { unsigned: true }).notNull(),",
      "  data: mediumtext('data'),",
    ].join('\n'),
    indexes: (objectForm) =>
      objectForm
        ? "(table) => ({ expiresIdx: index('sessions_expires_idx').on(table.expires) })"
        : "(table) => [index('sessions_expires_idx').on(table.expires)]",
  },
};

/** drizzle-orm before 0.36 takes the extra-config callback as an object. */
function objectForm(input: MigrationInput): boolean {
  const range =
    input.project.packageJson?.dependencies?.['drizzle-orm'] ??
    input.project.packageJson?.devDependencies?.['drizzle-orm'] ??
    '';
  const minor = /0\.(\d+)/.exec(range);
  return Boolean(minor && /^[\^~]?0\./.test(range) && Number(minor[1]) < 36);
}

export function drizzleTable(input: MigrationInput): string {
  const t = TABLES[input.dialect];
  const name = input.sql.table === 'session' ? 'sessionTable' : `${input.sql.table}Table`;
  const qualifier = input.sql.schema ? `pgSchema('${input.sql.schema}').table` : t.tableFn;
  return `// Session table for ${input.storePackage} (written by session-kit); run \`drizzle-kit generate\` to make its migration.\nexport const ${name} = ${qualifier}('${input.sql.table}', {\n${t.columns}\n}, ${t.indexes(objectForm(input))});\n`;
}

function neededNames(input: MigrationInput): string[] {
  const names = TABLES[input.dialect].names.filter((n) => !(input.sql.schema && n === 'pgTable'));
  return input.sql.schema ? [...names, 'pgSchema'].sort() : names;
}

export const drizzleWriter: MigrationWriter = {
  dialects: ['postgres', 'mysql'],

  existing(input) {
    const file = input.tool.schemaFile as string;
    const text = input.project.files.read(file);
    return text !== null &&
      new RegExp(`(?:pgTable|mysqlTable|\\.table)\\(\\s*['"\`]${input.sql.table}['"\`]`).test(text)
      ? file
      : null;
  },

  async write(input) {
    const file = input.tool.schemaFile as string;
    const text = input.project.files.read(file);
    const t = TABLES[input.dialect];
    if (input.tool.dialect && input.tool.dialect !== input.dialect) {
      input.builder.warn(
        `drizzle.config says ${input.tool.dialect} but the session store is ${input.dialect}: the table was written for ${input.dialect}; check the store choice.`,
      );
    }
    if (text === null) {
      const code = `import { ${neededNames(input).join(', ')} } from '${t.module}';\n\n${drizzleTable(input)}`;
      input.builder.create(file, code, 'session table for drizzle-kit', 'migration');
      return file;
    }
    const style = detectStyle(text);
    const ast = await parseJs(text, file);
    // Names the file does not import yet come on a line of their own: the user's import line stays as it was.
    const imported = moduleBindings(ast)
      .filter((b) => b.source === t.module)
      .flatMap((b) => [...b.named.keys()]);
    const missing = neededNames(input).filter((n) => !imported.includes(n));
    const splices: Splice[] = [];
    if (missing.length) splices.push(importSplice(ast, text, style, 'esm', t.module, { named: missing }));
    const lead = text.endsWith('\n') ? style.eol : style.eol + style.eol;
    splices.push(insertAt(text.length, lead + inFileStyle(drizzleTable(input), style)));
    input.builder.edit(file, splices, 'adds the session table to the drizzle schema', 'migration');
    return file;
  },

  applyHint: () => 'run `npx drizzle-kit generate` and apply it (`npx drizzle-kit migrate`)',
};
