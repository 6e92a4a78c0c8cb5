/**
 * The generated store adapters (shared by Koa and Hono), run in-process against the
 * real servers: what they write is read back, expired sessions are never served and
 * are pruned, destroy removes the row or key, and concurrent sessions stay apart.
 */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionStoreModule } from '../../../src/frameworks/node/session-store.js';
import { STORES } from '../../../src/stores/registry.js';
import { connectTableSql, statements } from '../../../src/stores/sql.js';
import { STORE_IDS, type StoreId } from '../../../src/stores/types.js';
import { driverSandbox } from '../../helpers/driver-sandbox.js';
import { SERVICES, serviceStatus, type ServiceName } from '../../helpers/services.js';

interface StoredSession {
  data: Record<string, unknown>;
  expires: number;
}
interface SessionStore {
  ready: Promise<void>;
  get(id: string): Promise<StoredSession | null>;
  set(id: string, data: Record<string, unknown>, expires: number): Promise<void>;
  destroy(id: string): Promise<void>;
  prune(): Promise<number>;
  close(): Promise<void>;
}

/** A database of their own, so other suites' session tables never interfere. */
const DATABASE = 'session_kit_adapters';
const SERVICE_OF: Partial<Record<StoreId, ServiceName>> = { postgres: 'postgres', mysql: 'mysql', redis: 'redis' };

let sandbox = '';
const sandboxRequire = () => createRequire(path.join(sandbox, 'package.json'));
const id = () => randomBytes(12).toString('base64url');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Creates the database (and, as the migration session-kit writes does, the session table). */
async function prepareDatabase(store: StoreId, database = DATABASE, withTable = true): Promise<void> {
  if (store === 'postgres') {
    const pg = sandboxRequire()('pg');
    const admin = new pg.Client({ connectionString: SERVICES.postgres.url });
    await admin.connect();
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (exists.rowCount === 0) await admin.query(`CREATE DATABASE ${database}`).catch(() => undefined);
    await admin.end();
    process.env.DATABASE_URL = `postgres://postgres@127.0.0.1:5432/${database}`;
    if (!withTable) return;
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    for (const statement of statements(connectTableSql('postgres').up)) await client.query(statement);
    await client.end();
  } else if (store === 'mysql') {
    const mysql = sandboxRequire()('mysql2/promise');
    const admin = await mysql.createConnection(SERVICES.mysql.url);
    await admin.query(`CREATE DATABASE IF NOT EXISTS ${database}`);
    await admin.end();
    process.env.DATABASE_URL = `mysql://root@127.0.0.1:3306/${database}`;
    if (!withTable) return;
    const connection = await mysql.createConnection(process.env.DATABASE_URL);
    for (const statement of statements(connectTableSql('mysql').up)) await connection.query(statement);
    await connection.end();
  } else if (store === 'redis') {
    process.env.REDIS_URL = SERVICES.redis.url;
  } else if (store === 'sqlite') {
    process.env.SESSION_SQLITE_FILE = path.join(sandbox, `sessions-${id()}.sqlite`);
  }
}

/** Renders the adapter as the app would get it (ESM JavaScript) and imports a fresh copy. */
async function loadStore(store: StoreId): Promise<SessionStore> {
  const file = path.join(sandbox, `session-store-${store}-${id()}.js`);
  writeFileSync(
    file,
    sessionStoreModule(STORES[store], {
      path: 'session-store.js',
      importSource: './session-store.js',
      typescript: false,
      syntax: 'esm',
    }),
  );
  const module = (await import(file)) as { sessionStore: SessionStore };
  return module.sessionStore;
}

/** Counts the rows or keys an id has, straight from the server (not through the adapter). */
async function rawCount(store: StoreId, sid: string): Promise<number> {
  const require = sandboxRequire();
  if (store === 'postgres') {
    const pg = require('pg');
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    const result = await client.query('SELECT count(*)::int AS n FROM "session" WHERE sid = $1', [sid]);
    await client.end();
    return result.rows[0].n;
  }
  if (store === 'mysql') {
    const mysql = require('mysql2/promise');
    const connection = await mysql.createConnection(process.env.DATABASE_URL);
    const [rows] = await connection.query('SELECT count(*) AS n FROM `sessions` WHERE session_id = ?', [sid]);
    await connection.end();
    return Number(rows[0].n);
  }
  if (store === 'sqlite') {
    const Database = require('better-sqlite3');
    const db = new Database(process.env.SESSION_SQLITE_FILE, { readonly: true });
    const row = db.prepare('SELECT count(*) AS n FROM sessions WHERE sid = ?').get(sid) as { n: number };
    db.close();
    return row.n;
  }
  const { createClient } = require('redis');
  const client = createClient({ url: process.env.REDIS_URL });
  await client.connect();
  const n = await client.exists(`sess:${sid}`);
  await client.close();
  return n;
}

