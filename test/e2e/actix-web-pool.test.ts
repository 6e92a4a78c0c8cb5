/**
 * actix-web end to end with the app's own pool: actix-web-pool builds a PgPool in main
 * and keeps it in `web::Data`; `add --store postgres` hands a clone of that pool to the
 * generated store (`session_store::from_pool`, no second pool, no DATABASE_URL of the
 * session's own). The app is built and run on real PostgreSQL; a value is set over
 * HTTP, read with the cookie, read again after a restart, and the row is asserted in
 * the database the app's pool uses; logging out deletes it; the app's own route keeps
 * working on the same pool. Outside CI a missing cargo or server skips with the reason;
 * with CI=true it fails.
 */
import { copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { assertBuilt, HttpClient, runCli, startApp, type RunningApp } from '../helpers/app-runner.js';
import { freshPostgres, pgQuery } from '../helpers/databases.js';
import { copyFixture } from '../helpers/fixtures.js';
import { serviceStatus } from '../helpers/services.js';
import { CARGO_TARGET_DIR, cargoStatus } from '../frameworks/pavex/cargo.js';
import { cargoAsync } from '../frameworks/axum/cargo-async.js';

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

const cargoSkip = await cargoStatus();
const dirs: string[] = [];
const apps: RunningApp[] = [];
afterAll(async () => {
  for (const app of apps) await app.stop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('actix-web end to end with the app’s own PgPool (actix-web-pool, cargo build, PostgreSQL)', () => {
  it(
    '--store postgres shares the pool: set, read, restart, read again, log out; the row is in the app’s database',
    async (ctx) => {
      const skip = cargoSkip ?? (await serviceStatus('postgres'));
      if (skip) return ctx.skip(skip);
      assertBuilt();
      const dir = copyFixture('actix-web-pool');
      dirs.push(dir);
      const added = await runCli(['add', '--yes', '--store', 'postgres'], dir);
      expect(added.exitCode, `${added.stdout}\n${added.stderr}`).toBe(0);
      const main = path.join(dir, 'src/main.rs');
      const text = readFileSync(main, 'utf8');
      expect(text).toContain('let session_store = session_store::from_pool(pool.clone()).await?;');
      expect(readFileSync(path.join(dir, '.env'), 'utf8')).not.toMatch(/DATABASE_URL/);

      writeFileSync(path.join(dir, 'src/demo.rs'), DEMO);
      writeFileSync(
        main,
        text
          .replace('mod session;\n', 'mod demo;\nmod session;\n')
          .replace('        App::new()\n', '        App::new()\n            .configure(demo::routes)\n'),
      );
      const url = await freshPostgres('actix_pool');

      const build = await cargoAsync(['build', '--message-format', 'short'], dir);
      expect(build.status, build.stderr).toBe(0);
      const binary = path.join(dir, 'notes-actix');
      copyFileSync(path.join(CARGO_TARGET_DIR, 'debug', 'notes-actix'), binary);

      // The app reads DATABASE_URL itself (session::key() loads .env later): it comes from the environment.
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
            'SELECT count(*)::int AS n FROM "session" WHERE position($1 in sess::text) > 0 AND expire > now()',
            [needle],
          )
        )[0].n;
      expect(await rows()).toBe(1);
      // The app's own route still answers on the pool it now shares.
      expect(await (await client.request('/count')).text()).toBe('1');

      await app.restart();
      expect(await (await client.request('/get')).text(), app.output()).toBe(needle);
      expect((await client.request('/logout', { method: 'POST' })).status).toBe(200);
      expect(await rows()).toBe(0);
      await app.stop();
    },
    30 * 60_000,
  );
});
