/**
 * Where session-kit keeps what it may reuse between runs (check results, compiled
 * code): a per-user folder, so nothing another user wrote is ever loaded.
 * SESSION_KIT_CACHE_DIR moves it.
 */
import os from 'node:os';
import path from 'node:path';

export function cacheBaseDir(): string {
  if (process.env.SESSION_KIT_CACHE_DIR) return process.env.SESSION_KIT_CACHE_DIR;
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'session-kit');
}
