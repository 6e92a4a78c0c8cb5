/**
 * The Pavex fixtures are planned, verified and checked by the quick Rust parser
 * alone: tree-sitter's wasm (about a fifth of a Pavex run's time) never starts.
 * Here loading tree-sitter fails, so a file the quick parser declined would fail the run.
 */
import { rmSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { runChecks } from '../../../src/check/run.js';
import { addWithoutInstall } from '../../helpers/fixtures.js';
import { copyFixture, planAdd, STORE_LIST } from './harness.js';

vi.mock('../../../src/edit/rust/parse.js', () => ({
  parseRust: () => {
    throw new Error('tree-sitter was started');
  },
}));

describe.each(['pavex-new', 'pavex-custom'])('%s without tree-sitter', (fixture) => {
  it.each(STORE_LIST)('add --store %s plans and verifies', async (store) => {
    const dir = copyFixture(fixture);
    const plan = await planAdd(dir, store);
    expect(plan.files.some((f) => f.path.endsWith('blueprint.rs'))).toBe(true);
    rmSync(dir, { recursive: true, force: true });
  });

  it.each(STORE_LIST)('check on the app add --store %s made', async (store) => {
    const dir = copyFixture(fixture);
    await addWithoutInstall(dir, { store });
    const report = await runChecks(dir, [], false);
    expect(report.projects.map((p) => [p.status, p.findings])).toEqual([['checked', []]]);
    rmSync(dir, { recursive: true, force: true });
  });
});
