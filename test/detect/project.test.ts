import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/core/errors.js';
import { listFiles, copyFixture, plan } from '../helpers/fixtures.js';

describe('a directory where add needs a file', () => {
  it.each(['.env', '.gitignore', '.env.example', 'session.js', '.session-kit.json'])(
    '%s: refused with its path, nothing written',
    async (name) => {
      const dir = copyFixture('express4-cjs');
      mkdirSync(path.join(dir, name));
      writeFileSync(path.join(dir, name, 'inside'), 'x\n');
      const before = listFiles(dir);
      const error = await plan(dir, { store: 'memory' }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(UserError);
      expect((error as UserError).message).toBe(
        `${name} cannot be used: it is a directory, where session-kit needs a file of that name.`,
      );
      expect((error as UserError).where).toEqual({ file: name });
      expect((error as UserError).code).toBe('not-a-file');
      expect(listFiles(dir)).toEqual(before);
    },
  );
});
