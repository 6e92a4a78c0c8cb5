/**
 * actix-web end to end on the real servers: the built CLI adds sessions to a copy of
 * actix-web-main, a few test routes that use the `Session` extractor are configured on
 * its App, the app is built with cargo and run; a value is set over HTTP, read back with
 * the cookie, read again after a restart, and the row or key is asserted in the store's
 * own backend; logging out (`Session::purge`) deletes it there. Before add, the copy
 * declares actix-session with its Redis feature and sqlx with every backend (add then
 * adds only what is missing), so the four stores share one dependency build in the
 * shared target dir; that add writes each store's crates correctly, and that they
 * compile, is test/frameworks/actix-web/cargo-check.test.ts. Outside CI a missing
 * cargo, crates.io or server skips the store with the reason; with CI=true it fails.
 */
import { copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { createClient } from 'redis';
import { afterAll, describe, expect, it } from 'vitest';
import { assertBuilt, HttpClient, runCli, startApp, type RunningApp } from '../helpers/app-runner.js';
import { freshMysql, freshPostgres, freshRedis, mysqlQuery, pgQuery } from '../helpers/databases.js';
import { copyFixture } from '../helpers/fixtures.js';
import { serviceStatus, type ServiceName } from '../helpers/services.js';
import { CARGO_TARGET_DIR, cargoStatus } from '../frameworks/pavex/cargo.js';
import { cargoAsync } from '../frameworks/axum/cargo-async.js';

type Store = 'postgres' | 'mysql' | 'redis' | 'sqlite';

const DEMO = `use std::collections::HashMap;

use actix_session::Session;
use actix_web::web;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/set", web::post().to(set))
        .route("/get", web::get().to(read))
        .route("/logout", web::post().to(logout));
}

async fn set(session: Session, q: web::Query<HashMap<String, String>>) -> actix_web::Result<&'static str> {
    session.insert("value", q.get("value").cloned().unwrap_or_default())?;
    Ok("ok")
}

async fn read(session: Session) -> actix_web::Result<String> {
    Ok(session.get::<String>("value")?.unwrap_or_default())
}

async fn logout(session: Session) -> &'static str {
    session.purge();
    "bye"
}
`;

/** Every store's crates with every backend, declared up front so that every store builds the same dependency graph. */
const SHARED_STORE_CRATES = `actix-session = { version = "0.11", features = ["redis-session"] }
anyhow = "1"
serde_json = "1"
sqlx = { version = "0.8", default-features = false, features = ["runtime-tokio", "tls-rustls", "postgres", "mysql", "sqlite"] }
`;

/** Sessions holding `needle`, counted in the backend itself. */
async function stored(store: Store, dir: string, url: string, needle: string): Promise<number> {
  switch (store) {
    case 'postgres':
      return (
        await pgQuery<{ n: number }>(
          url,
          'SELECT count(*)::int AS n FROM "session" WHERE position($1 in sess::text) > 0 AND expire > now()',
          [needle],
        )
      )[0].n;
    case 'mysql':
      return Number(
        (
          await mysqlQuery<{ n: number }>(
            url,
            'SELECT count(*) AS n FROM sessions WHERE LOCATE(?, data) > 0 AND expires > UNIX_TIMESTAMP()',
            [needle],
          )
        )[0].n,
      );
    case 'sqlite': {
      const { stdout } = await execa('sqlite3', [
        path.join(dir, 'sessions.sqlite'),
        `SELECT count(*) FROM sessions WHERE instr(sess, '${needle}') > 0`,
      ]);
      return Number(stdout.trim());
    }
    case 'redis': {
      const client = createClient({ url });
      await client.connect();
      try {
        const keys = await client.keys('*');
        const values = keys.length ? await client.mGet(keys) : [];
        return values.filter((v) => v?.includes(needle)).length;
      } finally {
        await client.quit();
      }
    }
  }
}

const CASES: { store: Store; service: ServiceName | null; env: (name: string) => Promise<Record<string, string>> }[] = [
  { store: 'postgres', service: 'postgres', env: async (n) => ({ DATABASE_URL: await freshPostgres(n) }) },
  { store: 'redis', service: 'redis', env: async () => ({ REDIS_URL: await freshRedis(14) }) },
  { store: 'sqlite', service: null, env: async () => ({}) },
  { store: 'mysql', service: 'mysql', env: async (n) => ({ DATABASE_URL: await freshMysql(n) }) },
];

const cargoSkip = await cargoStatus();
const dirs: string[] = [];
const apps: RunningApp[] = [];
afterAll(async () => {
  for (const app of apps) await app.stop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('actix-web end to end (actix-web-main, cargo build, real servers)', () => {
  for (const { store, service, env } of CASES) {
    it(
      `--store ${store}: set, read with the cookie, restart, read again, log out; asserted in the backend`,
      async (ctx) => {
        const skip = cargoSkip ?? (service ? await serviceStatus(service) : null);
        if (skip) return ctx.skip(skip);
        assertBuilt();
        const dir = copyFixture('actix-web-main');
        dirs.push(dir);
        const manifest = path.join(dir, 'Cargo.toml');
        writeFileSync(manifest, `${readFileSync(manifest, 'utf8')}${SHARED_STORE_CRATES}`);
        const added = await runCli(['add', '--yes', '--store', store], dir);
        expect(added.exitCode, `${added.stdout}\n${added.stderr}`).toBe(0);

        // Test routes that read the session, configured on the App like any service of the app.
        writeFileSync(path.join(dir, 'src/demo.rs'), DEMO);
        const main = path.join(dir, 'src/main.rs');
        const text = readFileSync(main, 'utf8');
        expect(text).toContain('.wrap(session::middleware(session_store.clone(), session_key.clone()))');
        writeFileSync(
          main,
          text
            .replace('mod session;\n', 'mod demo;\nmod session;\n')
            .replace('        App::new()\n', '        App::new()\n            .configure(demo::routes)\n'),
        );
        const urls = await env(`actix_${store}`);
        const dotEnv = path.join(dir, '.env');
        writeFileSync(
          dotEnv,
          `${readFileSync(dotEnv, 'utf8')}${Object.entries(urls)
            .map(([k, v]) => `${k}=${v}\n`)
            .join('')}`,
        );

        const started = Date.now();
        const build = await cargoAsync(['build', '--message-format', 'short'], dir);
        console.log(`cargo build actix-web-main --store ${store}: ${((Date.now() - started) / 1000).toFixed(1)}s`);
        expect(build.status, build.stderr).toBe(0);
        // Each store builds the same binary name in the shared target dir: run a copy of this one.
        const binary = path.join(dir, 'hello-actix');
        copyFileSync(path.join(CARGO_TARGET_DIR, 'debug', 'hello-actix'), binary);

        const app = await startApp(dir, { command: [binary], readyPath: '/', timeoutMs: 60_000 });
        apps.push(app);
        const client = new HttpClient(() => app.url);
        const needle = `v${Date.now().toString(36)}${store}`;
        const set = await client.request(`/set?value=${needle}`, { method: 'POST' });
        expect(set.status, app.output()).toBe(200);
        const cookie = client.lastSetCookie.join('\n');
        expect(cookie).toMatch(/HttpOnly/);
        expect(cookie).toMatch(/SameSite=Lax/);
        expect(cookie, 'debug builds serve plain HTTP: no Secure').not.toMatch(/Secure/);
        expect(cookie).toMatch(/Max-Age=|Expires=/);
        expect(await (await client.request('/get')).text()).toBe(needle);
        expect(await stored(store, dir, urls.DATABASE_URL ?? urls.REDIS_URL ?? '', needle)).toBe(1);

        await app.restart();
        expect(await (await client.request('/get')).text(), app.output()).toBe(needle);
        // A client without the cookie has no value.
        expect(await (await new HttpClient(() => app.url).request('/get')).text()).toBe('');

        expect((await client.request('/logout', { method: 'POST' })).status).toBe(200);
        expect(await stored(store, dir, urls.DATABASE_URL ?? urls.REDIS_URL ?? '', needle)).toBe(0);
        await app.stop();
      },
      30 * 60_000,
    );
  }
});
