/**
 * Migration writers, one fixture per tool: `add` writes the session table in the
 * project's own tool (compared with reviewed expected outputs, second run a no-op),
 * then the migration is applied to the real server with that tool where it is
 * installed here (knex, node-pg-migrate, kysely, plain SQL), applied twice, and the
 * store runs against the table.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { execa } from 'execa';
import path from 'node:path';
import session from 'express-session';
import connectPgSimple from 'connect-pg-simple';
import createMySQLStore from 'express-mysql-session';
import knexFactory from 'knex';
import { Kysely, Migrator, MysqlDialect, PostgresDialect, type Migration } from 'kysely';
import mysql from 'mysql2/promise';
import { createPool as createCallbackPool } from 'mysql2';
import { runner } from 'node-pg-migrate';
import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseJs } from '../../src/edit/js/parse.js';
import { connectDatabase } from '../../src/migrations/database.js';
import { compareShape } from '../../src/migrations/shape.js';
import { STORES } from '../../src/stores/registry.js';
import { statements } from '../../src/stores/sql.js';
import { exerciseStore } from '../helpers/connect-store.js';
import { freshMysql, freshPostgres, mysqlQuery } from '../helpers/databases.js';
import {
  addWithoutInstall,
  copyFixture,
  expectAddProperties,
  expectMatchesExpected,
  read,
} from '../helpers/fixtures.js';
import { serviceStatus } from '../helpers/services.js';

process.env.SOURCE_DATE_EPOCH = '1767225600';

type Dialect = 'postgres' | 'mysql';

async function runStore(dialect: Dialect, url: string, sid: string): Promise<void> {
  if (dialect === 'postgres') {
    const pool = new pg.Pool({ connectionString: url });
    const store = new (connectPgSimple(session))({ pool, pruneSessionInterval: false });
    await exerciseStore(
      store,
      sid,
      async () => (await pool.query('SELECT 1 FROM "session" WHERE sid = $1', [sid])).rowCount === 1,
    );
    await pool.end();
    return;
  }
  const pool = mysql.createPool(url);
  const store = new (createMySQLStore(session))({ createDatabaseTable: false, clearExpired: false }, pool);
  await store.onReady();
  await exerciseStore(
    store,
    sid,
    async () => (await mysqlQuery(url, 'SELECT 1 FROM sessions WHERE session_id = ?', [sid])).length === 1,
  );
  await pool.end();
}

async function applySqlTwice(url: string, sql: string): Promise<void> {
  const db = await connectDatabase(process.cwd(), url, 'test');
  try {
    await db.apply(statements(sql));
    await db.apply(statements(sql));
  } finally {
    await db.close();
  }
}

interface Case {
  fixture: string;
  store: Dialect;
  /** The file the migration must land in (relative). */
  file: RegExp;
  /** Applies the written migration to `url` with the project's tool. */
  apply?: (dir: string, file: string, url: string) => Promise<void>;
}

const knexClient = (dialect: Dialect) => (dialect === 'postgres' ? 'pg' : 'mysql2');

