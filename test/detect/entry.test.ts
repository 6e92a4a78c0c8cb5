import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/core/errors.js';
import { copyFixture, plan } from '../helpers/fixtures.js';

async function refusal(dir: string): Promise<UserError> {
  const error = await plan(dir, { store: 'memory' }).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UserError);
  return error as UserError;
}

describe('an entry file session-kit does not read', () => {
  it('over the size limit: named, with the limit', async () => {
    const dir = copyFixture('express4-cjs');
    writeFileSync(path.join(dir, 'app.js'), `// ${'x'.repeat(9 * 1024 * 1024)}\n`);
    const error = await refusal(dir);
    expect(error.message).toBe('app.js was not read: it is larger than 8 MB.');
    expect(error.where).toEqual({ file: 'app.js' });
    expect(error.hint).toContain('regular files up to 8 MB');
  });

  it('a FIFO: named, not waited on', async () => {
    const dir = copyFixture('express4-cjs');
    rmSync(path.join(dir, 'app.js'));
    execFileSync('mkfifo', [path.join(dir, 'app.js')]);
    const error = await refusal(dir);
    expect(error.message).toBe('app.js was not read: it is not a regular file (a device, FIFO or socket).');
  }, 10_000);
});
