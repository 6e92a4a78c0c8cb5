/**
 * After `add`, every axum fixture compiles against the real crates from crates.io,
 * for every store, without a warning in the app's own files. All runs share one
 * CARGO_TARGET_DIR (and the fixtures' Cargo.lock pins the same axum and tokio), so
 * only the first run of each store pays for its dependency graph.
 */
import { rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { addWithoutInstall, copyFixture } from '../../helpers/fixtures.js';
import { fixturePairs } from '../../helpers/fixture-pairs.js';
import { cargoStatus } from '../pavex/cargo.js';
import { cargoAsync } from './cargo-async.js';

const skip = await cargoStatus();

// Every input/expected pair of the axum fixtures: axum-main and axum-module, axum07-main
// (axum 0.7: its own tower-sessions line), axum-pool (the app's own PgPool, same sqlx 0.8
// types) and axum-fred (the app's own fred Pool), each for the stores it has outputs for.
const CASES = fixturePairs('axum');

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
