/**
 * `session-kit migrate` against the real servers: shows what it creates, creates it,
 * is idempotent, respects a schema, refuses a same-named table of another shape and an
 * unreachable database with a clear message, and changes nothing in those cases.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import migrate from '../../src/commands/migrate.js';
import { UserError } from '../../src/core/errors.js';
import { runCli } from '../helpers/app-runner.js';
import { freshMysql, freshPostgres, mysqlQuery, pgQuery } from '../helpers/databases.js';
import { copyFixture } from '../helpers/fixtures.js';
import { serviceStatus } from '../helpers/services.js';

let printed = '';
beforeEach(() => {
  printed = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    printed += String(chunk);
    return true;
  });
});
afterEach(() => vi.restoreAllMocks());

async function refusal(run: Promise<unknown>): Promise<UserError> {
  const error = await run.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UserError);
  return error as UserError;
}

const pgColumns = (url: string, schema = 'public') =>
  pgQuery<{ column_name: string }>(
    url,
    'SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position',
    [schema, 'session'],
  ).then((rows) => rows.map((r) => r.column_name));

describe('migrate on PostgreSQL', async () => {
  const skip = await serviceStatus('postgres');

  it.skipIf(skip)(
    'dry-run shows the table and changes nothing; then creates it; a second run has nothing to do',
    async () => {
      const url = await freshPostgres('migrate_pg');
      const dir = copyFixture('express4-cjs');
      writeFileSync(path.join(dir, '.env'), `DATABASE_URL=${url}\n`);
      expect(await migrate({ cwd: dir, dryRun: true })).toBe(0);
      expect(printed).toContain(
        'Would create: table "session" (sid character varying, sess json, expire timestamp without time zone) and index "IDX_session_expire"',
      );
      expect(await pgColumns(url)).toEqual([]);

      expect(await migrate({ cwd: dir, yes: true })).toBe(0);
      expect(printed).toContain('Created table "session"');
      expect(await pgColumns(url)).toEqual(['sid', 'sess', 'expire']);
      expect(
        await pgQuery(url, "SELECT indexname FROM pg_indexes WHERE tablename = 'session' ORDER BY indexname"),
      ).toEqual([{ indexname: 'IDX_session_expire' }, { indexname: 'session_pkey' }]);

      printed = '';
      expect(await migrate({ cwd: dir, yes: true })).toBe(0);
      expect(printed).toContain('already exist with the expected shape: nothing to do');
    },
  );

  it.skipIf(skip)('creates the table in the schema the URL selects (search_path)', async () => {
    const url = await freshPostgres('migrate_pg_schema');
    const dir = copyFixture('express4-cjs');
    const withSchema = `${url}?options=-c%20search_path%3Dsessions_app`;
    expect(await migrate({ cwd: dir, yes: true, databaseUrl: withSchema })).toBe(0);
    expect(await pgColumns(url, 'sessions_app')).toEqual(['sid', 'sess', 'expire']);
    expect(await pgColumns(url, 'public')).toEqual([]);
  });

  it.skipIf(skip)('refuses an existing "session" table of another shape and leaves it as it was', async () => {
    const url = await freshPostgres('migrate_pg_shape');
    await pgQuery(url, 'CREATE TABLE session (id integer PRIMARY KEY, data text)');
    const dir = copyFixture('express4-cjs');
    const error = await refusal(migrate({ cwd: dir, yes: true, databaseUrl: url }));
    expect(error.code).toBe('table-conflict');
    expect(error.message).toContain('A table named "session" already exists');
    expect(error.hint).toContain('Found: id integer, data text.');
    expect(error.hint).toContain('Nothing was changed.');
    expect(await pgColumns(url)).toEqual(['id', 'data']);
    expect(await pgQuery(url, "SELECT 1 FROM pg_indexes WHERE indexname = 'IDX_session_expire'")).toEqual([]);
  });

  it('an unreachable database: clear message naming the host and the source of the URL, password hidden', async () => {
    const dir = copyFixture('express4-cjs');
    const error = await refusal(
      migrate({ cwd: dir, yes: true, databaseUrl: 'postgres://app:hunter2@127.0.0.1:1/app' }),
    );
    expect(error.code).toBe('database-unreachable');
    expect(error.exitCode).toBe(2);
    expect(error.message).toContain(
      'Cannot connect to the PostgreSQL database at postgres://app:***@127.0.0.1:1/app (--database-url)',
    );
    expect(error.message).not.toContain('hunter2');
  });

  it('reads DATABASE_URL from .env as dotenv does: an inline comment is not part of it', async () => {
    const dir = copyFixture('express4-cjs');
    writeFileSync(path.join(dir, '.env'), 'DATABASE_URL=postgres://app@127.0.0.1:1/maindb # main db\n');
    const saved = process.env.DATABASE_URL;
    delete process.env.DATABASE_URL;
    try {
      const error = await refusal(migrate({ cwd: dir, yes: true }));
      expect(error.code).toBe('database-unreachable');
      expect(error.message).toContain(
        'Cannot connect to the PostgreSQL database at postgres://app@127.0.0.1:1/maindb (DATABASE_URL from .env)',
      );
    } finally {
      if (saved !== undefined) process.env.DATABASE_URL = saved;
    }
  });

  it('refuses a ?schema= it cannot use instead of falling back to public', async () => {
    const dir = copyFixture('express4-cjs');
    const error = await refusal(
      migrate({ cwd: dir, yes: true, databaseUrl: 'postgres://app:pw@127.0.0.1:1/app?schema=my-schema' }),
    );
    expect(error.code).toBe('usage');
    expect(error.message).toContain('selects the schema "my-schema", which session-kit cannot use');
    expect(error.hint).toContain('does not fall back to the public schema');
  });

  it('refuses to bypass the project migration tool, naming its command', async () => {
    const dir = copyFixture('migrations-knex');
    const error = await refusal(migrate({ cwd: dir, yes: true, databaseUrl: 'postgres://127.0.0.1:1/x' }));
    expect(error.code).toBe('migration-tool');
    expect(error.hint).toContain('npx knex migrate:latest');
  });

  it('without any database URL says where it looked', async () => {
    const dir = copyFixture('express4-cjs');
    const saved = process.env.DATABASE_URL;
    delete process.env.DATABASE_URL;
    try {
      const error = await refusal(migrate({ cwd: dir, yes: true }));
      expect(error.message).toBe('No database URL: DATABASE_URL is not set in the environment or in .env.');
    } finally {
      if (saved !== undefined) process.env.DATABASE_URL = saved;
    }
  });
});

describe('migrate on MySQL/MariaDB', async () => {
  const skip = await serviceStatus('mysql');

  it.skipIf(skip)('creates the sessions table with its expiry index once; a second run has nothing to do', async () => {
    const url = await freshMysql('migrate_my');
    const dir = copyFixture('express4-cjs');
    expect(await migrate({ cwd: dir, yes: true, databaseUrl: url })).toBe(0);
    expect(printed).toContain(
      'Created table "sessions" (session_id varchar, expires int, data mediumtext) and index "sessions_expires_idx"',
    );
    const indexes = await mysqlQuery<{ name: string }>(
      url,
      "SELECT DISTINCT index_name AS name FROM information_schema.statistics WHERE table_schema = DATABASE() AND table_name = 'sessions' ORDER BY 1",
    );
    expect(indexes.map((r) => r.name)).toEqual(['PRIMARY', 'sessions_expires_idx']);
    printed = '';
    expect(await migrate({ cwd: dir, yes: true, databaseUrl: url })).toBe(0);
    expect(printed).toContain('nothing to do');
  });

  it.skipIf(skip)(
    'an existing sessions table without its expiry index: creates the index, verified, and says only that',
    async () => {
      const url = await freshMysql('migrate_my_noindex');
      await mysqlQuery(
        url,
        'CREATE TABLE sessions (session_id varchar(128) COLLATE utf8mb4_bin NOT NULL, expires int(11) unsigned NOT NULL, data mediumtext COLLATE utf8mb4_bin, PRIMARY KEY (session_id)) ENGINE=InnoDB',
      );
      const dir = copyFixture('express4-cjs');
      const indexes = async () =>
        (
          await mysqlQuery<{ name: string }>(
            url,
            "SELECT DISTINCT index_name AS name FROM information_schema.statistics WHERE table_schema = DATABASE() AND table_name = 'sessions' ORDER BY 1",
          )
        ).map((r) => r.name);
      expect(await migrate({ cwd: dir, dryRun: true, databaseUrl: url })).toBe(0);
      expect(printed).toContain('Would create: index "sessions_expires_idx" on the existing table "sessions"');
      expect(printed).toContain('CREATE INDEX `sessions_expires_idx` ON `sessions` (`expires`);');
      expect(printed).not.toContain('CREATE TABLE');
      expect(await indexes()).toEqual(['PRIMARY']);

      printed = '';
      expect(await migrate({ cwd: dir, yes: true, databaseUrl: url })).toBe(0);
      expect(printed).toContain('Created index "sessions_expires_idx" on the existing table "sessions".');
      expect(await indexes()).toEqual(['PRIMARY', 'sessions_expires_idx']);
      printed = '';
      expect(await migrate({ cwd: dir, yes: true, databaseUrl: url })).toBe(0);
      expect(printed).toContain('already exist with the expected shape: nothing to do');
      expect(printed).not.toContain('Created');
    },
  );

  it.skipIf(skip)('refuses a sessions table of another shape', async () => {
    const url = await freshMysql('migrate_my_shape');
    await mysqlQuery(url, 'CREATE TABLE sessions (id int PRIMARY KEY, payload text)');
    const error = await refusal(migrate({ cwd: copyFixture('express4-cjs'), yes: true, databaseUrl: url }));
    expect(error.code).toBe('table-conflict');
    expect(error.hint).toContain('Found: id int, payload text.');
  });

  it('an unreachable MySQL server', async () => {
    const error = await refusal(
      migrate({ cwd: copyFixture('express4-cjs'), yes: true, databaseUrl: 'mysql://root@127.0.0.1:1/test' }),
    );
    expect(error.code).toBe('database-unreachable');
    expect(error.message).toContain('Cannot connect to the MySQL/MariaDB database at mysql://root@127.0.0.1:1/test');
  });
});

describe('the built CLI', () => {
  it('exits 2 with one clear message for a dead port', async () => {
    const dir = copyFixture('express4-cjs');
    const result = await runCli(['migrate', '--yes', '--database-url', 'postgres://postgres@127.0.0.1:1/test'], dir);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(
      'Cannot connect to the PostgreSQL database at postgres://postgres@127.0.0.1:1/test (--database-url)',
    );
    expect(result.stderr).not.toContain('    at ');
  });
});
