/**
 * A small connection to the project's database for `session-kit migrate`, through the
 * driver the project installed (pg or mysql2), so no driver ships with session-kit.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { UserError } from '../core/errors.js';
import type { ColumnShape } from '../stores/types.js';
import type { SqlDialect } from './types.js';
import { selfCommand } from '../core/self-command.js';

export interface Database {
  dialect: SqlDialect;
  /** Columns of `table` (in `schema`, or the current one), empty when it does not exist. */
  columns(table: string, schema?: string): Promise<ColumnShape[]>;
  hasIndex(table: string, index: string, schema?: string): Promise<boolean>;
  /** Runs the statements all-or-nothing where the dialect allows it (Postgres DDL is transactional). */
  apply(statements: string[]): Promise<void>;
  close(): Promise<void>;
}

const DRIVERS: Record<SqlDialect, string> = { postgres: 'pg', mysql: 'mysql2/promise' };

export function dialectOfUrl(url: string): SqlDialect | null {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase();
  if (scheme === 'postgres' || scheme === 'postgresql') return 'postgres';
  if (scheme === 'mysql' || scheme === 'mariadb') return 'mysql';
  return null;
}

/** Query parameters that carry a credential (libpq's `password`, `sslpassword`, tokens). */
const CREDENTIAL_PARAM =
  /([?&](?:password|passwd|pwd|pass|sslpassword|secret|token|access_token|auth_token|api_key|apikey)=)[^&#]*/gi;

/** `scheme://` and the user info before the LAST `@`: a password may itself hold `/`, `:` or `?`. */
function splitUserInfo(url: string): { prefix: string; userInfo: string; rest: string } | null {
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(url);
  if (!scheme) return null;
  const after = url.slice(scheme[0].length);
  const at = after.lastIndexOf('@');
  if (at === -1) return null;
  return { prefix: scheme[0], userInfo: after.slice(0, at), rest: after.slice(at) };
}

/**
 * The URL with every credential hidden, for messages: the password of the user info
 * (found by the last `@`, so an unencoded `/` in it is hidden too) and credential
 * query parameters. Hiding too much is fine; printing a password is not.
 */
export function redactUrl(url: string): string {
  const hidden = url.replace(CREDENTIAL_PARAM, '$1***');
  const parts = splitUserInfo(hidden);
  if (!parts) return hidden;
  const colon = parts.userInfo.indexOf(':');
  if (colon === -1) return hidden;
  return `${parts.prefix}${parts.userInfo.slice(0, colon)}:***${parts.rest}`;
}

/** Every form a URL's secrets may take in a driver's message: raw, decoded, whole URL. */
function secretsOf(url: string): string[] {
  const found = [url];
  const password = splitUserInfo(url)?.userInfo.split(':').slice(1).join(':');
  if (password) found.push(password);
  for (const match of url.matchAll(CREDENTIAL_PARAM)) {
    const value = match[0].slice(match[1].length);
    if (value) found.push(value);
  }
  for (const value of [...found]) {
    try {
      found.push(decodeURIComponent(value));
    } catch {
      // Not percent-encoded text: the raw form is already listed.
    }
  }
  return [...new Set(found.filter((value) => value.length >= 3))].sort((a, b) => b.length - a.length);
}

/** A driver's error message with anything of the URL's credentials hidden. */
export function scrubMessage(message: string, url: string): string {
  let out = message;
  for (const secret of secretsOf(url)) out = out.split(secret).join(secret === url ? redactUrl(url) : '***');
  return out;
}

/**
 * Refuses a URL the drivers would misread: an unencoded `/`, `?` or `#` in the user
 * info makes them take part of the password for the host or the path.
 */
export function assertReadableUrl(url: string, source: string): void {
  const parts = splitUserInfo(url);
  if (parts && /[/?#]/.test(parts.userInfo)) {
    throw new UserError(
      `The database URL (${source}) cannot be parsed: ${redactUrl(url)}. Its user or password holds a \`/\`, \`?\` or \`#\`, which must be percent-encoded in a URL.`,
      {
        hint:
          'Percent-encode those characters in the password (`/` as %2F, `?` as %3F, `#` as %23; e.g. encodeURIComponent(password)) and run `' +
          selfCommand('migrate') +
          '` again. Nothing was changed.',
        code: 'usage',
      },
    );
  }
  try {
    new URL(url);
  } catch {
    throw new UserError(`The database URL (${source}) cannot be parsed: ${redactUrl(url)}.`, {
      hint: 'Write it as postgres://user:password@host:port/database (or mysql://...), with special characters of the password percent-encoded (`/` as %2F). Nothing was changed.',
      code: 'usage',
    });
  }
}

function loadDriver(root: string, dialect: SqlDialect): unknown {
  const name = DRIVERS[dialect];
  for (const from of [path.join(root, 'package.json'), import.meta.url]) {
    try {
      return createRequire(from)(name);
    } catch {
      // Not installed there; try the next place.
    }
  }
  const pkg = name.split('/')[0];
  throw new UserError(
    `The ${pkg} driver is not installed in this project, so session-kit cannot connect to the database.`,
    {
      hint: `Install it (\`npm install ${pkg}\`; \`${selfCommand(`add --store ${dialect}`)}\` does) and run \`${selfCommand('migrate')}\` again.`,
      code: 'driver-missing',
    },
  );
}

function unreachable(error: unknown, url: string, source: string, dialect: SqlDialect): UserError {
  const reason = scrubMessage((error as Error).message || String((error as { code?: string }).code ?? error), url);
  return new UserError(
    `Cannot connect to the ${dialect === 'postgres' ? 'PostgreSQL' : 'MySQL/MariaDB'} database at ${redactUrl(url)} (${source}): ${reason}`,
    {
      hint: 'Check that the server is running and the URL (host, port, user, password, database) is right, or pass --database-url. Nothing was changed.',
      code: 'database-unreachable',
    },
  );
}

interface PgClient {
  connect(): Promise<void>;
  query(text: string, values?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
  end(): Promise<void>;
}

interface MySqlConnection {
  query(text: string, values?: unknown[]): Promise<[unknown, unknown]>;
  end(): Promise<void>;
}

export async function connectDatabase(root: string, url: string, source: string): Promise<Database> {
  const dialect = dialectOfUrl(url);
  if (!dialect) {
    throw new UserError(`The database URL (${source}) is neither postgres:// nor mysql://: ${redactUrl(url)}`, {
      hint: 'session-kit migrate creates the PostgreSQL and MySQL/MariaDB session tables.',
      code: 'usage',
    });
  }
  assertReadableUrl(url, source);
  const driver = loadDriver(root, dialect);
  if (dialect === 'postgres') {
    const { Client } = driver as { Client: new (config: object) => PgClient };
    const client = new Client({ connectionString: url, connectionTimeoutMillis: 5000 });
    try {
      await client.connect();
    } catch (error) {
      await client.end().catch(() => {});
      throw unreachable(error, url, source, dialect);
    }
    return {
      dialect,
      async columns(table, schema) {
        const { rows } = await client.query(
          'SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = COALESCE($1, current_schema()) AND table_name = $2 ORDER BY ordinal_position',
          [schema ?? null, table],
        );
        return rows.map((r) => ({ name: String(r.column_name), type: String(r.data_type).toLowerCase() }));
      },
      async hasIndex(table, index, schema) {
        const { rows } = await client.query(
          'SELECT 1 FROM pg_indexes WHERE schemaname = COALESCE($1, current_schema()) AND tablename = $2 AND indexname = $3',
          [schema ?? null, table, index],
        );
        return rows.length > 0;
      },
      async apply(statements) {
        await client.query('BEGIN');
        try {
          for (const statement of statements) await client.query(statement);
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK').catch(() => {});
          throw error;
        }
      },
      close: () => client.end(),
    };
  }
  const mysql = driver as { createConnection(config: object): Promise<MySqlConnection> };
  let connection: MySqlConnection;
  try {
    connection = await mysql.createConnection({ uri: url, connectTimeout: 5000 });
  } catch (error) {
    throw unreachable(error, url, source, dialect);
  }
  return {
    dialect,
    async columns(table) {
      const [rows] = (await connection.query(
        'SELECT COLUMN_NAME AS name, DATA_TYPE AS type FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = ? ORDER BY ORDINAL_POSITION',
        [table],
      )) as [Record<string, unknown>[], unknown];
      return rows.map((r) => ({ name: String(r.name), type: String(r.type).toLowerCase() }));
    },
    async hasIndex(table, index) {
      const [rows] = (await connection.query(
        'SELECT 1 FROM information_schema.statistics WHERE table_schema = DATABASE() AND table_name = ? AND index_name = ?',
        [table, index],
      )) as [unknown[], unknown];
      return rows.length > 0;
    },
    // MySQL DDL commits implicitly; the session table is one CREATE TABLE statement with its index.
    async apply(statements) {
      for (const statement of statements) await connection.query(statement);
    },
    close: () => connection.end(),
  };
}
