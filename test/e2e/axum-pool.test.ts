/**
 * axum end to end with the app's own pool: axum-pool builds a PgPool in main and keeps
 * it in the router state; `add --store postgres` hands that pool to the session store
 * (no second pool, no DATABASE_URL of the session module's own). axum-fred does the same
 * with a fred Pool and `--store redis` (no REDIS_URL of its own). The app is built and
 * run on real PostgreSQL; a value is set over HTTP, read with the cookie, read again
 * after a restart, and the row is asserted in the database the app's pool uses; the
 * app's own route keeps working on the same pool. Outside CI a missing cargo or server
 * skips with the reason; with CI=true it fails.
 */
import { copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { assertBuilt, HttpClient, runCli, startApp, type RunningApp } from '../helpers/app-runner.js';
import { createClient } from 'redis';
import { freshPostgres, freshRedis, pgQuery } from '../helpers/databases.js';
import { copyFixture } from '../helpers/fixtures.js';
import { serviceStatus } from '../helpers/services.js';
import { CARGO_TARGET_DIR, cargoStatus } from '../frameworks/pavex/cargo.js';
import { cargoAsync } from '../frameworks/axum/cargo-async.js';

const DEMO = `use std::collections::HashMap;

use axum::{extract::Query, routing::{get, post}, Router};
use tower_sessions::Session;

pub fn routes<S: Clone + Send + Sync + 'static>() -> Router<S> {
    Router::new()
        .route("/set", post(set))
        .route("/get", get(read))
}

async fn set(session: Session, Query(q): Query<HashMap<String, String>>) -> &'static str {
    let value = q.get("value").cloned().unwrap_or_default();
    session.insert("value", value).await.expect("session insert");
    "ok"
}

async fn read(session: Session) -> String {
    session.get::<String>("value").await.expect("session get").unwrap_or_default()
}
`;

const cargoSkip = await cargoStatus();
const dirs: string[] = [];
const apps: RunningApp[] = [];
afterAll(async () => {
  for (const app of apps) await app.stop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('axum end to end with the app’s own PgPool (axum-pool, cargo build, PostgreSQL)', () => {
  it(
    '--store postgres shares the pool: set, read, restart, read again; the row is in the app’s database',
    async (ctx) => {
      const skip = cargoSkip ?? (await serviceStatus('postgres'));
      if (skip) return ctx.skip(skip);
      assertBuilt();
      const dir = copyFixture('axum-pool');
      dirs.push(dir);
      const added = await runCli(['add', '--yes', '--store', 'postgres'], dir);
      expect(added.exitCode, `${added.stdout}\n${added.stderr}`).toBe(0);
      const main = path.join(dir, 'src/main.rs');
      const text = readFileSync(main, 'utf8');
      expect(text).toContain('session::init(pool.clone()).await;');
      expect(readFileSync(path.join(dir, '.env'), 'utf8')).not.toMatch(/DATABASE_URL/);

      writeFileSync(path.join(dir, 'src/demo.rs'), DEMO);
      writeFileSync(
        main,
        text
          .replace('mod session;\n', 'mod demo;\nmod session;\n')
          .replace('let app = Router::new()\n', 'let app = Router::new()\n        .merge(demo::routes())\n'),
      );
      const url = await freshPostgres('axum_pool');

      const build = await cargoAsync(['build', '--message-format', 'short'], dir);
      expect(build.status, build.stderr).toBe(0);
      const binary = path.join(dir, 'notes-axum');
      copyFileSync(path.join(CARGO_TARGET_DIR, 'debug', 'notes-axum'), binary);

      // The app reads DATABASE_URL itself before the session module loads .env: it comes from the environment.
      const app = await startApp(dir, {
        command: [binary],
        readyPath: '/count',
        timeoutMs: 60_000,
        env: { DATABASE_URL: url },
      });
      apps.push(app);
      const client = new HttpClient(() => app.url);
      const needle = `v${Date.now().toString(36)}pool`;
      expect((await client.request(`/set?value=${needle}`, { method: 'POST' })).status, app.output()).toBe(200);
      expect(await (await client.request('/get')).text()).toBe(needle);
      const rows = async () =>
        (
          await pgQuery<{ n: number }>(
            url,
            "SELECT count(*)::int AS n FROM tower_sessions.session WHERE position(convert_to($1, 'UTF8') in data) > 0",
            [needle],
          )
        )[0].n;
      expect(await rows()).toBe(1);
      // The app's own route still answers on the pool it now shares.
      expect(await (await client.request('/count')).text()).toBe('1');

      await app.restart();
      expect(await (await client.request('/get')).text(), app.output()).toBe(needle);
      await app.stop();
    },
    30 * 60_000,
  );
});

describe('axum end to end with the app’s own fred Pool (axum-fred, cargo build, Redis)', () => {
  it(
    '--store redis shares the pool: set, read, restart, read again; the key is in the app’s Redis database',
    async (ctx) => {
      const skip = cargoSkip ?? (await serviceStatus('redis'));
      if (skip) return ctx.skip(skip);
      assertBuilt();
      const dir = copyFixture('axum-fred');
      dirs.push(dir);
      const added = await runCli(['add', '--yes', '--store', 'redis'], dir);
      expect(added.exitCode, `${added.stdout}\n${added.stderr}`).toBe(0);
      const main = path.join(dir, 'src/main.rs');
      const text = readFileSync(main, 'utf8');
      expect(text).toContain('session::init(cache.clone()).await;');
      expect(readFileSync(path.join(dir, '.env'), 'utf8')).not.toMatch(/REDIS_URL/);

      writeFileSync(path.join(dir, 'src/demo.rs'), DEMO);
      writeFileSync(
        main,
        text
          .replace('mod session;\n', 'mod demo;\nmod session;\n')
          .replace('let app = Router::new()\n', 'let app = Router::new()\n        .merge(demo::routes())\n'),
      );
      const url = await freshRedis(12);

      const build = await cargoAsync(['build', '--message-format', 'short'], dir);
      expect(build.status, build.stderr).toBe(0);
      const binary = path.join(dir, 'cache-axum');
      copyFileSync(path.join(CARGO_TARGET_DIR, 'debug', 'cache-axum'), binary);

      const app = await startApp(dir, {
        command: [binary],
        readyPath: '/hits',
        timeoutMs: 60_000,
        env: { CACHE_URL: url },
      });
      apps.push(app);
      const client = new HttpClient(() => app.url);
      const needle = `v${Date.now().toString(36)}fred`;
      expect((await client.request(`/set?value=${needle}`, { method: 'POST' })).status, app.output()).toBe(200);
      expect(await (await client.request('/get')).text()).toBe(needle);
      const redis = createClient({ url });
      await redis.connect();
      try {
        const keys = (await redis.keys('*')).filter((k) => k !== 'hits');
        const values = keys.length ? await redis.mGet(keys) : [];
        expect(values.filter((v) => v?.includes(needle)).length, 'the session is in the app’s own Redis database').toBe(
          1,
        );
      } finally {
        await redis.quit();
      }
      // The app's own route still answers on the pool it now shares.
      expect(Number(await (await client.request('/hits')).text())).toBeGreaterThan(0);

      await app.restart();
      expect(await (await client.request('/get')).text(), app.output()).toBe(needle);
      await app.stop();
    },
    30 * 60_000,
  );
});
