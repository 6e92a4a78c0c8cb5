/**
 * After `add`, the app crate compiles against the real crates from crates.io,
 * for every store (pavex-new) and for the reuse path of pavex-custom.
 * All runs share one CARGO_TARGET_DIR, so only the first pays for the
 * dependency graph.
 */
import { rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { StoreId } from '../../../src/stores/types.js';
import { cargo, cargoStatus } from './cargo.js';
import { copyFixture, planAdd, STORE_LIST, useWorkspaceDependencies, writePlan } from './harness.js';

const skip = await cargoStatus();

const CASES: { fixture: string; crate: string; store: StoreId; prepare?: (dir: string) => void }[] = [
  ...STORE_LIST.map((store) => ({ fixture: 'pavex-new', crate: 'app', store })),
  { fixture: 'pavex-custom', crate: 'api', store: 'postgres' },
  { fixture: 'pavex-custom', crate: 'api', store: 'mysql' },
  { fixture: 'pavex-new (workspace dependencies)', crate: 'app', store: 'postgres', prepare: useWorkspaceDependencies },
];

describe('cargo check after add', () => {
  if (skip) {
    it.skip(`skipped: ${skip}`, () => {});
    return;
  }
  it.each(CASES)(
    '$fixture --store $store compiles',
    async ({ fixture, crate, store, prepare }) => {
      const dir = copyFixture(fixture.split(' ')[0]);
      prepare?.(dir);
      writePlan(dir, await planAdd(dir, store));
      const started = Date.now();
      const result = cargo(['check', '-p', crate, '--message-format', 'short'], dir);
      console.log(`cargo check ${fixture} --store ${store}: ${((Date.now() - started) / 1000).toFixed(1)}s`);
      expect(result.status, `${result.stderr}`).toBe(0);
      rmSync(dir, { recursive: true, force: true });
    },
    20 * 60_000,
  );
});
