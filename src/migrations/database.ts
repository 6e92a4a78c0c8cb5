/**
 * A small connection to the project's database for `session-kit migrate`, through the
 * driver the project installed (pg or mysql2), so no driver ships with session-kit.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { UserError } from '../core/errors.js';
import type { ColumnShape } from '../stores/types.js';
import type { SqlDialect } from './types.js';

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

/** The URL with its password hidden, for messages. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url.replace(/\/\/([^:/@]+):[^@/]*@/, '//$1:***@');
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
  throw new UserError(`The ${pkg} driver is not installed in this project, so session-kit cannot connect to the database.`, {
    hint: `Install it (\`npm install ${pkg}\`; \`session-kit add --store ${dialect}\` does) and run session-kit migrate again.`,
    code: 'driver-missing',
  });
}

function unreachable(error: unknown, url: string, source: string, dialect: SqlDialect): UserError {
  const reason = (error as Error).message || String((error as { code?: string }).code ?? error);
  return new UserError(`Cannot connect to the ${dialect === 'postgres' ? 'PostgreSQL' : 'MySQL/MariaDB'} database at ${redactUrl(url)} (${source}): ${reason}`, {
    hint: 'Check that the server is running and the URL (host, port, user, password, database) is right, or pass --database-url. Nothing was changed.',
    code: 'database-unreachable',
  });
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
    throw new UserError(`The database URL (${source}) is neither postgres:// nor mysql://: ${redactUrl(url)}`, { hint: 'session-kit migrate creates the PostgreSQL and MySQL/MariaDB session tables.', code: 'usage' });
  }
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
        const { rows } = await client.query('SELECT 1 FROM pg_indexes WHERE schemaname = COALESCE($1, current_schema()) AND tablename = $2 AND indexname = $3', [schema ?? null, table, index]);
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
      const [rows] = (await connection.query('SELECT 1 FROM information_schema.statistics WHERE table_schema = DATABASE() AND table_name = ? AND index_name = ?', [table, index])) as [unknown[], unknown];
      return rows.length > 0;
    },
    // MySQL DDL commits implicitly; the session table is one CREATE TABLE statement with its index.
    async apply(statements) {
      for (const statement of statements) await connection.query(statement);
    },
    close: () => connection.end(),
  };
}
