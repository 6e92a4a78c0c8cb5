/** Packages outside the bundle are imported through the loader's import() when it gives one. */
import { afterEach, describe, expect, it } from 'vitest';
import { importExternal } from '../../src/core/external-import.js';

const scope = globalThis as { __sessionKitImport?: (specifier: string) => Promise<unknown> };
afterEach(() => {
  delete scope.__sessionKitImport;
});

describe('importExternal', () => {
  it('uses its own import() when run from source', async () => {
    const mod = await importExternal<typeof import('node:path')>('node:path');
    expect(mod.join('a', 'b')).toBe('a/b');
  });

  it('uses the import() the bundle loader provides', async () => {
    const asked: string[] = [];
    scope.__sessionKitImport = async (specifier) => {
      asked.push(specifier);
      return { from: 'loader' };
    };
    expect(await importExternal('web-tree-sitter')).toEqual({ from: 'loader' });
    expect(asked).toEqual(['web-tree-sitter']);
  });
});
