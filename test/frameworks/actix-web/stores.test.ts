/**
 * The generated actix-session stores (templates/actix-web/stores/) on the real servers.
 * One scratch crate outside the repo holds every template as a module behind a cargo
 * feature of its name, with the Cargo dependencies that store-crates.ts gives each store
 * (optional, enabled by that feature only), so each store is built with exactly its own
 * crates and nothing another store brings. The harness (store-harness.rs) calls
 * `SessionStore` directly and through `SessionMiddleware`, reads the table with a pool
 * of its own, and prints what it saw; the test asserts that and then reads the database
 * itself. Outside CI a missing cargo, crates.io or server skips the store with the
 * reason; with CI=true it fails.
 */
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import {
  actixSessionCrate,
  actixStoreCrates,
  actixStoreTemplate,
  GENERATED_STORES,
  SQLX_LINES,
  SQLX_VERSION,
  type CrateSpec,
} from '../../../src/frameworks/actix-web/store-crates.js';
import type { StoreId } from '../../../src/stores/types.js';
import { freshMysql, freshPostgres, mysqlQuery, pgQuery } from '../../helpers/databases.js';
import { serviceStatus, type ServiceName } from '../../helpers/services.js';
import { CARGO_TARGET_DIR, cargoStatus } from '../pavex/cargo.js';
import { cargoAsync } from '../axum/cargo-async.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const templates = path.resolve(here, '../../../templates');
const HARNESS = 'actix-stores-harness';

function dependency(spec: CrateSpec, optional: boolean): string {
  const parts = [`version = "${spec.version}"`];
  if (spec.noDefaultFeatures) parts.push('default-features = false');
  if (optional) parts.push('optional = true');
  return `${spec.name} = { ${parts.join(', ')} }`;
}

/** Cargo.toml of the scratch crate: each store's crates optional, behind its feature. */
function manifest(): string {
  const crates = new Map<string, CrateSpec>();
  const features: string[] = [];
  for (const store of GENERATED_STORES) {
    const own = actixStoreCrates(store);
    for (const spec of own) {
      const seen = crates.get(spec.name);
      if (seen) expect(seen.version, `${spec.name} at one version for every store`).toBe(spec.version);
      else crates.set(spec.name, spec);
    }
    const enables = own.flatMap((spec) => [`"dep:${spec.name}"`, ...spec.features.map((f) => `"${spec.name}/${f}"`)]);
    features.push(`${store} = [${enables.join(', ')}]`);
  }
  const session = actixSessionCrate('memory');
  for (const store of GENERATED_STORES) expect(actixSessionCrate(store)).toEqual(session);
  return [
    '[package]',
    `name = "${HARNESS}"`,
    'version = "0.0.0"',
    'edition = "2021"',
    'publish = false',
    '',
    '[dependencies]',
    'actix-web = "4"',
    dependency(session, false),
    ...[...crates.values()].map((spec) => dependency(spec, true)),
    '',
    '[features]',
    ...features,
    '',
  ].join('\n');
}

type Report = Record<string, unknown>;

/** Builds the harness with only `store`'s feature (and so only its crates). */
async function build(dir: string, store: StoreId): Promise<void> {
  const built = await cargoAsync(['build', '--quiet', '--no-default-features', '--features', store], dir);
  expect(built.status, built.stderr).toBe(0);
}

/** Runs the harness last built, with `env` only; its report, parsed. */
async function run(store: StoreId, env: Record<string, string>, args: string[] = []): Promise<Report> {
  const result = await execa(path.join(CARGO_TARGET_DIR, 'debug', HARNESS), [store, ...args], {
    env: { PATH: process.env.PATH ?? '', ...env },
    extendEnv: false,
    reject: false,
    timeout: 120_000,
  });
  expect(result.exitCode, `${result.stdout}\n${result.stderr}`).toBe(0);
  return JSON.parse(result.stdout.trim().split('\n').pop() ?? '') as Report;
}