beforeAll(async () => {
  sandbox = await driverSandbox();
}, 600_000);

describe.each([...STORE_IDS])('%s session store adapter', (storeId) => {
  let store: SessionStore;
  let skip: string | null = null;

  beforeAll(async () => {
    const service = SERVICE_OF[storeId];
    skip = service ? await serviceStatus(service) : null;
    if (skip) return;
    await prepareDatabase(storeId);
    store = await loadStore(storeId);
    await store.ready;
  });
  afterAll(async () => {
    await store?.close();
  });

  it('reads back what it wrote, as a copy, and overwrites on the next write', async (ctx) => {
    if (skip) return ctx.skip(skip);
    const sid = id();
    const expires = Date.now() + 60_000;
    const data = { userId: 42, name: 'Zoë', nested: { roles: ['admin'] } };
    await store.set(sid, data, expires);
    const read = await store.get(sid);
    expect(read?.data).toEqual(data);
    expect(Math.abs((read?.expires ?? 0) - expires)).toBeLessThan(1000);
    (read?.data as { userId: number }).userId = 7;
    expect((await store.get(sid))?.data).toEqual(data);
    await store.set(sid, { userId: 43 }, expires);
    expect((await store.get(sid))?.data).toEqual({ userId: 43 });
    expect(await store.get(id())).toBeNull();
  });

  it('destroy removes the row or key', async (ctx) => {
    if (skip) return ctx.skip(skip);
    const sid = id();
    await store.set(sid, { a: 1 }, Date.now() + 60_000);
    if (storeId !== 'memory') expect(await rawCount(storeId, sid)).toBe(1);
    await store.destroy(sid);
    expect(await store.get(sid)).toBeNull();
    if (storeId !== 'memory') expect(await rawCount(storeId, sid)).toBe(0);
  });

  it('never serves an expired session, and prunes it', async (ctx) => {
    if (skip) return ctx.skip(skip);
    const sid = id();
    const keep = id();
    await store.set(sid, { a: 1 }, Date.now() + 1200);
    await store.set(keep, { b: 2 }, Date.now() + 60_000);
    expect((await store.get(sid))?.data).toEqual({ a: 1 });
    await sleep(2100);
    expect(await store.get(sid)).toBeNull();
    await store.prune();
    if (storeId !== 'memory') expect(await rawCount(storeId, sid)).toBe(0);
    expect((await store.get(keep))?.data).toEqual({ b: 2 });
  });

  it('treats a session expiring this very second as expired, for reads and pruning alike', async (ctx) => {
    if (skip) return ctx.skip(skip);
    // Early in a second, so the test runs within it: MySQL keeps whole seconds, and a row at the
    // boundary second must be both unreadable and pruned.
    while (Date.now() % 1000 > 300) await sleep(20);
    const sid = id();
    await store.set(sid, { a: 1 }, Math.floor(Date.now() / 1000) * 1000);
    expect(await store.get(sid)).toBeNull();
    await store.prune();
    if (storeId !== 'memory') expect(await rawCount(storeId, sid)).toBe(0);
  });

  it('keeps 200 concurrent sessions apart', async (ctx) => {
    if (skip) return ctx.skip(skip);
    const ids = Array.from({ length: 200 }, () => id());
    await Promise.all(ids.map((sid, i) => store.set(sid, { value: i }, Date.now() + 60_000)));
    const read = await Promise.all(ids.map((sid) => store.get(sid)));
    expect(read.map((r) => r?.data.value)).toEqual(ids.map((_, i) => i));
  });
});

