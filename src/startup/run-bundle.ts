/**
 * Runs one of the CLI's CommonJS bundles (scripts/build.mjs) as a vm.Script, so V8
 * can hand back the code it compiled on an earlier run (code-cache.ts) instead of
 * compiling the bundle again. A bundle file is one function expression taking
 * Node's CommonJS wrapper parameters.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';
import { codeCacheFile, readCodeCache, writeCodeCache } from './code-cache.js';

/** What every bundle exports. */
export interface Bundle {
  main(argv: string[]): Promise<void>;
}

type Wrapper = (this: unknown, ...args: unknown[]) => void;

/** Loads `file` with the compiled code kept under `cacheName`, and keeps it when there was none. */
export function loadBundle(file: string, cacheName: string): Bundle {
  const source = readFileSync(file, 'utf8');
  const cacheFile = codeCacheFile(file, cacheName);
  const cachedData = cacheFile === null ? undefined : readCodeCache(cacheFile);
  const script = new vm.Script(source, { filename: file, cachedData });
  if (cacheFile !== null && (cachedData === undefined || script.cachedDataRejected)) {
    // At exit, so the cache holds every function this command compiled, not only the top level.
    process.once('exit', () => writeCodeCache(cacheFile, script.createCachedData()));
  }
  const wrapper = script.runInThisContext() as Wrapper;
  const module = { exports: {} as Bundle };
  wrapper.call(module.exports, module.exports, createRequire(file), module, file, path.dirname(file));
  return module.exports;
}
