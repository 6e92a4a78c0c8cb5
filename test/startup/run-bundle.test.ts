/**
 * The bundle runner: a bundle runs with Node's wrapper parameters, and its compiled
 * code is written at exit when there was none.
 * Reuse across runs and damaged caches need fresh processes (V8 answers a source it
 * already compiled from its own in-process cache): test/commands/compile-cache.test.ts.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { codeCacheFile } from '../../src/startup/code-cache.js';
import { loadBundle } from '../../src/startup/run-bundle.js';

const saved = { ...process.env };
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'sk-run-bundle-'));
  process.env.SESSION_KIT_CACHE_DIR = path.join(dir, 'cache');
  delete process.env.SESSION_KIT_COMPILE_CACHE;
  delete process.env.NODE_DISABLE_COMPILE_CACHE;
});

afterEach(() => {
  process.env = { ...saved };
});

let unique = 0;
/** A bundle source no earlier test compiled in this process. */
const bundleSource = () => `// bundle ${++unique} ${Date.now()}
(function (exports, require, module, __filename, __dirname) {
const path = require('node:path');
module.exports.main = async function main(argv) {
  const url = require('node:url');
  globalThis.__bundleRun = { argv, file: path.basename(__filename), dir: __dirname, hasUrl: typeof url.pathToFileURL, self: this === undefined };
};
})`;

/** Runs loadBundle and returns the exit listener it registered to keep the compiled code, if any. */
function load(file: string, name: string) {
  const before = process.listeners('exit');
  const bundle = loadBundle(file, name);
  const added = process.listeners('exit').filter((l) => !before.includes(l));
  for (const listener of added) process.removeListener('exit', listener);
  return { bundle, keepCode: added[0] as (() => void) | undefined };
}

describe('loadBundle', () => {
  it('runs the bundle with exports, require, module, __filename and __dirname', async () => {
    const file = path.join(dir, 'main-T1.cjs');
    writeFileSync(file, bundleSource());
    const { bundle } = load(file, 'add');
    await bundle.main(['add', '--yes']);
    expect((globalThis as Record<string, unknown>).__bundleRun).toEqual({
      argv: ['add', '--yes'],
      file: 'main-T1.cjs',
      dir,
      hasUrl: 'function',
      self: false,
    });
  });

  it('writes the compiled code at exit when there was none', () => {
    const file = path.join(dir, 'main-T2.cjs');
    writeFileSync(file, bundleSource());
    const first = load(file, 'add');
    expect(first.keepCode).toBeTypeOf('function');
    first.keepCode?.();
    const cache = codeCacheFile(file, 'add') as string;
    expect(readFileSync(cache).length).toBeGreaterThan(0);
  });

  it('keeps nothing when the compile cache is off', () => {
    process.env.SESSION_KIT_COMPILE_CACHE = '0';
    const file = path.join(dir, 'main-T4.cjs');
    writeFileSync(file, bundleSource());
    expect(load(file, 'add').keepCode).toBeUndefined();
  });
});