const CASES: Case[] = [
  {
    fixture: 'migrations-sql',
    store: 'postgres',
    file: /^migrations\/0003_create-session-table\.sql$/,
    apply: (dir, file, url) => applySqlTwice(url, read(dir, file).split('-- To undo:')[0]),
  },
  {
    fixture: 'migrations-sql',
    store: 'mysql',
    file: /^migrations\/0003_create-sessions-table\.sql$/,
    apply: (dir, file, url) => applySqlTwice(url, read(dir, file).split('-- To undo:')[0]),
  },
  {
    fixture: 'migrations-dbmate',
    store: 'postgres',
    file: /^db\/migrations\/20260101000000_create_session_table\.sql$/,
    apply: async (dir, file, url) => {
      const text = read(dir, file);
      const up = text.split('-- migrate:up')[1].split('-- migrate:down')[0];
      const down = text.split('-- migrate:down')[1];
      await applySqlTwice(url, up);
      await applySqlTwice(url, down);
      await applySqlTwice(url, up);
    },
  },
  ...(['postgres', 'mysql'] as const).map(
    (store): Case => ({
      fixture: 'migrations-knex',
      store,
      file: /^db\/migrations\/20260101000000_create_sessions?_table\.js$/,
      apply: async (dir, file, url) => {
        const knex = knexFactory({ client: knexClient(store), connection: url });
        try {
          // The real tool, then down and up again through it, then up once more by hand: idempotent.
          await knex.migrate.latest({ directory: path.join(dir, 'db/migrations') });
          await knex.migrate.rollback({ directory: path.join(dir, 'db/migrations') }, true);
          await knex.migrate.latest({ directory: path.join(dir, 'db/migrations') });
          const migration = (await import(path.join(dir, file))) as { up: (k: typeof knex) => Promise<void> };
          await migration.up(knex);
        } finally {
          await knex.destroy();
        }
      },
    }),
  ),
  {
    fixture: 'migrations-knex-ts',
    store: 'postgres',
    file: /^migrations\/20260101000000_create_session_table\.ts$/,
    apply: async (dir, file, url) => {
      const knex = knexFactory({ client: 'pg', connection: url });
      try {
        const migration = (await import(path.join(dir, file))) as {
          up: (k: typeof knex) => Promise<void>;
          down: (k: typeof knex) => Promise<void>;
        };
        await migration.up(knex);
        await migration.down(knex);
        await migration.up(knex);
        await migration.up(knex);
      } finally {
        await knex.destroy();
      }
    },
  },
  {
    fixture: 'migrations-node-pg-migrate',
    store: 'postgres',
    file: /^db\/migrations\/1767225600000_create-session-table\.js$/,
    apply: async (dir, _file, url) => {
      const options = {
        databaseUrl: url,
        dir: path.join(dir, 'db/migrations'),
        migrationsTable: 'pgmigrations',
        log: () => {},
        checkOrder: true,
      };
      await runner({ ...options, direction: 'up' });
      await runner({ ...options, direction: 'down', count: 1 });
      await runner({ ...options, direction: 'up' });
    },
  },
  ...(['postgres', 'mysql'] as const).map(
    (store): Case => ({
      fixture: 'migrations-kysely',
      store,
      file: /^src\/db\/migrations\/002_create_sessions?_table\.ts$/,
      apply: async (dir, file, url) => {
        const dialect =
          store === 'postgres'
            ? new PostgresDialect({ pool: new pg.Pool({ connectionString: url }) })
            : new MysqlDialect({ pool: createCallbackPool(url) });
        const db = new Kysely<unknown>({ dialect });
        try {
          const migrations: Record<string, Migration> = {};
          for (const name of ['001_create_users.ts', path.basename(file)])
            migrations[name.replace(/\.ts$/, '')] = (await import(
              path.join(dir, 'src/db/migrations', name)
            )) as Migration;
          const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
          for (const step of [
            () => migrator.migrateToLatest(),
            () => migrator.migrateDown(),
            () => migrator.migrateToLatest(),
          ]) {
            const { error } = await step();
            expect(error).toBeUndefined();
          }
          await migrations[path.basename(file, '.ts')].up(db as Kysely<any>);
        } finally {
          await db.destroy();
        }
      },
    }),
  ),
  {
    fixture: 'migrations-drizzle',
    store: 'postgres',
    file: /^src\/db\/schema\.ts$/,
    // drizzle-kit makes the SQL from the schema file (one real install); a second generate finds nothing new.
    apply: async (dir, _file, url) => {
      const install = await execa('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund'], {
        cwd: dir,
        reject: false,
        all: true,
      });
      expect(install.exitCode, install.all).toBe(0);
      const generate = await execa('npx', ['drizzle-kit', 'generate'], { cwd: dir, reject: false, all: true });
      expect(generate.exitCode, generate.all).toBe(0);
      const sqlFile = readdirSync(path.join(dir, 'drizzle')).find((f) => f.endsWith('.sql')) as string;
      const sql = readFileSync(path.join(dir, 'drizzle', sqlFile), 'utf8');
      const db = await connectDatabase(process.cwd(), url, 'test');
      try {
        await db.apply(
          sql
            .split('--> statement-breakpoint')
            .map((s) => s.trim())
            .filter(Boolean),
        );
        expect(compareShape(await db.columns('session'), STORES.postgres.sql?.columns ?? [])).toEqual({
          kind: 'matches',
        });
        expect(await db.hasIndex('session', 'IDX_session_expire')).toBe(true);
      } finally {
        await db.close();
      }
      const again = await execa('npx', ['drizzle-kit', 'generate'], { cwd: dir, reject: false, all: true });
      expect(again.all).toContain('No schema changes');
    },
  },
  { fixture: 'migrations-prisma', store: 'postgres', file: /^prisma\/schema\.prisma$/ },
];

