/**
 * Isolated databases on the real servers, one per test, so suites run in parallel:
 * a fresh Postgres database, a fresh MySQL/MariaDB database, a Redis DB number.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { execa } from 'execa';
import pg from 'pg';
import mysql from 'mysql2/promise';
import { createClient } from 'redis';
import { SERVICES } from './services.js';

const safe = (name: string) =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, '_')
    .slice(0, 60);

export async function freshPostgres(name: string): Promise<string> {
  const db = safe(`sk_${name}`);
  const admin = new pg.Client({ connectionString: SERVICES.postgres.url.replace(/\/test$/, '/postgres') });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${db}`);
  } finally {
    await admin.end();
  }
  return SERVICES.postgres.url.replace(/\/test$/, `/${db}`);
}

export async function freshMysql(name: string): Promise<string> {
  const db = safe(`sk_${name}`);
  const admin = await mysql.createConnection({ uri: SERVICES.mysql.url });
  try {
    await admin.query(`DROP DATABASE IF EXISTS \`${db}\``);
    await admin.query(`CREATE DATABASE \`${db}\``);
  } finally {
    await admin.end();
  }
  return SERVICES.mysql.url.replace(/\/test$/, `/${db}`);
}

/** A Redis URL on DB `index` (1-15; 0 is left to others), emptied first. */
export async function freshRedis(index: number): Promise<string> {
  const url = `${SERVICES.redis.url}/${index}`;
  const client = createClient({ url });
  await client.connect();
  await client.flushDb();
  await client.quit();
  return url;
}

export async function pgQuery<T = Record<string, unknown>>(
  url: string,
  text: string,
  values: unknown[] = [],
): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, values)).rows as T[];
  } finally {
    await client.end();
  }
}

export async function mysqlQuery<T = Record<string, unknown>>(
  url: string,
  text: string,
  values: unknown[] = [],
): Promise<T[]> {
  const connection = await mysql.createConnection({ uri: url });
  try {
    const [rows] = await connection.query(text, values);
    return rows as T[];
  } finally {
    await connection.end();
  }
}

export async function redisKeys(url: string, pattern: string): Promise<string[]> {
  const client = createClient({ url });
  await client.connect();
  try {
    return await client.keys(pattern);
  } finally {
    await client.quit();
  }
}

/**
 * Sessions holding `needle`, counted in the store's backend itself (not through the app):
 * rows in PostgreSQL/MySQL/SQLite (the app's sessions.sqlite in `dir`), keys in Redis; -1 for memory.
 */
export async function storedSessions(
  store: 'memory' | 'sqlite' | 'postgres' | 'mysql' | 'redis',
  dir: string,
  url: string,
  needle: string,
  nodeEnv: Record<string, string> = {},
): Promise<number> {
  if (store === 'postgres')
    return (await pgQuery(url, 'SELECT sid FROM "session" WHERE sess::text LIKE $1', [`%${needle}%`])).length;
  if (store === 'mysql')
    return (await mysqlQuery(url, 'SELECT session_id FROM sessions WHERE data LIKE ?', [`%${needle}%`])).length;
  if (store === 'redis') {
    const client = createClient({ url });
    await client.connect();
    try {
      const keys = await client.keys('sess:*');
      const values = keys.length ? await client.mGet(keys) : [];
      return values.filter((v) => v?.includes(needle)).length;
    } finally {
      await client.quit();
    }
  }
  if (store === 'sqlite' && nodeEnv.PATH) {
    // The app's better-sqlite3 is built for the app's Node line: read the file with that node.
    const script =
      "const D = require('better-sqlite3'); const db = new D('sessions.sqlite', { readonly: true }); console.log(db.prepare('SELECT sid FROM sessions WHERE sess LIKE ?').all(process.argv[1]).length); db.close()";
    const { stdout } = await execa('node', ['-e', script, `%${needle}%`], { cwd: dir, env: nodeEnv });
    return Number(stdout.trim());
  }
  if (store === 'sqlite') {
    const Database = createRequire(path.join(dir, 'package.json'))('better-sqlite3') as new (
      file: string,
      options: object,
    ) => { prepare(sql: string): { all(...args: unknown[]): unknown[] }; close(): void };
    const db = new Database(path.join(dir, 'sessions.sqlite'), { readonly: true });
    try {
      return db.prepare('SELECT sid FROM sessions WHERE sess LIKE ?').all(`%${needle}%`).length;
    } finally {
      db.close();
    }
  }
  return -1;
}
