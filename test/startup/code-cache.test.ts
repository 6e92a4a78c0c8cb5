/** Where compiled code is kept, when it is not, and that writing it never fails a run. */
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { codeCacheDir, codeCacheFile, readCodeCache, writeCodeCache } from '../../src/startup/code-cache.js';

const saved = { ...process.env };
let base: string;

beforeEach(() => {
  base = mkdtempSync(path.join(os.tmpdir(), 'sk-code-cache-'));
  process.env.SESSION_KIT_CACHE_DIR = base;
  delete process.env.SESSION_KIT_COMPILE_CACHE;
  delete process.env.NODE_DISABLE_COMPILE_CACHE;
});

afterEach(() => {
  process.env = { ...saved };
});

describe('codeCacheFile', () => {
  it('names the bundle, the cache name, the Node version and the CPU, under the cache folder', () => {
    const file = codeCacheFile('/somewhere/dist/check-ABC123.cjs', 'check-rust');
    expect(file).toBe(
      path.join(base, 'compile', `check-ABC123.check-rust.node-${process.version}-${process.arch}.v8cache`),
    );
  });

  it('uses the per-user cache folder when none is set', () => {
    delete process.env.SESSION_KIT_CACHE_DIR;
    process.env.XDG_CACHE_HOME = path.join(base, 'xdg');
    expect(codeCacheDir()).toBe(path.join(base, 'xdg', 'session-kit', 'compile'));
  });

  it('is off with SESSION_KIT_COMPILE_CACHE=0 or NODE_DISABLE_COMPILE_CACHE', () => {
    process.env.SESSION_KIT_COMPILE_CACHE = '0';
    expect(codeCacheFile('/d/main-X.cjs', 'add')).toBeNull();
    delete process.env.SESSION_KIT_COMPILE_CACHE;
    process.env.NODE_DISABLE_COMPILE_CACHE = '1';
    expect(codeCacheFile('/d/main-X.cjs', 'add')).toBeNull();
  });
});

describe('writeCodeCache / readCodeCache', () => {
  it('writes the bytes in a private folder and reads them back; a missing file reads as undefined', () => {
    const file = codeCacheFile('/d/main-X.cjs', 'add') as string;
    expect(readCodeCache(file)).toBeUndefined();
    writeCodeCache(file, Buffer.from([1, 2, 3]));
    expect([...(readCodeCache(file) as Buffer)]).toEqual([1, 2, 3]);
    expect(readdirSync(path.dirname(file))).toEqual([path.basename(file)]);
    if (process.platform !== 'win32') expect(readFileSync(file).length).toBe(3);
  });

  it('ignores a cache that another user could have written (group- or world-writable, or not ours)', () => {
    const file = codeCacheFile('/d/main-X.cjs', 'add') as string;
    writeCodeCache(file, Buffer.from([1, 2, 3]));
    chmodSync(file, 0o666);
    expect(readCodeCache(file)).toBeUndefined();
    chmodSync(file, 0o644);
    expect([...(readCodeCache(file) as Buffer)]).toEqual([1, 2, 3]);
    // Ownership can only be handed to another user by root (as in CI containers).
    if (process.getuid?.() === 0) {
      chownSync(file, 4242, 4242);
      expect(readCodeCache(file)).toBeUndefined();
    }
  });

  it('does not throw when the folder cannot be created, and leaves no temporary file', () => {
    const blocker = path.join(base, 'not-a-folder');
    writeFileSync(blocker, 'x');
    process.env.SESSION_KIT_CACHE_DIR = blocker;
    const file = codeCacheFile('/d/main-X.cjs', 'add') as string;
    expect(() => writeCodeCache(file, Buffer.from([1]))).not.toThrow();
    expect(existsSync(file)).toBe(false);
  });

  it('removes caches not written for 30 days when it writes one, and keeps recent ones', () => {
    const dir = path.join(base, 'compile');
    const old = codeCacheFile('/d/main-OLD.cjs', 'add') as string;
    const recent = codeCacheFile('/d/main-RECENT.cjs', 'add') as string;
    writeCodeCache(old, Buffer.from([1]));
    writeCodeCache(recent, Buffer.from([2]));
    const fortyDaysAgo = (Date.now() - 40 * 24 * 3600 * 1000) / 1000;
    utimesSync(old, fortyDaysAgo, fortyDaysAgo);
    writeCodeCache(codeCacheFile('/d/main-NEW.cjs', 'add') as string, Buffer.from([3]));
    expect(readdirSync(dir).sort()).toEqual(
      [path.basename(codeCacheFile('/d/main-NEW.cjs', 'add') as string), path.basename(recent)].sort(),
    );
  });
});