describe.each(CASES)('$fixture with the $store store', async ({ fixture, store, file, apply }) => {
  const skip = apply ? await serviceStatus(store) : null;
  let url = '';
  beforeAll(async () => {
    if (apply && !skip)
      url =
        store === 'postgres' ? await freshPostgres(`w_${fixture}_${store}`) : await freshMysql(`w_${fixture}_${store}`);
  });

  it('writes the migration in the tool format, matching the reviewed output; a second run changes nothing', async () => {
    const dir = copyFixture(fixture);
    const result = await addWithoutInstall(dir, { store });
    expectMatchesExpected(fixture, store, dir, result);
    expect(result.migrations.map((m) => m.path)).toEqual([expect.stringMatching(file)]);
    for (const f of result.files)
      if (f.after !== null && /\.[cm]?[jt]s$/.test(f.path)) await parseJs(read(dir, f.path), f.path);
    await expectAddProperties(dir, result, { store });
  });

  // prisma needs its engine binaries (downloaded at install): its model is checked as text.
  if (apply) {
    it.skipIf(skip)(
      'the migration applies to the real server with the project tool, idempotently, and the store works on the table',
      async () => {
        const dir = copyFixture(fixture);
        const result = await addWithoutInstall(dir, { store });
        await apply(dir, result.migrations[0].path, url);
        await runStore(store, url, `${fixture}-${store}`);
      },
      // The project's own migration tool runs as a child process: on two busy cores that takes more than the default 20 s.
      60_000,
    );
  }
});

describe('schema-only tools', () => {
  it('drizzle: the table joins the schema file found through drizzle.config, imports merged into the existing one', async () => {
    const dir = copyFixture('migrations-drizzle');
    const result = await addWithoutInstall(dir, { store: 'postgres' });
    const schema = read(dir, 'src/db/schema.ts');
    expect(schema.split('\n').slice(0, 2)).toEqual([
      "import { pgTable, serial, text } from 'drizzle-orm/pg-core'",
      "import { index, json, timestamp, varchar } from 'drizzle-orm/pg-core'",
    ]);
    expect(schema).toContain("export const sessionTable = pgTable('session', {");
    expect(schema).toContain("(table) => [index('IDX_session_expire').on(table.expire)])");
    expect(result.nextSteps.join('\n')).toContain('drizzle-kit generate');
  });

  it('prisma: the model maps to the store table and its index name; next steps say prisma migrate dev', async () => {
    const dir = copyFixture('migrations-prisma');
    const result = await addWithoutInstall(dir, { store: 'postgres' });
    const schema = read(dir, 'prisma/schema.prisma');
    expect(schema).toMatch(
      /model Session \{[\s\S]*@@index\(\[expire\], map: "IDX_session_expire"\)\n {2}@@map\("session"\)\n\}/,
    );
    expect(result.nextSteps.join('\n')).toContain('prisma migrate dev');
  });

  it('knex TS: typed up/down with the Knex type', () => {
    const text = readFileSync(path.join(copyFixture('migrations-knex-ts'), 'knexfile.ts'), 'utf8');
    expect(text).toContain("extension: 'ts'");
  });
});
