/**
 * Whether check's result cache (cache.ts) is used. On by default on developer
 * machines; off in CI (CI=true), where runs start cold and recording would only cost
 * time. SESSION_KIT_CACHE=1 or 0 decides explicitly. Apart from cache.ts so that a
 * run without the cache does not load it (node:crypto, the fs recorder).
 */
export function cacheEnabled(): boolean {
  const setting = process.env.SESSION_KIT_CACHE;
  if (setting === '0' || setting === '1') return setting === '1';
  return !process.env.CI || process.env.CI === 'false' || process.env.CI === '0';
}
