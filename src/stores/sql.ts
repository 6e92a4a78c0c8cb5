/**
 * The session tables the connect stores expect, rendered from templates/sql/connect/.
 * The generated adapters reuse these same tables, so every integration style reads its SQL here.
 */
import { readTemplate, renderTemplate } from '../core/templates.js';
import type { ColumnShape, Dialect, TableSql } from './types.js';

export interface TableOptions {
  /** Postgres schema (connect-pg-simple `schemaName`); omitted means the connection's search_path. */
  schema?: string | null;
}

/** Quotes a Postgres identifier. */
export function pgIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

interface TableShape {
  /** The connect store package whose defaults these are. */
  storePackage: string;
  table: string;
  index: string;
  columns: ColumnShape[];
}

/** Names and columns each connect store uses (its defaults, which the generated code keeps). */
export const CONNECT_TABLES: Record<Exclude<Dialect, 'sqlite'>, TableShape> = {
  // connect-pg-simple: tableName 'session', expiry pruning on "expire".
  postgres: {
    storePackage: 'connect-pg-simple',
    table: 'session',
    index: 'IDX_session_expire',
    columns: [
      { name: 'sid', type: 'character varying' },
      { name: 'sess', type: 'json' },
      { name: 'expire', type: 'timestamp without time zone' },
    ],
  },
  // express-mysql-session: schema.tableName 'sessions', expires in unix seconds.
  mysql: {
    storePackage: 'express-mysql-session',
    table: 'sessions',
    index: 'sessions_expires_idx',
    columns: [
      { name: 'session_id', type: 'varchar' },
      { name: 'expires', type: 'int' },
      { name: 'data', type: 'mediumtext' },
    ],
  },
};

function sections(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  let current = '';
  for (const line of text.split('\n')) {
    const header = /^--# (\w+)\s*$/.exec(line);
    if (header) out[(current = header[1])] = '';
    else if (current) out[current] += `${line}\n`;
  }
  for (const key of Object.keys(out)) out[key] = out[key].replace(/\n+$/, '\n');
  return out;
}

export function connectTableSql(dialect: Exclude<Dialect, 'sqlite'>, options: TableOptions = {}): TableSql {
  const shape = CONNECT_TABLES[dialect];
  const schema = dialect === 'postgres' && options.schema && options.schema !== 'public' ? options.schema : undefined;
  const qualify = (name: string) => (schema ? `${pgIdent(schema)}.${pgIdent(name)}` : pgIdent(name));
  const rendered = renderTemplate(
    readTemplate(`sql/connect/${dialect}.sql`),
    {
      schema: Boolean(schema),
      schemaName: schema ? pgIdent(schema) : '',
      table: qualify(shape.table),
      index: qualify(shape.index),
    },
    false,
  );
  const { up, down } = sections(rendered);
  return {
    storePackage: shape.storePackage,
    table: shape.table,
    up,
    down,
    schema,
    index: shape.index,
    columns: shape.columns,
  };
}

/** Splits DDL into statements (our templates hold no semicolons inside literals). */
export function statements(sql: string): string[] {
  return sql
    .split(/;\s*(?:\n|$)/)
    .map((s) => s.trim())
    .filter(Boolean);
}
