/**
 * What a store's generated code and migration depend on in this project: the
 * Postgres schema, an existing client to reuse, and the project's migration tool.
 * Resolved once by `add` before the framework plans, and handed to it.
 */
import { parseDotEnv } from '../core/env-files.js';
import { UserError } from '../core/errors.js';
import type { TemplateValues } from '../core/templates.js';
import { detectMigrationTool } from '../detect/migration-tool.js';
import type { Project } from '../detect/project.js';
import { chooseWriter, type MigrationChoice } from '../migrations/plan-migration.js';
import type { SqlDialect } from '../migrations/types.js';
import { findExistingClient, relativeSpecifier, type ExistingClient } from './existing-client.js';
import { findExistingKnex, knexDialect, type ExistingKnex } from './existing-knex.js';
import { connectTableSql, CONNECT_TABLES, pgIdent } from './sql.js';
import type { IntegrationStyle, PackageSpec, StoreDescriptor, StoreEnvVar, TableSql } from './types.js';

export interface StoreContext {
  /** Postgres schema the table lives in (null: the connection's search_path). */
  schema: string | null;
  /** An exported client of the app to share. */
  client: ExistingClient | null;
  /** An exported knex instance of the app (SQL stores), shared or not. */
  knex?: ExistingKnex | null;
  /** The session table for this store, with the schema applied (null: none to create). */
  sql: TableSql | null;
  /** Where and how its migration is written. */
  migration: MigrationChoice | null;
  /** How the user creates the table, for next steps and the startup message. */
  migrateHint: string;
}

/** The value of `key` in a .env-style text. */
export function envValue(text: string | null, key: string): string | null {
  // As the app's dotenv (or node --env-file) reads it: inline comments and quotes are not part of the value.
  return text === null ? null : (parseDotEnv(text).get(key) ?? null);
}

/** A schema name session-kit writes into SQL and code: letters, digits, _ and $, starting with a letter or _. */
const SCHEMA_NAME = /^[A-Za-z_][\w$]*$/;

interface UrlSchema {
  usable: string | null;
  unusable?: { given: string; via: 'schema' | 'search_path' };
}

/**
 * What a Postgres URL says about the schema: `?schema=` / `currentSchema=` (Prisma, JDBC) or
 * the first entry of `options=-c search_path=...`, as the server reads it (an unquoted name
 * is folded to lower case, a quoted one is kept; `$user` leaves the choice to the server).
 * `usable` is the schema session-kit qualifies the table with (null: the connection's
 * search_path); `unusable` is a value session-kit cannot put the table in, as written.
 */
function urlSchema(url: string): UrlSchema {
  let params: URLSearchParams;
  try {
    params = new URL(url).searchParams;
  } catch {
    return { usable: null };
  }
  const named = params.get('schema') ?? params.get('currentSchema');
  if (named !== null) {
    const name = named.replace(/^"|"$/g, '');
    if (name === 'public') return { usable: null };
    return SCHEMA_NAME.test(name) ? { usable: name } : { usable: null, unusable: { given: named, via: 'schema' } };
  }
  // The value runs to the first space outside double quotes; its first entry to the first comma outside them.
  const path = /search_path\s*=\s*((?:"[^"]*"?|\\.|[^\s"&])*)/.exec(params.get('options') ?? '')?.[1];
  if (path === undefined) return { usable: null };
  const first = /^(?:"[^"]*"?|[^,"])*/.exec(path)?.[0] ?? '';
  if (/^"?\$user"?$/.test(first)) return { usable: null };
  const quoted = /^"([^"]*)"$/.exec(first);
  const name = quoted ? quoted[1] : first.toLowerCase();
  if (!SCHEMA_NAME.test(name)) return { usable: null, unusable: { given: first, via: 'search_path' } };
  return { usable: name === 'public' ? null : name };
}

/** The schema a Postgres URL selects: `?schema=` (Prisma) or `options=-c search_path=...`. */
export function schemaFromUrl(url: string | null): string | null {
  return url ? urlSchema(url).usable : null;
}

/**
 * Refuses a URL whose `?schema=` (or `currentSchema=`, or the first schema of its
 * `options=-c search_path=`) names a schema session-kit cannot use, rather than silently
 * creating the table somewhere else. `source` says where the URL came from.
 */
export function assertSchemaName(url: string, source: string): void {
  const bad = urlSchema(url).unusable;
  if (!bad) return;
  const what =
    bad.via === 'schema'
      ? `selects the schema "${bad.given}"`
      : bad.given === ''
        ? 'sets an empty search_path (options=-c search_path=)'
        : `sets search_path to ${bad.given} (options=-c search_path=...)`;
  throw new UserError(
    `The database URL (${source}) ${what}, which session-kit cannot use: a schema name here is letters, digits, _ and $, starting with a letter or _.`,
    {
      hint: 'Rename the schema (e.g. my_schema) or create the session table in it yourself; session-kit does not fall back to the public schema. Nothing was changed.',
      code: 'usage',
    },
  );
}

/** The configured Postgres schema, from DATABASE_URL in .env, .env.local or .env.example; refuses an unusable one. */
export function detectPostgresSchema(project: Project): string | null {
  for (const file of ['.env', '.env.local', '.env.example']) {
    const url = envValue(project.files.read(file), 'DATABASE_URL');
    if (!url) continue;
    assertSchemaName(url, `DATABASE_URL in ${file}`);
    const schema = schemaFromUrl(url);
    if (schema) return schema;
  }
  return null;
}