describe('memory session store bounds', () => {
  it('drops the least recently used session when full', async () => {
    const store = await loadStore('memory');
    const first = id();
    const touched = id();
    await store.set(first, { n: 0 }, Date.now() + 60_000);
    await store.set(touched, { n: 1 }, Date.now() + 60_000);
    for (let i = 2; i < 10_000; i++) await store.set(`filler-${i}`, { n: i }, Date.now() + 60_000);
    expect(await store.get(touched)).not.toBeNull();
    await store.set(id(), { n: 'new' }, Date.now() + 60_000);
    expect(await store.get(first)).toBeNull();
    expect(await store.get(touched)).not.toBeNull();
    await store.close();
  });
});

describe.each(['postgres', 'mysql'] as StoreId[])('%s adapter without its table', (storeId) => {
  it('rejects `ready` naming the missing table and how to create it', async (ctx) => {
    const skip = await serviceStatus(SERVICE_OF[storeId] as ServiceName);
    if (skip) return ctx.skip(skip);
    await prepareDatabase(storeId, `${DATABASE}_empty`, false);
    const store = await loadStore(storeId);
    await expect(store.ready).rejects.toThrow(/session table is missing: .*session-kit migrate/);
    await store.close();
  });
});

describe('store that cannot reach its server', () => {
  it('rejects `ready` instead of failing on the first request', async (ctx) => {
    const skip = await serviceStatus('postgres');
    if (skip) return ctx.skip(skip);
    const previous = process.env.DATABASE_URL;
    process.env.DATABASE_URL = 'postgres://postgres@127.0.0.1:1/none';
    const store = await loadStore('postgres');
    process.env.DATABASE_URL = previous;
    await expect(store.ready).rejects.toThrow(/ECONNREFUSED/);
    await store.close();
  });
});

describe('redis store that cannot reach its server', () => {
  it('rejects `ready` on the first connection error instead of retrying silently', async () => {
    const previous = process.env.REDIS_URL;
    process.env.REDIS_URL = 'redis://127.0.0.1:1';
    const store = await loadStore('redis');
    process.env.REDIS_URL = previous;
    await expect(store.ready).rejects.toThrow(/ECONNREFUSED/);
    await store.close().catch(() => undefined);
  });
});

describe.each([
  [
    'postgres',
    "import pg from 'pg';\nexport const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });\n",
    'pool',
    false,
  ],
  [
    'mysql',
    "import mysql from 'mysql2';\nexport const db = mysql.createPool(process.env.DATABASE_URL);\n",
    'db',
    false,
  ],
  [
    'mysql',
    "import mysql from 'mysql2/promise';\nexport default mysql.createPool(process.env.DATABASE_URL);\n",
    'default',
    true,
  ],
  [
    'redis',
    "import { createClient } from 'redis';\nexport const redis = createClient({ url: process.env.REDIS_URL });\nawait redis.connect();\n",
    'redis',
    false,
  ],
] as const)('%s adapter sharing the app’s client (%#)', (storeId, clientModule, exportName, promiseApi) => {
  it('reads back what it wrote through the app’s own client', async (ctx) => {
    const skip = await serviceStatus(SERVICE_OF[storeId] as ServiceName);
    if (skip) return ctx.skip(skip);
    await prepareDatabase(storeId);
    const name = `db-${id()}.js`;
    writeFileSync(path.join(sandbox, name), clientModule);
    const file = path.join(sandbox, `session-store-shared-${storeId}-${id()}.js`);
    const context = {
      schema: null,
      client: { file: name, exportName, ...(storeId === 'mysql' ? { promiseApi } : {}) },
      sql: null,
      migration: null,
      migrateHint: '',
    };
    const code = sessionStoreModule(
      STORES[storeId],
      { path: path.basename(file), importSource: '', typescript: false, syntax: 'esm' },
      context,
    );
    expect(code).not.toMatch(/requireEnv\(/);
    writeFileSync(file, code);
    const store = ((await import(file)) as { sessionStore: SessionStore }).sessionStore;
    await store.ready;
    const sid = id();
    await store.set(sid, { shared: true }, Date.now() + 60_000);
    expect((await store.get(sid))?.data).toEqual({ shared: true });
    await store.destroy(sid);
    expect(await rawCount(storeId, sid)).toBe(0);
    await store.close();
  });
});
