/**
 * The migrations `add` writes apply cleanly (twice: they are idempotent) to the
 * real PostgreSQL and MariaDB servers and to SQLite, and create the table the
 * pavex_session_sqlx stores read and write. Each run works in its own schema or
 * database so other suites' tables are never touched.
 * In CI (CI=true) an unreachable server fails the suite; elsewhere it is skipped.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { serviceStatus, SERVICES } from '../../helpers/services.js';
import { copyFixture, planAdd } from './harness.js';

async function migrationSql(
  store: 'postgres' | 'mysql' | 'sqlite',
  fixture = 'pavex-new',
): Promise<{ up: string; down: string | null }> {
  const dir = copyFixture(fixture);
  const plan = await planAdd(dir, store);
  rmSync(dir, { recursive: true, force: true });
  const up = plan.files.find((f) => /_create_sessions(\.up)?\.sql$/.test(f.path));
  const down = plan.files.find((f) => /_create_sessions\.down\.sql$/.test(f.path));
  if (!up?.after) throw new Error(`no migration planned for ${store}`);
  return { up: up.after, down: down?.after ?? null };
}

const suffix = `${process.pid}_${Date.now()}`;

describe('generated SQL on PostgreSQL', async () => {
  const skip = await serviceStatus('postgres');
  if (skip) {
    it.skip(`skipped: ${skip}`, () => {});
    return;
  }
  it('applies twice, has the store columns, accepts a session row, and the down migration drops it', async () => {
    const { default: pg } = await import('pg');
    const client = new pg.Client({ connectionString: SERVICES.postgres.url });
    await client.connect();
    const schema = `pavex_sql_${suffix}`;
    try {
      await client.query(`CREATE SCHEMA ${schema}`);
      await client.query(`SET search_path TO ${schema}`);
      const { up, down } = await migrationSql('postgres', 'pavex-custom');
      await client.query(up);
      await client.query(up);
      const columns = await client.query(
        `SELECT column_name, data_type, is_nullable FROM information_schema.columns WHERE table_schema = $1 AND table_name = 'sessions' ORDER BY ordinal_position`,
        [schema],
      );
      expect(columns.rows).toEqual([
        { column_name: 'id', data_type: 'uuid', is_nullable: 'NO' },
        { column_name: 'deadline', data_type: 'timestamp with time zone', is_nullable: 'NO' },
        { column_name: 'state', data_type: 'jsonb', is_nullable: 'NO' },
      ]);
      const index = await client.query(
        `SELECT indexname FROM pg_indexes WHERE schemaname = $1 AND tablename = 'sessions' ORDER BY indexname`,
        [schema],
      );
      expect(index.rows.map((r) => r.indexname)).toEqual(['idx_sessions_deadline', 'sessions_pkey']);
      // The row shape PostgresSessionStore writes.
      await client.query(
        `INSERT INTO sessions (id, deadline, state) VALUES (gen_random_uuid(), now() + interval '1 day', '{"user": 1}'::jsonb)`,
      );
      expect((await client.query('SELECT count(*)::int AS n FROM sessions')).rows[0].n).toBe(1);
      expect(down).not.toBeNull();
      await client.query(down as string);
      const left = await client.query(
        `SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = $1`,
        [schema],
      );
      expect(left.rows[0].n).toBe(0);
    } finally {
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await client.end();
    }
  });
});

describe('generated SQL on MariaDB/MySQL', async () => {
  const skip = await serviceStatus('mysql');
  if (skip) {
    it.skip(`skipped: ${skip}`, () => {});
    return;
  }
  it('applies twice, has the store columns and index, accepts a session row', async () => {
    const mysql = await import('mysql2/promise');
    const conn = await mysql.createConnection({
      host: SERVICES.mysql.host,
      port: SERVICES.mysql.port,
      user: 'root',
      database: 'test',
      multipleStatements: true,
    });
    const db = `pavex_sql_${suffix}`;
    try {
      await conn.query(`CREATE DATABASE ${db}`);
      await conn.query(`USE ${db}`);
      const { up } = await migrationSql('mysql');
      await conn.query(up);
      await conn.query(up);
      const [columns] = await conn.query(
        `SELECT COLUMN_NAME AS name, COLUMN_TYPE AS type, IS_NULLABLE AS nullable FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = 'sessions' ORDER BY ORDINAL_POSITION`,
        [db],
      );
      // MariaDB reports JSON as longtext (with a json_valid check); MySQL as json.
      const normalised = (columns as { name: string; type: string; nullable: string }[]).map((c) => [
        c.name,
        c.type.replace(/^bigint\(\d+\)$/, 'bigint').replace(/^longtext$/, 'json'),
        c.nullable,
      ]);
      expect(normalised).toEqual([
        ['id', 'char(36)', 'NO'],
        ['deadline', 'bigint', 'NO'],
        ['state', 'json', 'NO'],
      ]);
      const [indexes] = await conn.query(
        `SELECT DISTINCT INDEX_NAME AS name FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = 'sessions' ORDER BY INDEX_NAME`,
        [db],
      );
      expect((indexes as { name: string }[]).map((i) => i.name)).toEqual(['idx_sessions_deadline', 'PRIMARY']);
      await conn.query(
        `INSERT INTO sessions (id, deadline, state) VALUES (UUID(), UNIX_TIMESTAMP() + 86400, '{"user": 1}')`,
      );
      await expect(
        conn.query(`INSERT INTO sessions (id, deadline, state) VALUES (UUID(), 0, 'not json')`),
      ).rejects.toThrow();
    } finally {
      await conn.query(`DROP DATABASE IF EXISTS ${db}`);
      await conn.end();
    }
  });
});

describe('generated SQL on SQLite', () => {
  const cli = spawnSync('sqlite3', ['--version'], { encoding: 'utf8' });
  const skip = cli.status === 0 ? null : 'the sqlite3 command-line tool is not installed';
  if (skip && process.env.CI === 'true') throw new Error(`${skip}; CI requires it (.ci/run installs it)`);
  if (skip) {
    it.skip(`skipped: ${skip}`, () => {});
    return;
  }
  it('applies twice, has the store columns and index, accepts a session row', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sk-sqlite-'));
    const db = path.join(dir, 'app.db');
    const run = (sql: string) => spawnSync('sqlite3', ['-bail', '-batch', db], { input: sql, encoding: 'utf8' });
    try {
      const { up } = await migrationSql('sqlite');
      for (let i = 0; i < 2; i++) {
        const applied = run(up);
        expect(applied.status, applied.stderr).toBe(0);
      }
      const info = run(
        ".mode list\nSELECT name, type, \"notnull\", pk FROM pragma_table_info('sessions');\nSELECT name FROM pragma_index_list('sessions') WHERE origin = 'c';",
      );
      expect(info.stdout.trim().split('\n')).toEqual([
        'id|TEXT|0|1',
        'deadline|INTEGER|1|0',
        'state|JSONB|1|0',
        'idx_sessions_deadline',
      ]);
      const insert = run(
        `INSERT INTO sessions (id, deadline, state) VALUES ('${crypto.randomUUID()}', unixepoch() + 86400, json('{"user": 1}'));\nSELECT count(*) FROM sessions;`,
      );
      expect(insert.status, insert.stderr).toBe(0);
      expect(insert.stdout.trim()).toBe('1');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
