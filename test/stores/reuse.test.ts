/**
 * An app that already creates and exports a pg Pool, a mysql2 pool or a redis client:
 * the generated session module imports it instead of opening a second connection.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/core/errors.js';
import { parseJs } from '../../src/edit/js/parse.js';
import { addWithoutInstall, copyFixture, expectAddProperties, listFiles, read } from '../helpers/fixtures.js';

const snapshot = (dir: string) =>
  Object.fromEntries(listFiles(dir).map((f) => [f, readFileSync(path.join(dir, f), 'utf8')]));

function withDependency(dir: string, name: string): void {
  const file = path.join(dir, 'package.json');
  const pkg = JSON.parse(readFileSync(file, 'utf8'));
  pkg.dependencies[name] = '*';
  writeFileSync(file, `${JSON.stringify(pkg, null, 2)}\n`);
}

describe('reusing the app client', () => {
  it('ESM: a named pg Pool export is imported and no second Pool is created', async () => {
    const dir = copyFixture('express-app-split');
    withDependency(dir, 'pg');
    writeFileSync(
      path.join(dir, 'src/db.js'),
      "import pg from 'pg'\n\nexport const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL })\n",
    );
    const result = await addWithoutInstall(dir, { store: 'postgres' });
    const code = read(dir, 'src/session.js');
    expect(code).toContain("import { pool as sessionPool } from './db.js'");
    expect(code).toContain("// Sessions share the app's pool from ./db.js.");
    expect(code).not.toContain('new pg.Pool');
    expect(code).not.toContain('process.env.DATABASE_URL');
    expect(code).toContain('new PgStore({ pool: sessionPool');
    await parseJs(code, 'src/session.js');
    expect(result.dependencies.map((d) => d.name)).not.toContain('pg');
    await expectAddProperties(dir, result, { store: 'postgres' });
  });

  it('CJS: a mysql2/promise pool in module.exports = { pool } hands its callback pool to the store', async () => {
    const dir = copyFixture('express4-cjs');
    withDependency(dir, 'mysql2');
    writeFileSync(
      path.join(dir, 'db.js'),
      "const mysql = require('mysql2/promise');\nconst pool = mysql.createPool(process.env.DATABASE_URL);\nmodule.exports = { pool };\n",
    );
    await addWithoutInstall(dir, { store: 'mysql' });
    const code = read(dir, 'session.js');
    expect(code).toContain('const { pool: appPool } = require("./db.js");');
    expect(code).toContain('const sessionPool = appPool.pool;');
    expect(code).not.toContain('createPool');
    await parseJs(code, 'session.js');
  });

  it('a default-exported redis client is pinged at boot, not connected a second time', async () => {
    const dir = copyFixture('express-app-split');
    withDependency(dir, 'redis');
    writeFileSync(
      path.join(dir, 'src/redis.js'),
      "import { createClient } from 'redis'\n\nconst client = createClient({ url: process.env.REDIS_URL })\nawait client.connect()\n\nexport default client\n",
    );
    await addWithoutInstall(dir, { store: 'redis' });
    const code = read(dir, 'src/session.js');
    expect(code).toContain("import sessionRedis from './redis.js'");
    expect(code).not.toContain('createClient');
    expect(code).not.toContain('.connect()');
    expect(code).toContain('sessionRedis.ping()');
  });

  it('a client that is created but not exported is not reused', async () => {
    const dir = copyFixture('express-app-split');
    withDependency(dir, 'pg');
    writeFileSync(
      path.join(dir, 'src/db.js'),
      "import pg from 'pg'\n\nconst pool = new pg.Pool()\nexport async function query(text) {\n  return pool.query(text)\n}\n",
    );
    await addWithoutInstall(dir, { store: 'postgres' });
    expect(read(dir, 'src/session.js')).toContain('const sessionPool = new pg.Pool({ connectionString: databaseUrl })');
  });
});

describe('a configured Postgres schema', () => {
  it('qualifies the migration and sets schemaName on the store', async () => {
    const dir = copyFixture('express4-cjs');
    writeFileSync(path.join(dir, '.env.example'), 'DATABASE_URL=postgres://u:p@localhost:5432/app?schema=tenant\n');
    const result = await addWithoutInstall(dir, { store: 'postgres' });
    const migration = read(dir, result.migrations[0].path);
    expect(migration).toContain('CREATE SCHEMA IF NOT EXISTS "tenant";');
    expect(migration).toContain('CREATE TABLE IF NOT EXISTS "tenant"."session"');
    const code = read(dir, 'session.js');
    expect(code).toContain('new PgStore({ pool: sessionPool, tableName: "session", schemaName: "tenant" })');
    expect(code).toContain('SELECT 1 FROM "tenant"."session" LIMIT 0');
    expect(result.migrations[0].table).toBe('tenant.session');
  });

  it.each(['my-schema', '"Tenant One"', "o'brien"])(
    'refuses an unusable ?schema=%s instead of using public, and writes nothing',
    async (name) => {
      const dir = copyFixture('express4-cjs');
      writeFileSync(
        path.join(dir, '.env'),
        `DATABASE_URL=postgres://u:p@localhost:5432/app?schema=${encodeURIComponent(name)}\n`,
      );
      const before = snapshot(dir);
      const error = await addWithoutInstall(dir, { store: 'postgres' }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(UserError);
      expect((error as UserError).message).toContain(
        `The database URL (DATABASE_URL in .env) selects the schema "${name}", which session-kit cannot use`,
      );
      expect((error as UserError).hint).toContain('does not fall back to the public schema');
      expect(snapshot(dir)).toEqual(before);
    },
  );

  it.each([
    ['my-schema', 'sets search_path to my-schema'],
    ['"Tenant One"', 'sets search_path to "Tenant One"'],
    ['', 'sets an empty search_path'],
  ])(
    'refuses options=-c search_path=%s instead of putting the table elsewhere, and writes nothing',
    async (value, what) => {
      const dir = copyFixture('express4-cjs');
      writeFileSync(
        path.join(dir, '.env'),
        `DATABASE_URL=postgres://u:p@localhost:5432/app?options=${encodeURIComponent(`-c search_path=${value}`)}\n`,
      );
      const before = snapshot(dir);
      const error = await addWithoutInstall(dir, { store: 'postgres' }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(UserError);
      expect((error as UserError).message).toContain(`The database URL (DATABASE_URL in .env) ${what}`);
      expect((error as UserError).message).toContain('which session-kit cannot use');
      expect(snapshot(dir)).toEqual(before);
    },
  );

  it('qualifies the table with a search_path schema as the server folds it (unquoted: lower case)', async () => {
    const dir = copyFixture('express4-cjs');
    writeFileSync(
      path.join(dir, '.env.example'),
      `DATABASE_URL=postgres://u:p@localhost:5432/app?options=${encodeURIComponent('-c search_path=Tenant,public')}\n`,
    );
    const result = await addWithoutInstall(dir, { store: 'postgres' });
    expect(read(dir, 'session.js')).toContain('schemaName: "tenant"');
    expect(result.migrations[0].table).toBe('tenant.session');
  });
});

describe('the URL variable session-kit cannot know', () => {
  it('is a next step while .env lacks it, and not once it is there', async () => {
    const dir = copyFixture('express4-cjs');
    const first = await addWithoutInstall(dir, { store: 'redis' });
    expect(first.nextSteps).toContain(
      'Set REDIS_URL in .env (Redis connection URL, e.g. redis://localhost:6379): the app stops at boot without it.',
    );
    const other = copyFixture('express4-cjs');
    writeFileSync(path.join(other, '.env'), 'DATABASE_URL=postgres://localhost/app\n');
    const second = await addWithoutInstall(other, { store: 'postgres' });
    expect(second.nextSteps.join('\n')).not.toContain('Set DATABASE_URL');
    // In-process the app is not the working directory: the command says where it is.
    expect(second.nextSteps).toContain(
      `Create the session table: run \`npx session-kit migrate --cwd ${path.relative(process.cwd(), other)}\`.`,
    );
  });
});