/** What every store must report: the SessionStore contract and the middleware flow. */
function assertContract(report: Report, persistent: boolean): void {
  expect(report.key).toMatch(/^[A-Za-z0-9]{64}$/);
  expect(report.loaded).toEqual({ user: '"alice"' });
  expect(report.updateKeepsKey).toBe(true);
  expect(report.loadedAfterUpdate).toEqual({ user: '"bob"', n: '1' });
  expect(report.sameUpdateKeepsKey).toBe(true);
  // update of a key the store does not hold saves anew, as actix-session's Redis store does.
  expect(report.updateMissingNewKey).toBe(true);
  expect(report.loadedUpdateMissing).toEqual({ user: '"nobody"' });
  expect(report.missingRowWritten).toBe(false);
  // Expired sessions load as absent; update_ttl and update extend a live one.
  expect(report.expiredLoaded).toBeNull();
  expect(report.ttlExtendedLoaded).toEqual({ user: '"short"' });
  expect(report.updateExtendedLoaded).toEqual({ user: '"longer"' });
  expect(report.expiredAfterUpdateTtl).toBeNull();
  expect(report.updateExpiredNewKey).toBe(true);
  expect(report.liveLoadedAfterCleanup).toEqual({ user: '"bob"', n: '1' });
  expect(report.deletedLoaded).toBeNull();
  // Through SessionMiddleware: set, read with the cookie, log out, read again.
  expect(report.httpRead).toBe('carol-1');
  expect(report.httpLogoutOk).toBe(true);
  expect(report.httpReadAfterLogout).toBe('');
  expect(report.httpKeptOk).toBe(true);
  if (persistent) {
    // The table itself: state as JSON text, the expired row kept until the cleanup task deletes it.
    expect(JSON.parse(String(report.row))).toEqual({ user: '"alice"' });
    expect(report.expiredRowBeforeCleanup).toBe(true);
    expect(report.expiredRowAfterCleanup).toBe(false);
    expect(report.liveRowAfterCleanup).toBe(true);
    expect(report.rowBeforeDelete).toBe(true);
    expect(report.deletedRow).toBe(false);
    expect(report.httpRowsAfterSet).toBe(1);
    expect(report.httpRowsAfterLogout).toBe(0);
  } else {
    // Memory: the cleanup task dropped exactly the expired session.
    expect(report.heldBeforeCleanup).toBe(6);
    expect(report.heldAfterCleanup).toBe(5);
  }
}

interface Rows {
  /** State text of a key, or null when no row holds it. */
  state(key: string): Promise<string | null>;
  /** Seconds until a key's row expires. */
  secondsLeft(key: string): Promise<number>;
  containing(needle: string): Promise<number>;
}

function sqlite(file: string, sql: string): Promise<string> {
  return execa('sqlite3', [file, sql]).then((r) => r.stdout.trim());
}

const CASES: {
  store: StoreId;
  service: ServiceName | null;
  env: (dir: string) => Promise<Record<string, string>>;
  rows: (env: Record<string, string>) => Rows | null;
}[] = [
  { store: 'memory', service: null, env: async () => ({}), rows: () => null },
  {
    store: 'postgres',
    service: 'postgres',
    env: async () => ({ DATABASE_URL: await freshPostgres('actix_stores') }),
    rows: ({ DATABASE_URL: url }) => ({
      state: async (key) =>
        (await pgQuery<{ s: string }>(url, 'SELECT sess::text AS s FROM "session" WHERE sid = $1', [key]))[0]?.s ??
        null,
      secondsLeft: async (key) =>
        (
          await pgQuery<{ n: number }>(
            url,
            'SELECT extract(epoch FROM expire - now()::timestamp)::int AS n FROM "session" WHERE sid = $1',
            [key],
          )
        )[0].n,
      containing: async (needle) =>
        (
          await pgQuery<{ n: number }>(url, 'SELECT count(*)::int AS n FROM "session" WHERE sess::text LIKE $1', [
            `%${needle}%`,
          ])
        )[0].n,
    }),
  },
  {
    store: 'mysql',
    service: 'mysql',
    env: async () => ({ DATABASE_URL: await freshMysql('actix_stores') }),
    rows: ({ DATABASE_URL: url }) => ({
      state: async (key) =>
        (await mysqlQuery<{ data: string }>(url, 'SELECT data FROM sessions WHERE session_id = ?', [key]))[0]?.data ??
        null,
      secondsLeft: async (key) =>
        Number(
          (
            await mysqlQuery<{ n: number }>(
              url,
              'SELECT CAST(expires AS SIGNED) - UNIX_TIMESTAMP() AS n FROM sessions WHERE session_id = ?',
              [key],
            )
          )[0].n,
        ),
      containing: async (needle) =>
        Number(
          (
            await mysqlQuery<{ n: number }>(url, 'SELECT count(*) AS n FROM sessions WHERE data LIKE ?', [
              `%${needle}%`,
            ])
          )[0].n,
        ),
    }),
  },
  {
    store: 'sqlite',
    service: null,
    env: async (dir) => ({ SESSION_SQLITE_FILE: path.join(dir, 'sessions.sqlite') }),
    rows: ({ SESSION_SQLITE_FILE: file }) => ({
      state: async (key) => (await sqlite(file, `SELECT sess FROM sessions WHERE sid = '${key}'`)) || null,
      secondsLeft: async (key) =>
        Number(
          await sqlite(
            file,
            `SELECT CAST((julianday(expired) - julianday('now')) * 86400 AS INTEGER) FROM sessions WHERE sid = '${key}'`,
          ),
        ),
      containing: async (needle) =>
        Number(await sqlite(file, `SELECT count(*) FROM sessions WHERE sess LIKE '%${needle}%'`)),
    }),
  },
];

