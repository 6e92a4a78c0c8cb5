/** Migration tool detection (static) and naming styles. */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectMigrationTool } from '../../src/detect/migration-tool.js';
import { loadProject } from '../../src/detect/index.js';
import { migrationName, namingStyle } from '../../src/migrations/naming.js';
import { schemaFromUrl } from '../../src/stores/context.js';
import { copyFixture } from '../helpers/fixtures.js';

const date = new Date(Date.UTC(2026, 0, 2, 3, 4, 5));

describe('naming styles follow the folder', () => {
  it.each([
    [['V1__init.sql', 'V2__users.sql'], 'V3__create_session_table'],
    [['0001_init.sql', '0002_users.sql'], '0003_create_session_table'],
    [['001-init.sql'], '002-create-session-table'],
    [['20250101120000_init.sql'], '20260102030405_create_session_table'],
    [['1735732800000_init.sql'], '1767323045000_create_session_table'],
    [['2025-01-01T12-00-00_init.sql'], '2026-01-02T03-04-05_create_session_table'],
    [[], '20260102030405_create_session_table'],
  ])('%j → %s', (existing, expected) => {
    expect(migrationName(namingStyle(existing, date, '.sql'), ['create', 'session', 'table'])).toBe(expected);
  });

  it('notices up/down pairs', () => {
    expect(namingStyle(['0001_init.up.sql', '0001_init.down.sql'], date, '.sql')).toMatchObject({
      prefix: '0002_',
      pairs: true,
    });
  });
});

describe('migration tool detection reads configs without running them', () => {
  const project = (dir: string) => loadProject(dir, dir, null);

  it('knex: directory and TypeScript from the knexfile', async () => {
    expect(await detectMigrationTool(await project(copyFixture('migrations-knex')))).toMatchObject({
      id: 'knex',
      dir: 'db/migrations',
      language: 'js',
      syntax: 'cjs',
    });
    expect(await detectMigrationTool(await project(copyFixture('migrations-knex-ts')))).toMatchObject({
      id: 'knex',
      dir: 'migrations',
      language: 'ts',
      syntax: 'esm',
    });
  });

  it('node-pg-migrate: the -m folder from the scripts', async () => {
    expect(await detectMigrationTool(await project(copyFixture('migrations-node-pg-migrate')))).toMatchObject({
      id: 'node-pg-migrate',
      dir: 'db/migrations',
      syntax: 'esm',
    });
  });

  it('drizzle: the schema file, or a new file in a schema folder', async () => {
    const dir = copyFixture('migrations-drizzle');
    expect(await detectMigrationTool(await project(dir))).toMatchObject({
      id: 'drizzle',
      schemaFile: 'src/db/schema.ts',
    });
    writeFileSync(
      path.join(dir, 'drizzle.config.ts'),
      "export default { dialect: 'postgresql', schema: './src/db/schema/*' }\n",
    );
    expect(await detectMigrationTool(await project(dir))).toMatchObject({
      id: 'drizzle',
      dir: 'src/db/schema',
      schemaFile: 'src/db/schema/session.ts',
    });
  });

  it('a SQL folder with its files; else the plain-SQL fallback', async () => {
    expect(await detectMigrationTool(await project(copyFixture('migrations-dbmate')))).toMatchObject({
      id: 'sql',
      dir: 'db/migrations',
      detected: true,
    });
    const plain = copyFixture('express4-cjs');
    expect(await detectMigrationTool(await project(plain))).toMatchObject({
      id: 'sql',
      dir: 'migrations',
      detected: false,
    });
    mkdirSync(path.join(plain, 'sql'));
    writeFileSync(path.join(plain, 'sql', 'V1__init.sql'), 'SELECT 1;\n');
    expect(await detectMigrationTool(await project(plain))).toMatchObject({ id: 'sql', dir: 'sql', detected: true });
  });
});

describe('the Postgres schema a URL selects', () => {
  it.each([
    ['postgres://u@h/db?schema=app', 'app'],
    ['postgres://u@h/db?options=-c%20search_path%3Dtenant', 'tenant'],
    ['postgres://u@h/db?options=-c%20search_path%3DTenant%2Cpublic', 'tenant'],
    ['postgres://u@h/db?options=-c%20search_path%3D%22Tenant%22', 'Tenant'],
    ['postgres://u@h/db?options=-c%20search_path%3D%22%24user%22%2Cpublic', null],
    ['postgres://u@h/db?options=-c%20search_path%3Dpublic', null],
    ['postgres://u@h/db?options=-c%20search_path%3Dmy-schema', null],
    ['postgres://u@h/db?schema=public', null],
    ['postgres://u@h/db', null],
    ['not a url', null],
  ])('%s → %s', (url, schema) => {
    expect(schemaFromUrl(url)).toBe(schema);
  });
});
