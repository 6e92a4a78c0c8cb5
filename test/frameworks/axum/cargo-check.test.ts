/**
 * After `add`, every axum fixture compiles against the real crates from crates.io,
 * for every store, without a warning in the app's own files. All runs share one
 * CARGO_TARGET_DIR (and the fixtures' Cargo.lock pins the same axum and tokio), so
 * only the first run of each store pays for its dependency graph.
 */
import { rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { STORE_IDS } from '../../../src/stores/types.js';
import { addWithoutInstall, copyFixture } from '../../helpers/fixtures.js';
import { cargoStatus } from '../pavex/cargo.js';
import { cargoAsync } from './cargo-async.js';

const skip = await cargoStatus();

// axum 0.7 brings its own axum/tower-sessions stack: one store per crate line (memory in
// tower-sessions, postgres for the sqlx store, redis) keeps its cold build to a few minutes.
const CASES = [
  ...['axum-main', 'axum-module'].flatMap((fixture) => STORE_IDS.map((store) => ({ fixture, store }))),
  ...(['memory', 'postgres', 'redis'] as const).map((store) => ({ fixture: 'axum07-main', store })),
  // The app's own PgPool handed to the store: same sqlx 0.8 types, or it would not compile.
  { fixture: 'axum-pool', store: 'postgres' },
  // The app's own fred Pool handed to the Redis store: the same fred 10 as the store crate.
  { fixture: 'axum-fred', store: 'redis' },
];

describe('cargo check after add (axum)', () => {
  if (skip) {
    it.skip(`skipped: ${skip}`, () => {});
    return;
  }
  it.each(CASES)(
    '$fixture --store $store compiles without warnings',
    async ({ fixture, store }) => {
      const dir = copyFixture(fixture);
      await addWithoutInstall(dir, { store });
      const started = Date.now();
      const result = await cargoAsync(['check', '--message-format', 'short'], dir);
      console.log(`cargo check ${fixture} --store ${store}: ${((Date.now() - started) / 1000).toFixed(1)}s`);
      expect(result.status, `${result.stderr}`).toBe(0);
      expect(result.stderr.split('\n').filter((l) => /^src\/\S+: warning/.test(l))).toEqual([]);
      rmSync(dir, { recursive: true, force: true });
    },
    20 * 60_000,
  );
});
