/**
 * An app that exports a knex instance: the SQLite connect store takes it whole (no
 * second knex, no SESSION_SQLITE_FILE); stores that need a driver pool keep their own
 * and say so. Detection reads the instance's `client` statically, from a knexfile too.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseJs } from '../../src/edit/js/parse.js';
import { findExistingKnex, knexDialect } from '../../src/stores/existing-knex.js';
import { loadProject } from '../../src/detect/index.js';
import { driverSandbox } from '../helpers/driver-sandbox.js';
import {
  addWithoutInstall,
  copyFixture,
  expectAddProperties,
  expectMatchesExpected,
  read,
} from '../helpers/fixtures.js';

const FIXTURE = 'express-knex-sqlite';

async function detect(files: Record<string, string>) {
  const dir = copyFixture('express-app-split');
  for (const [rel, text] of Object.entries(files)) writeFileSync(path.join(dir, rel), text);
  return findExistingKnex(await loadProject(dir, dir, null, undefined, true));
}

describe('finding the app’s knex instance', () => {
  it('reads a literal client of a named ESM export', async () => {
    const knex = await detect({
      'src/db.js':
        "import knex from 'knex'\nexport const db = knex({ client: 'better-sqlite3', connection: { filename: './app.sqlite' } })\n",
    });
    expect(knex).toEqual({ file: 'src/db.js', exportName: 'db', driver: 'better-sqlite3', configFile: null });
    expect(knexDialect(knex!)).toBe('sqlite');
  });

  it('reads `export default knex(config)` with the options in a local constant', async () => {
    const knex = await detect({
      'src/db.js':
        "import { knex as createKnex } from 'knex'\nconst config = { client: 'postgresql', connection: process.env.DATABASE_URL }\nexport default createKnex(config)\n",
    });
    expect(knex).toMatchObject({ exportName: 'default', driver: 'postgresql' });
    expect(knexDialect(knex!)).toBe('postgres');
  });

  it('reads `module.exports = require("knex")(...)` and an environment picked by name from a knexfile', async () => {
    const knex = await detect({
      'knexfile.js':
        "module.exports = {\n  development: { client: 'sqlite3', connection: { filename: './dev.sqlite3' } },\n  production: { client: 'pg', connection: process.env.DATABASE_URL },\n}\n",
      'src/db.js': "const config = require('../knexfile')\nmodule.exports = require('knex')(config.development)\n",
    });
    expect(knex).toEqual({ file: 'src/db.js', exportName: 'default', driver: 'sqlite3', configFile: 'knexfile.js' });
  });

  it('reads a CommonJS `const db = require("knex")({...})` exported in module.exports = { db }', async () => {
    const knex = await detect({
      'src/db.js':
        "const db = require('knex')({ client: 'mysql', connection: process.env.DATABASE_URL })\nmodule.exports = { db }\n",
    });
    expect(knex).toEqual({ file: 'src/db.js', exportName: 'db', driver: 'mysql', configFile: null });
    expect(knexDialect(knex!)).toBe('mysql');
  });

  it('reads a TypeScript knexfile whose environments share one client, whatever NODE_ENV selects', async () => {
    const knex = await detect({
      'knexfile.ts':
        "import type { Knex } from 'knex'\nconst config: Record<string, Knex.Config> = {\n  development: { client: 'mysql2', connection: 'mysql://localhost/dev' },\n  production: { client: 'mysql2', connection: process.env.DATABASE_URL },\n}\nexport default config\n",
      'src/db.ts':
        "import createKnex from 'knex'\nimport config from '../knexfile.js'\nconst db = createKnex(config[process.env.NODE_ENV ?? 'development'])\nexport { db }\n",
    });
    expect(knex).toMatchObject({ file: 'src/db.ts', exportName: 'db', driver: 'mysql2', configFile: 'knexfile.ts' });
  });

  it('reports the client as unknown when the environment is chosen at run time among different clients', async () => {
    const knex = await detect({
      'knexfile.js':
        "export default {\n  development: { client: 'better-sqlite3', connection: { filename: './dev.sqlite' } },\n  production: { client: 'pg', connection: process.env.DATABASE_URL },\n}\n",
      'src/db.js':
        "import knex from 'knex'\nimport config from '../knexfile.js'\nexport const db = knex(config[process.env.NODE_ENV || 'development'])\n",
    });
    expect(knex).toEqual({ file: 'src/db.js', exportName: 'db', driver: null, configFile: 'knexfile.js' });
  });

  it('reports the client as unknown when it comes from an environment variable', async () => {
    const knex = await detect({
      'src/db.js':
        "import knex from 'knex'\nexport const db = knex({ client: process.env.DB_CLIENT, connection: process.env.DATABASE_URL })\n",
    });
    expect(knex).toMatchObject({ exportName: 'db', driver: null, configFile: null });
  });

  it('ignores an instance that is not exported, and a knex call inside a function', async () => {
    expect(
      await detect({
        'src/db.js':
          "import knex from 'knex'\nconst db = knex({ client: 'pg' })\nexport const notes = () => db('notes')\n",
      }),
    ).toBeNull();
    expect(
      await detect({
        'src/db.js': "import knex from 'knex'\nexport function connect() {\n  return knex({ client: 'pg' })\n}\n",
      }),
    ).toBeNull();
  });
});

describe('the SQLite connect store on the app’s knex instance', () => {
  it('express: matches the expected output and keeps every property', async () => {
    const dir = copyFixture(FIXTURE);
    const result = await addWithoutInstall(dir, { store: 'sqlite' });
    expectMatchesExpected(FIXTURE, 'sqlite', dir, result);
    await parseJs(read(dir, 'src/session.js'), 'src/session.js');
    await expectAddProperties(dir, result, { store: 'sqlite' });
  });

  it('plans no second knex, no SQLite file variable and no second driver', async () => {
    const dir = copyFixture(FIXTURE);
    const result = await addWithoutInstall(dir, { store: 'sqlite' });
    const code = read(dir, 'src/session.js');
    expect(code).toContain("import { db as sessionKnex } from './db.js'\n");
    expect(code).toContain('new ConnectSessionKnexStore({ knex: sessionKnex');
    expect(code).not.toMatch(/from 'knex'|knex\(\{|SESSION_SQLITE_FILE/);
    expect(result.env.map((e) => e.key)).toEqual(['SESSION_SECRET']);
    expect(read(dir, '.env')).not.toContain('SESSION_SQLITE_FILE');
    expect(result.dependencies.map((d) => d.name)).toEqual(['express-session', 'connect-session-knex']);
    expect(result.nextSteps).toContain(
      "Sessions share the app's knex instance from src/db.js (export db): connect-session-knex creates the `sessions` table in that database at the first start.",
    );
    expect(result.warnings).toEqual([]);
  });

  it('an app knex on the sqlite3 driver is shared too, without adding better-sqlite3', async () => {
    const dir = copyFixture(FIXTURE);
    writeFileSync(
      path.join(dir, 'src/db.js'),
      "import knex from 'knex'\n\nexport default knex({ client: 'sqlite3', connection: { filename: './app.sqlite' }, useNullAsDefault: true })\n",
    );
    const result = await addWithoutInstall(dir, { store: 'sqlite' });
    expect(read(dir, 'src/session.js')).toContain("import sessionKnex from './db.js'\n");
    expect(result.dependencies.map((d) => d.name)).not.toContain('better-sqlite3');
  });

  it.each([
    ['fastify-esm-ts', 'src/db.ts'],
    ['nest-express', 'src/db.ts'],
  ])('%s: the connect-store session module takes the app’s knex too', async (fixture, dbFile) => {
    const dir = copyFixture(fixture);
    writeFileSync(
      path.join(dir, dbFile),
      "import knex from 'knex';\n\nexport const db = knex({ client: 'better-sqlite3', connection: { filename: './app.sqlite' }, useNullAsDefault: true });\n",
    );
    const result = await addWithoutInstall(dir, { store: 'sqlite' });
    const module = result.files.find((f) => f.before === null && f.after?.includes('ConnectSessionKnexStore'));
    expect(module?.after).toMatch(/import \{ db as sessionKnex \} from '\.\/db\.js'/);
    expect(module?.after).not.toContain('SESSION_SQLITE_FILE');
    await parseJs(module!.after!, module!.path);
    expect(result.env.map((e) => e.key)).toEqual(['SESSION_SECRET']);
  });

  it('an unreadable client keeps the store’s own knex and says how to share by hand', async () => {
    const dir = copyFixture(FIXTURE);
    writeFileSync(
      path.join(dir, 'src/db.js'),
      "import knex from 'knex'\n\nexport const db = knex({ client: process.env.DB_CLIENT, connection: process.env.DATABASE_URL })\n",
    );
    const result = await addWithoutInstall(dir, { store: 'sqlite' });
    expect(read(dir, 'src/session.js')).toContain(
      "knex({ client: 'better-sqlite3', connection: { filename: sqliteFile }",
    );
    expect(result.nextSteps).toContain(
      'src/db.js (export db) exports a knex instance whose client session-kit could not read: the session store keeps its own SQLite connection. If that instance is on SQLite, pass it as `knex` to ConnectSessionKnexStore in the session module to share it.',
    );
  });

  it('koa: the generated adapter keeps its own better-sqlite3 connection and warns why', async () => {
    const dir = copyFixture('koa-cjs');
    writeFileSync(
      path.join(dir, 'db.js'),
      "const knex = require('knex');\n\nmodule.exports = knex({ client: 'better-sqlite3', connection: { filename: './app.sqlite' }, useNullAsDefault: true });\n",
    );
    const result = await addWithoutInstall(dir, { store: 'sqlite' });
    expect(result.env.map((e) => e.key)).toContain('SESSION_SQLITE_FILE');
    expect(result.warnings).toContain(
      "db.js exports a knex instance on SQLite (better-sqlite3), but the session store cannot use it: the generated session adapter talks to better-sqlite3 directly and knex has no public way to hand over its connection. The session store opens its own connection to SESSION_SQLITE_FILE next to the app's knex connection.",
    );
  });
});

describe('PostgreSQL and MySQL stores next to the app’s knex', () => {
  it.each([
    ['postgres', 'pg', 'connect-pg-simple and the generated adapters query through a pg Pool', 'DATABASE_URL'],
    ['mysql', 'mysql2', 'express-mysql-session and the generated adapters query through a mysql2 pool', 'DATABASE_URL'],
  ])('%s: keeps its own pool and warns that it opens a second one', async (store, driver, why) => {
    const dir = copyFixture('express-app-split');
    writeFileSync(
      path.join(dir, 'src/db.js'),
      `import knex from 'knex'\n\nexport const db = knex({ client: '${driver}', connection: process.env.DATABASE_URL })\n`,
    );
    const result = await addWithoutInstall(dir, { store });
    expect(read(dir, 'src/session.js')).toMatch(store === 'postgres' ? /new pg\.Pool\(/ : /mysql\.createPool\(/);
    expect(result.warnings).toContain(
      `src/db.js (export db) exports a knex instance on ${store === 'postgres' ? 'PostgreSQL' : 'MySQL / MariaDB'} (${driver}), but the session store cannot use it: ${why}, which knex does not expose. The session store opens its own pool (DATABASE_URL) next to the app's knex pool; count both against the server's connection limit.`,
    );
  });

  it('a knex on another dialect, or a pg Pool the store shares, brings no warning', async () => {
    const dir = copyFixture(FIXTURE);
    expect((await addWithoutInstall(dir, { store: 'postgres' })).warnings).toEqual([]);
    const shared = copyFixture('express-app-split');
    writeFileSync(
      path.join(shared, 'src/db.js'),
      "import pg from 'pg'\nimport knex from 'knex'\n\nexport const pool = new pg.Pool()\nexport const db = knex({ client: 'pg', connection: process.env.DATABASE_URL })\n",
    );
    const result = await addWithoutInstall(shared, { store: 'postgres' });
    expect(read(shared, 'src/session.js')).toContain("import { pool as sessionPool } from './db.js'");
    expect(result.warnings).toEqual([]);
  });
});

describe('sessions persisted through the app’s own knex instance (real better-sqlite3)', () => {
  let work = '';

  beforeAll(async () => {
    // The generated files run from a folder inside the driver sandbox, which resolves its packages.
    work = mkdtempSync(path.join(await driverSandbox(), 'knex-app-'));
  }, 600_000);

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('stores, reads back and destroys a session in the app’s database file, and opens no other', async () => {
    const app = copyFixture(FIXTURE);
    await addWithoutInstall(app, { store: 'sqlite' });
    cpSync(path.join(app, 'src'), work, { recursive: true });
    process.env.APP_DB_FILE = path.join(work, 'app.sqlite');
    process.env.SESSION_SECRET = 'test-secret';
    delete process.env.SESSION_SQLITE_FILE;
    const { db } = (await import(path.join(work, 'db.js'))) as {
      db: ((table: string) => { select(...c: string[]): Promise<{ sid: string; sess: string }[]> }) & {
        destroy(): Promise<void>;
      };
    };
    const { sessionMiddleware } = (await import(path.join(work, 'session.js'))) as {
      sessionMiddleware: (req: unknown, res: unknown, next: () => void) => void;
    };
    const server = http.createServer((req, res) => {
      sessionMiddleware(req, res, () => {
        const session = (req as unknown as { session: Record<string, unknown> & { destroy(cb: () => void): void } })
          .session;
        const url = new URL(req.url ?? '/', 'http://local');
        if (url.pathname === '/set') session.value = url.searchParams.get('value');
        if (url.pathname === '/logout') return session.destroy(() => res.end('{}'));
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ value: session.value ?? null }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    try {
      const set = await fetch(`${base}/set?value=through-knex`);
      const cookie = set.headers.get('set-cookie')?.split(';')[0];
      expect(cookie).toMatch(/^connect\.sid=/);
      const rows = await db('sessions').select('sid', 'sess');
      expect(rows.filter((r) => r.sess.includes('through-knex'))).toHaveLength(1);
      expect(await (await fetch(`${base}/get`, { headers: { cookie: cookie! } })).json()).toEqual({
        value: 'through-knex',
      });
      await fetch(`${base}/logout`, { headers: { cookie: cookie! } });
      expect(await db('sessions').select('sid', 'sess')).toEqual([]);
      // One database file: the app's; the session store opened none of its own.
      expect(readdirSync(work).filter((f) => /\.sqlite$/.test(f))).toEqual(['app.sqlite']);
      expect(existsSync(path.join(work, 'sessions.sqlite'))).toBe(false);
    } finally {
      server.close();
      await db.destroy();
    }
  });
});