/** The session table a store needs in a style (both styles use the connect store's table; no style, none). */
export function sessionTableSql(
  store: StoreDescriptor,
  style: IntegrationStyle | null,
  schema: string | null,
): TableSql | null {
  const base = style ? store.sql : undefined;
  if (!base) return null;
  const dialect = store.dialect;
  if (schema && dialect === 'postgres' && base.table === CONNECT_TABLES.postgres.table)
    return connectTableSql('postgres', { schema });
  return base;
}

/** `style`: the framework's integration style, null when it wires stores itself (no table or client is looked up for it). */
export async function resolveStoreContext(
  project: Project,
  store: StoreDescriptor,
  style: IntegrationStyle | null,
  exclude: string[] = [],
): Promise<StoreContext> {
  const schema = store.dialect === 'postgres' ? detectPostgresSchema(project) : null;
  const sql = sessionTableSql(store, style, schema);
  const knex = store.dialect ? await findExistingKnex(project, exclude) : null;
  let client = await findExistingClient(project, store.id, exclude);
  // A store package taking any knex instance shares an app's knex on the store's dialect.
  // The other stores need a driver pool, which knex does not hand out (see knexNotes).
  if (!client && knex?.driver && style && store.styles[style].takesKnex && knexDialect(knex) === store.dialect) {
    client = { file: knex.file, exportName: knex.exportName, knexDriver: knex.driver };
  }
  let migration: MigrationChoice | null = null;
  let migrateHint = '';
  if (sql && store.dialect && store.dialect !== 'sqlite') {
    migration = chooseWriter(project, await detectMigrationTool(project), store.dialect as SqlDialect);
    migrateHint = migration.writer.applyHint({ tool: migration.tool }, `${migration.tool.dir}/`);
  }
  return { schema, client, knex, sql, migration, migrateHint };
}

export interface StoreNeeds {
  packages: PackageSpec[];
  env: StoreEnvVar[];
  /** .gitignore patterns for files the store writes. */
  ignore: string[];
}

/**
 * What the store adds to this project in a style, given the client it shares:
 * a shared knex instance replaces the connect store's own driver and connection
 * settings; a shared client replaces everything a generated adapter would install or read.
 */
export function storeNeeds(
  store: StoreDescriptor,
  style: IntegrationStyle,
  context: StoreContext | undefined,
): StoreNeeds {
  const facts = store.styles[style];
  const client = context?.client ?? null;
  const ignore = facts.ignore ?? [];
  if (style === 'generated-adapter' && client) return { packages: [], env: [], ignore };
  if (client?.knexDriver)
    return {
      packages: facts.packages.filter((spec) => !facts.takesKnex?.replaces.includes(spec.name)),
      env: [],
      ignore,
    };
  return { packages: facts.packages, env: store.env, ignore };
}

/**
 * What the user should know about the app's knex instance next to the session store:
 * shared (a table appears in their database), or not shareable (a second connection, and why).
 */
export function knexNotes(
  store: StoreDescriptor,
  style: IntegrationStyle | null,
  context: StoreContext,
): { warnings: string[]; nextSteps: string[] } {
  const knex = context.knex;
  const none = { warnings: [], nextSteps: [] };
  if (!knex || !store.dialect) return none;
  const where = `${knex.file}${knex.exportName === 'default' ? '' : ` (export ${knex.exportName})`}`;
  const takesKnex = style ? store.styles[style].takesKnex : undefined;
  if (context.client?.knexDriver) {
    return {
      warnings: [],
      nextSteps: [`Sessions share the app's knex instance from ${where}${takesKnex ? `: ${takesKnex.shared}` : '.'}`],
    };
  }
  if (context.client) return none;
  const dialect = knexDialect(knex);
  if (dialect === null) {
    const from = knex.configFile ? ` (its options come from ${knex.configFile} and are chosen at run time)` : '';
    const share = takesKnex ? ` ${takesKnex.byHand}` : '';
    return {
      warnings: [],
      nextSteps: [
        `${where} exports a knex instance whose client session-kit could not read${from}: the session store keeps its own ${store.label} connection.${share}`,
      ],
    };
  }
  const beside = store.besideKnex;
  if (dialect !== store.dialect || !beside) return none;
  return {
    warnings: [
      `${where} exports a knex instance on ${store.label} (${knex.driver}), but the session store cannot use it: ${beside.why}. The session store opens ${beside.opens} next to the app's knex ${beside.beside}.`,
    ],
    nextSteps: [],
  };
}

/** Values for the store snippets (templates/connect/stores/) and adapters (templates/session-store/). */
export function storeTemplateValues(
  store: StoreDescriptor,
  style: IntegrationStyle,
  context: StoreContext | undefined,
  modulePath: string,
): TemplateValues {
  const client = context?.client ?? null;
  let clientImport = '';
  let reuseSetup = '';
  if (client) {
    const source = relativeSpecifier(modulePath, client.file);
    const { local: name, setup = '' } = store.styles[style].sharedClient?.(client) ?? { local: 'sessionPool' };
    clientImport =
      client.exportName === 'default'
        ? `import ${name} from '${source}';`
        : `import { ${client.exportName === name ? name : `${client.exportName} as ${name}`} } from '${source}';`;
    reuseSetup = setup;
  }
  const table = context?.sql;
  const tableRef = table
    ? table.schema
      ? `${pgIdent(table.schema)}.${pgIdent(table.table)}`
      : pgIdent(table.table)
    : '"session"';
  return {
    create: !client,
    reuse: Boolean(client),
    clientImport,
    clientSource: client ? relativeSpecifier(modulePath, client.file) : '',
    knexDriver: client?.knexDriver ?? '',
    reuseSetup,
    tableRef,
    schemaOption: table?.schema ? `, schemaName: '${table.schema}'` : '',
    migrateHint: (context?.migrateHint || 'create it with `npx session-kit migrate`').replace(/'/g, '"'),
  };
}
