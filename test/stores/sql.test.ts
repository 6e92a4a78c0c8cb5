/**
 * The session-table DDL of each dialect, applied to the real servers (twice: it is
 * idempotent), checked against the shape the store needs, then the store itself run
 * against the table, then the down migration.
 */
import session from 'express-session';
import connectPgSimple from 'connect-pg-simple';
import createMySQLStore from 'express-mysql-session';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { connectDatabase } from '../../src/migrations/database.js';
import { compareShape } from '../../src/migrations/shape.js';
import { STORES } from '../../src/stores/registry.js';
import { connectTableSql, statements } from '../../src/stores/sql.js';
import { exerciseStore } from '../helpers/connect-store.js';
import { freshMysql, freshPostgres, mysqlQuery, pgQuery } from '../helpers/databases.js';
import { serviceStatus } from '../helpers/services.js';

async function applyTwice(root: string, url: string, sql: string): Promise<void> {
  const db = await connectDatabase(root, url, 'test');
  try {
    await db.apply(statements(sql));
    await db.apply(statements(sql));
  } finally {
    await db.close();
  }
}

describe('store descriptors expose their table SQL', () => {
  it('postgres and mysql carry sql with table, index and columns; the others none', () => {
    expect(STORES.postgres.sql?.table).toBe('session');
    expect(STORES.postgres.sql?.up).toContain(
      'CREATE INDEX IF NOT EXISTS "IDX_session_expire" ON "session" ("expire")',
    );
    expect(STORES.mysql.sql?.table).toBe('sessions');
    expect(STORES.mysql.sql?.up).toContain('KEY `sessions_expires_idx` (`expires`)');
    expect(STORES.redis.sql).toBeUndefined();
    expect(STORES.memory.sql).toBeUndefined();
  });

  it('qualifies every name with a configured Postgres schema', () => {
    const sql = connectTableSql('postgres', { schema: 'app' });
    expect(sql.up).toContain('CREATE SCHEMA IF NOT EXISTS "app";');
    expect(sql.up).toContain('CREATE TABLE IF NOT EXISTS "app"."session"');
    expect(sql.up).toContain('ON "app"."session" ("expire")');
    expect(sql.down).toContain('DROP INDEX IF EXISTS "app"."IDX_session_expire"');
    expect(connectTableSql('postgres', { schema: 'public' }).up).not.toContain('SCHEMA');
  });
});

describe('postgres DDL on the real server', async () => {
  const skip = await serviceStatus('postgres');
  let url = '';
  beforeAll(async () => {
    if (!skip) url = await freshPostgres('sql_ddl');
  });

  it.skipIf(skip)(
    'creates the connect-pg-simple table idempotently, the store works on it, down removes it',
    async () => {
      const sql = connectTableSql('postgres');
      await applyTwice(process.cwd(), url, sql.up);
      const db = await connectDatabase(process.cwd(), url, 'test');
      expect(compareShape(await db.columns('session'), sql.columns ?? [])).toEqual({ kind: 'matches' });
      expect(await db.hasIndex('session', 'IDX_session_expire')).toBe(true);
      await db.close();
      const pool = new pg.Pool({ connectionString: url });
      const store = new (connectPgSimple(session))({ pool, tableName: 'session', pruneSessionInterval: false });
      await exerciseStore(
        store,
        'pg-sid-1',
        async () => (await pool.query('SELECT 1 FROM "session" WHERE sid = $1', ['pg-sid-1'])).rowCount === 1,
      );
      await pool.end();
      await applyTwice(process.cwd(), url, sql.down);
      expect(await pgQuery(url, "SELECT 1 FROM information_schema.tables WHERE table_name = 'session'")).toEqual([]);
    },
  );

  it.skipIf(skip)('respects a schema: the table lives in it and the store finds it through schemaName', async () => {
    const sql = connectTableSql('postgres', { schema: 'sessions_app' });
    await applyTwice(process.cwd(), url, sql.up);
    const rows = await pgQuery(url, "SELECT table_schema FROM information_schema.tables WHERE table_name = 'session'");
    expect(rows).toEqual([{ table_schema: 'sessions_app' }]);
    const pool = new pg.Pool({ connectionString: url });
    const store = new (connectPgSimple(session))({
      pool,
      tableName: 'session',
      schemaName: 'sessions_app',
      pruneSessionInterval: false,
    });
    await exerciseStore(
      store,
      'pg-sid-2',
      async () => (await pool.query('SELECT 1 FROM sessions_app.session WHERE sid = $1', ['pg-sid-2'])).rowCount === 1,
    );
    await pool.end();
    await applyTwice(process.cwd(), url, sql.down);
  });
});

describe('mysql DDL on the real server', async () => {
  const skip = await serviceStatus('mysql');
  let url = '';
  beforeAll(async () => {
    if (!skip) url = await freshMysql('sql_ddl');
  });

  it.skipIf(skip)(
    'creates the express-mysql-session table with its expiry index idempotently; the store works on it',
    async () => {
      const sql = connectTableSql('mysql');
      await applyTwice(process.cwd(), url, sql.up);
      const db = await connectDatabase(process.cwd(), url, 'test');
      expect(compareShape(await db.columns('sessions'), sql.columns ?? [])).toEqual({ kind: 'matches' });
      expect(await db.hasIndex('sessions', 'sessions_expires_idx')).toBe(true);
      await db.close();
      const pool = mysql.createPool(url);
      const store = new (createMySQLStore(session))({ createDatabaseTable: false, clearExpired: false }, pool);
      await store.onReady();
      await exerciseStore(
        store,
        'my-sid-1',
        async () => (await mysqlQuery(url, 'SELECT 1 FROM sessions WHERE session_id = ?', ['my-sid-1'])).length === 1,
      );
      await pool.end();
      await applyTwice(process.cwd(), url, sql.down);
      expect(
        await mysqlQuery(
          url,
          "SELECT 1 FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = 'sessions'",
        ),
      ).toEqual([]);
    },
  );
});