const cargoSkip = await cargoStatus();
const dir = mkdtempSync(path.join(os.tmpdir(), 'sk-actix-stores-'));
mkdirSync(path.join(dir, 'src'));
writeFileSync(path.join(dir, 'Cargo.toml'), manifest());
copyFileSync(path.join(here, 'store-harness.rs'), path.join(dir, 'src/main.rs'));
for (const store of GENERATED_STORES) {
  const template = actixStoreTemplate(store);
  if (!template) throw new Error(`no template for ${store}`);
  copyFileSync(path.join(templates, template), path.join(dir, 'src', `${store}.rs`));
}
const dirs = [dir];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('generated actix-session stores (cargo build, real servers)', () => {
  it('every generated store has its template and an actix-session without store feature', () => {
    for (const store of GENERATED_STORES) {
      expect(readFileSync(path.join(templates, actixStoreTemplate(store) ?? ''), 'utf8')).toContain(
        'pub type AppSessionStore =',
      );
      expect(actixSessionCrate(store).features).toEqual([]);
    }
    expect(actixSessionCrate('redis').features).toEqual(['redis-session']);
    expect(actixStoreCrates('redis')).toEqual([]);
    expect(actixStoreTemplate('redis')).toBeNull();
  });

  it(
    'the SQL templates and the harness compile with every sqlx line an app may keep (cargo check)',
    async (ctx) => {
      if (cargoSkip) return ctx.skip(cargoSkip);
      const others = SQLX_LINES.filter((line) => line !== SQLX_VERSION);
      expect(others.length).toBeGreaterThan(0);
      for (const line of others) {
        const copy = mkdtempSync(path.join(os.tmpdir(), 'sk-actix-stores-sqlx-'));
        dirs.push(copy);
        cpSync(path.join(dir, 'src'), path.join(copy, 'src'), { recursive: true });
        const text = manifest().replace(/^sqlx = \{ version = "[^"]+"/m, `sqlx = { version = "${line}"`);
        expect(text).toContain(`sqlx = { version = "${line}"`);
        writeFileSync(path.join(copy, 'Cargo.toml'), text);
        const checked = await cargoAsync(['check', '--quiet', '--features', GENERATED_STORES.join(',')], copy);
        expect(checked.status, checked.stderr).toBe(0);
        expect(checked.stderr, `no warnings with sqlx ${line}`).not.toMatch(/^warning/m);
      }
    },
    30 * 60_000,
  );

  for (const { store, service, env, rows } of CASES) {
    it(
      `${store}: save, load, update, update_ttl, expiry, cleanup task, delete, and the middleware flow`,
      async (ctx) => {
        const skip = cargoSkip ?? (service ? await serviceStatus(service) : null);
        if (skip) return ctx.skip(skip);
        await build(dir, store);
        const vars = await env(dir);
        const report = await run(store, vars);
        assertContract(report, rows(vars) !== null);
        const db = rows(vars);
        if (!db) return;
        // Read by the test itself after the harness exited: what stays in the table.
        expect(JSON.parse((await db.state(String(report.key))) ?? 'null')).toEqual({ user: '"bob"', n: '1' });
        const left = await db.secondsLeft(String(report.key));
        expect(left).toBeGreaterThan(3500);
        expect(left).toBeLessThanOrEqual(3600);
        expect(await db.state(String(report.expiredKey))).toBeNull();
        expect(await db.state(String(report.deletedKey))).toBeNull();
        expect(await db.containing('dave-2')).toBe(1);
        expect(await db.containing('carol-1')).toBe(0);

        // Without its variable, connect() fails naming it.
        const name = Object.keys(vars)[0];
        const missing = await run(store, {}, ['connect']);
        expect(String(missing.connectError)).toContain(`${name} is not set`);
      },
      30 * 60_000,
    );
  }
});
