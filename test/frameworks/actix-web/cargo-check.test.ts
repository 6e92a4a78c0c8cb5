/**
 * After `add`, every actix-web fixture compiles against the real crates from crates.io,
 * for every store, without a warning in the app's own files. All runs share one
 * CARGO_TARGET_DIR and the fixtures' Cargo.lock pins the same actix-web, so the cases
 * run store by store: each store's dependency set (actix-session with or without its
 * Redis feature, sqlx per backend) is built once, and the fixtures after the first
 * check only their own crate. The cases are every input/expected pair of the
 * actix-web fixtures, actix-web-pool (a PgPool of the app's own, shared by the postgres
 * store through `from_pool`) included.
 */
import { rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { addWithoutInstall, copyFixture } from '../../helpers/fixtures.js';
import { fixturePairs } from '../../helpers/fixture-pairs.js';
import { cargoStatus } from '../pavex/cargo.js';
import { cargoAsync } from '../axum/cargo-async.js';

const skip = await cargoStatus();

// Every input/expected pair of the actix-web fixtures, store by store: each dependency set is built once.
const STORES = ['redis', 'postgres', 'memory', 'mysql', 'sqlite'];
const CASES = fixturePairs('actix-web-').sort((a, b) => STORES.indexOf(a.store) - STORES.indexOf(b.store));

describe('cargo check after add (actix-web)', () => {
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
    30 * 60_000,
  );
});
