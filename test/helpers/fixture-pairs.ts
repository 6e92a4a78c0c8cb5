/**
 * The input/expected pairs of the fixtures whose name starts with a prefix: every
 * `test/fixtures/<name>/expected/<store>/` as `{ fixture, store }`, so that a suite
 * that compiles add's results (cargo check) covers every pair the pairs test checks.
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { StoreId } from '../../src/stores/types.js';
import { FIXTURES } from './fixtures.js';

export function fixturePairs(prefix: string): { fixture: string; store: StoreId }[] {
  const pairs: { fixture: string; store: StoreId }[] = [];
  for (const fixture of readdirSync(FIXTURES).sort()) {
    const expected = path.join(FIXTURES, fixture, 'expected');
    if (!fixture.startsWith(prefix) || !existsSync(path.join(FIXTURES, fixture, 'input')) || !existsSync(expected))
      continue;
    for (const store of readdirSync(expected).sort()) pairs.push({ fixture, store: store as StoreId });
  }
  return pairs;
}
