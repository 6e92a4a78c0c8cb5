import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { planRemove } from '../../src/remove/plan.js';
import { addWithoutInstall, copyFixture } from '../helpers/fixtures.js';

describe('remove --dry-run in a project with a symlink loop', () => {
  it('ends, and still plans the removal', async () => {
    const dir = copyFixture('express4-cjs');
    await addWithoutInstall(dir, { store: 'memory' });
    mkdirSync(path.join(dir, 'lib'));
    writeFileSync(path.join(dir, 'lib/util.js'), 'module.exports = 1;\n');
    symlinkSync('../lib', path.join(dir, 'lib/x'));
    symlinkSync('/dev/zero', path.join(dir, 'lib/zero.js'));
    const result = await planRemove(dir);
    expect(result.plan.files.map((f) => f.path)).toContain('session.js');
  }, 20_000);
});
