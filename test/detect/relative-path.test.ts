/** cleanRelative spells a path as path.posix.normalize does (backslashes as slashes, no leading `./`). */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanRelative } from '../../src/detect/relative-path.js';

const reference = (rel: string) => path.posix.normalize(rel.replace(/\\/g, '/')).replace(/^\.\//, '');

describe('cleanRelative', () => {
  it.each([
    ['src/server.ts', 'src/server.ts'],
    ['./src/server.ts', 'src/server.ts'],
    ['src//a/../b.js', 'src/b.js'],
    ['dist\\server.js', 'dist/server.js'],
    ['../outside.js', '../outside.js'],
    ['', '.'],
    ['.', '.'],
    ['a/.', 'a'],
    ['a/', 'a/'],
    ['.env', '.env'],
    ['a/..b/c', 'a/..b/c'],
  ])('%j is %j', (input, expected) => {
    expect(cleanRelative(input)).toBe(expected);
    expect(cleanRelative(input)).toBe(reference(input));
  });

  it('agrees with path.posix.normalize on 20,000 random paths', () => {
    let seed = 7;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const parts = ['a', 'b.ts', '.', '..', '/', '\\', '.x', 'x.', '//'];
    for (let n = 0; n < 20_000; n++) {
      const length = Math.floor(next() * 7);
      let rel = '';
      for (let i = 0; i < length; i++) rel += parts[Math.floor(next() * parts.length)];
      expect(cleanRelative(rel), JSON.stringify(rel)).toBe(reference(rel));
    }
  });
});
