/**
 * Imports a package that stays outside the bundle (EXTERNAL in scripts/build.mjs,
 * empty at present). The built CLI runs its bundle as a compiled script
 * (startup/run-bundle.ts), where a bare import() has no module to resolve from; the
 * loader therefore hands the bundle an import() of its own, under the name below.
 * From source (tests), the module's own import() is used.
 */
declare const __sessionKitImport: ((specifier: string) => Promise<unknown>) | undefined;

export function importExternal<T>(specifier: string): Promise<T> {
  if (typeof __sessionKitImport === 'function') return __sessionKitImport(specifier) as Promise<T>;
  return import(specifier) as Promise<T>;
}
