/**
 * The configuration `add` writes really loads: test/pavex-config-loader reads the
 * edited configuration/ folder and the generated .env the way a Pavex server does
 * (dotenvy, then pavex::config::ConfigLoader: figment, PX_ prefix, `__` separator)
 * into pavex_session's SessionConfig and the cookie ProcessorConfig, and checks
 * that the session cookie's crypto rule carries the key from the environment.
 */
import path from 'node:path';
import { rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cargo, cargoStatus } from './cargo.js';
import { copyFixture, planAdd, REPO, writePlan } from './harness.js';

const skip = await cargoStatus();
const MANIFEST = path.join(REPO, 'test/pavex-config-loader/Cargo.toml');

function keyOf(plan: Awaited<ReturnType<typeof planAdd>>): string {
  const value = plan.env.find((e) => e.key === 'PX_COOKIES__CRYPTO_RULES')?.value ?? '';
  return /key="([^"]+)"/.exec(value)?.[1] ?? '';
}

describe('configuration loads as Pavex loads it', () => {
  if (skip) {
    it.skip(`skipped: ${skip}`, () => {});
    return;
  }

  it.each([
    {
      fixture: 'pavex-new',
      store: 'postgres' as const,
      profile: 'dev',
      database: 'postgres://postgres@127.0.0.1:5432/app',
      redis: null,
    },
    { fixture: 'pavex-new', store: 'redis' as const, profile: 'prod', database: null, redis: 'redis://127.0.0.1:6379' },
    { fixture: 'pavex-custom', store: 'memory' as const, profile: 'dev', database: null, redis: null },
  ])(
    '$fixture --store $store ($profile profile)',
    async ({ fixture, store, profile, database, redis }) => {
      const dir = copyFixture(fixture);
      const plan = await planAdd(dir, store);
      writePlan(dir, plan);
      const key = keyOf(plan);
      expect(key.length).toBeGreaterThanOrEqual(32);
      const run = cargo(['run', '--quiet', '--manifest-path', MANIFEST, '--', dir, profile], dir, {
        EXPECTED_COOKIE_KEY: key,
      });
      expect(run.status, run.stderr).toBe(0);
      const loaded = JSON.parse(run.stdout.trim().split('\n').pop() ?? '{}');
      expect(loaded).toMatchObject({
        cookie_name: 'id',
        ttl_seconds: 24 * 3600,
        rules: 1,
        encrypted: true,
        percent_encode: true,
        database_url: database,
        redis_url: redis,
      });
      rmSync(dir, { recursive: true, force: true });
    },
    20 * 60_000,
  );

  it(
    'fails to load when the environment carries a different key (the assertion is real)',
    async () => {
      const dir = copyFixture('pavex-new');
      writePlan(dir, await planAdd(dir, 'memory'));
      const run = cargo(['run', '--quiet', '--manifest-path', MANIFEST, '--', dir], dir, {
        EXPECTED_COOKIE_KEY: 'x'.repeat(64),
      });
      expect(run.status).not.toBe(0);
      expect(run.stderr).toContain('not the one from the environment');
      rmSync(dir, { recursive: true, force: true });
    },
    20 * 60_000,
  );
});
