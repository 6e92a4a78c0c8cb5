/**
 * V8's compiled code of a bundle, kept between runs. Compiling the bundle (the
 * parser above all) is most of what a run costs beyond Node's own start; with the
 * code V8 produced last time, a run skips it. One file per bundle and cache name, so
 * `add` and `check` each keep the functions they use. Bundle files carry a content
 * hash in their names and the cache file names carry the Node version and CPU, so
 * a cache never meets other code; V8 also rejects data from another V8 or other
 * flags, and the loader then writes a fresh one. Any failure here only costs speed.
 * SESSION_KIT_COMPILE_CACHE=0 (or Node's own NODE_DISABLE_COMPILE_CACHE) turns it off.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { cacheBaseDir } from '../core/cache-dir.js';

/** Caches not written for this long are removed when a new one is written. */
const STALE_MS = 30 * 24 * 60 * 60 * 1000;

export function codeCacheDir(): string | null {
  if (process.env.SESSION_KIT_COMPILE_CACHE === '0' || process.env.NODE_DISABLE_COMPILE_CACHE) return null;
  return path.join(cacheBaseDir(), 'compile');
}

/** The cache file for `bundleFile` under `name` (startup/cache-name.ts), or null when caching is off. */
export function codeCacheFile(bundleFile: string, name: string): string | null {
  const dir = codeCacheDir();
  if (dir === null) return null;
  const bundle = path.basename(bundleFile).replace(/\.c?js$/, '');
  return path.join(dir, `${bundle}.${name}.node-${process.version}-${process.arch}.v8cache`);
}

/**
 * The kept code, if it is safe to run: V8 checks that the data fits the source only
 * by its length, so a file that another user could have written (not ours, or
 * writable by group or others, as in a shared SESSION_KIT_CACHE_DIR) is ignored.
 */
export function readCodeCache(file: string): Buffer | undefined {
  try {
    const stat = statSync(file);
    if (process.getuid && stat.uid !== process.getuid()) return undefined;
    if ((stat.mode & 0o022) !== 0) return undefined;
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

/** Writes atomically (a reader sees the old file or the new one), then drops stale caches. */
export function writeCodeCache(file: string, data: Buffer): void {
  const dir = path.dirname(file);
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    // wx: never follow or reuse a file someone else put there.
    writeFileSync(temporary, data, { mode: 0o600, flag: 'wx' });
    renameSync(temporary, file);
  } catch {
    try {
      rmSync(temporary, { force: true });
    } catch {
      // The folder itself could not be made: there is no temporary file.
    }
    return;
  }
  pruneStale(dir, Date.now() - STALE_MS);
}

function pruneStale(dir: string, before: number): void {
  try {
    for (const name of readdirSync(dir)) {
      const file = path.join(dir, name);
      if (statSync(file).mtimeMs < before) rmSync(file, { force: true });
    }
  } catch {
    // Another run pruning at the same time, or a folder we may not list: nothing lost.
  }
}
