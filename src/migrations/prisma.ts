/**
 * Prisma: a model appended to schema.prisma, `@@map`ped to the table the store uses.
 * The user creates the migration with `prisma migrate dev`. A model of the same name
 * or on the same table that is not ours is refused: Prisma allows one of each.
 */
import { UserError } from '../core/errors.js';
import { lineColumn } from '../edit/lines.js';
import { insertAt } from '../edit/splice.js';
import { detectEol } from '../edit/style.js';
import type { MigrationInput, MigrationWriter, SqlDialect } from './types.js';

const MODEL_NAME = 'Session';

const FIELDS: Record<SqlDialect, string[]> = {
  postgres: [
    'sid    String   @id @db.VarChar',
    'sess   Json     @db.Json',
    'expire DateTime @db.Timestamp(6)',
    '',
    '@@index([expire], map: "IDX_session_expire")',
  ],
  mysql: [
    'session_id String  @id @db.VarChar(128)',
    'expires    Int     @db.UnsignedInt',
    'data       String? @db.MediumText',
    '',
    '@@index([expires], map: "sessions_expires_idx")',
  ],
};

export function prismaModel(
  input: Pick<MigrationInput, 'dialect' | 'sql' | 'storePackage'>,
  name = MODEL_NAME,
): string {
  const lines = [...FIELDS[input.dialect], `@@map("${input.sql.table}")`];
  if (input.sql.schema) lines.push(`@@schema("${input.sql.schema}")`);
  return `/// Session table for ${input.storePackage} (written by session-kit); create it with \`prisma migrate dev\`.\nmodel ${name} {\n${lines.map((l) => (l ? `  ${l}` : '')).join('\n')}\n}\n`;
}

interface PrismaModel {
  name: string;
  table: string;
  body: string;
  offset: number;
}

export function prismaModels(schema: string): PrismaModel[] {
  const models: PrismaModel[] = [];
  for (const match of schema.matchAll(/^model\s+(\w+)\s*\{([\s\S]*?)^\}/gm)) {
    const table = /@@map\(\s*(?:name:\s*)?"([^"]+)"\s*\)/.exec(match[2])?.[1] ?? match[1];
    models.push({ name: match[1], table, body: match[2], offset: match.index ?? 0 });
  }
  return models;
}

function isOurs(model: PrismaModel, input: MigrationInput): boolean {
  const fields = input.sql.columns?.map((c) => c.name) ?? [];
  const declared = [...model.body.matchAll(/^\s*(\w+)\s+\w/gm)].map((m) => m[1]);
  return (
    model.table === input.sql.table && fields.every((f) => declared.includes(f)) && declared.length === fields.length
  );
}

function schemaFile(input: MigrationInput): string {
  return input.tool.schemaFile as string;
}

export const prismaWriter: MigrationWriter = {
  dialects: ['postgres', 'mysql'],

  existing(input) {
    const text = input.project.files.read(schemaFile(input)) ?? '';
    const clash = prismaModels(text).find((m) => m.name === MODEL_NAME || m.table === input.sql.table);
    if (!clash) return null;
    if (isOurs(clash, input)) return schemaFile(input);
    const line = lineColumn(text, clash.offset).line;
    throw new UserError(
      clash.name === MODEL_NAME
        ? `${schemaFile(input)} already has a model named ${MODEL_NAME} (table "${clash.table}") that is not the ${input.storePackage} session table.`
        : `${schemaFile(input)} already maps model ${clash.name} to the table "${input.sql.table}" that ${input.storePackage} needs, with other fields.`,
      {
        where: { file: schemaFile(input), line },
        hint: `Nothing was written. Keep your model and add the session table under another model name by hand (the table name must stay "${input.sql.table}" unless you change the store's table option too).`,
        manual: prismaModel(input, 'ConnectSession').trimEnd(),
        code: 'table-conflict',
      },
    );
  },

  write(input) {
    const file = schemaFile(input);
    const text = input.project.files.read(file) as string;
    const eol = detectEol(text);
    const lead = text.length === 0 ? '' : text.endsWith('\n') ? eol : eol + eol;
    input.builder.edit(
      file,
      [insertAt(text.length, lead + prismaModel(input).replace(/\n/g, eol))],
      'adds the session table model (@@map to the store table)',
      'migration',
    );
    const provider = /datasource\s+\w+\s*\{[^}]*provider\s*=\s*"(\w+)"/.exec(text)?.[1];
    const expected = input.dialect === 'postgres' ? ['postgresql', 'postgres'] : ['mysql'];
    if (provider && !expected.includes(provider))
      input.builder.warn(
        `${file} uses the ${provider} provider but the session store is ${input.dialect}: the model was added for ${input.dialect}; check the store choice.`,
      );
    if (input.sql.schema)
      input.builder.warn(
        `The session model uses @@schema("${input.sql.schema}"): it needs the multiSchema preview feature and the schema in the datasource's \`schemas\` list.`,
      );
    return file;
  },

  applyHint: () => 'run `npx prisma migrate dev` (then `prisma migrate deploy` in production)',
};
