/**
 * `pavex = "0.2"` is a caret requirement: cargo resolves it to the newest 0.2.x, so
 * without a Cargo.lock it is treated as the range it is, not as version "0.2"; a full
 * version stays the app's declared floor; with a Cargo.lock the locked version decides.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { NEWEST_PAVEX_0_2, resolvedRequirement } from '../../../src/frameworks/pavex/detect.js';
import { copyFixture, plan } from '../../helpers/fixtures.js';

function withRequirement(requirement: string, keepLock: boolean): string {
  const dir = copyFixture('pavex-new');
  const manifest = path.join(dir, 'app/Cargo.toml');
  writeFileSync(
    manifest,
    readFileSync(manifest, 'utf8').replace(/version = "0\.2\.10"/g, `version = "${requirement}"`),
  );
  if (!keepLock) rmSync(path.join(dir, 'Cargo.lock'));
  return dir;
}

describe('pavex requirements are ranges', () => {
  it.each([
    ['0.2', NEWEST_PAVEX_0_2],
    ['^0.2', NEWEST_PAVEX_0_2],
    ['^0.2.1', '0.2.1'],
    ['~0.2', NEWEST_PAVEX_0_2],
    ['0.2.4', '0.2.4'],
    ['=0.2.4', '0.2.4'],
    ['0.1.80', '0.1.80'],
  ])('%s resolves to %s', (requirement, version) => {
    expect(resolvedRequirement(requirement)).toBe(version);
  });

  it('an app declaring pavex = "0.2" without a Cargo.lock is set up, for stores that start at 0.2.1 and 0.2.7', async () => {
    for (const store of ['postgres', 'redis']) {
      const result = await plan(withRequirement('0.2', false), { store });
      expect(result.files.some((f) => f.path === 'app/Cargo.toml' && f.after?.includes('pavex_session'))).toBe(true);
    }
  });

  it('with a Cargo.lock, the locked version still decides', async () => {
    const dir = withRequirement('0.2', true);
    const lock = path.join(dir, 'Cargo.lock');
    writeFileSync(
      lock,
      readFileSync(lock, 'utf8').replace(/name = "pavex"\nversion = "0\.2\.10"/, 'name = "pavex"\nversion = "0.2.6"'),
    );
    await expect(plan(dir, { store: 'postgres' })).rejects.toThrow(
      'pavex_session_sqlx was never published for pavex 0.2.6',
    );
  });
});
